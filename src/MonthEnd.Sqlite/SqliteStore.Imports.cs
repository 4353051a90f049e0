using MonthEnd.Core.Posting;
using MonthEnd.Core.Storage;
using MonthEnd.Sqlite.SourceRows;

namespace MonthEnd.Sqlite;

public sealed partial class SqliteStore : ISourceImports
{
    public Task<ISourceLoad> OpenLoadAsync(SourceKind kind, CancellationToken ct) =>
        Task.FromResult<ISourceLoad>(new SourceLoad(Database.Open(), WriteGate, kind));
}
