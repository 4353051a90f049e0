using MonthEnd.Core.Posting;
using MonthEnd.Core.Storage;
using MonthEnd.Postgres.SourceRows;

namespace MonthEnd.Postgres;

public sealed partial class PostgresStore : ISourceImports
{
    /// <summary>
    /// On a connection of its own, held for the whole import and not retried: the load table lives in
    /// its session, so a lost connection ends the import with nothing written (the table goes with it).
    /// </summary>
    public async Task<ISourceLoad> OpenLoadAsync(SourceKind kind, CancellationToken ct) =>
        await SourceLoad.OpenAsync(await OpenAsync(ct), kind, ct);
}
