using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Storage;

namespace MonthEnd.Store.Tests.Contract;

/// <summary>
/// What the contract suite needs to know about one store: how to make an empty database and how to
/// reach into it with plain SQL (to tamper with staging or the source the way a fault or a careless
/// hand would). Every store gets one small implementation; the contracts stay the same.
/// </summary>
public interface IStoreTarget : IAsyncDisposable
{
    /// <summary>A store over a new, empty, migrated database.</summary>
    Task<IMonthEndStore> CreateStoreAsync();

    /// <summary>Another store over the database <see cref="CreateStoreAsync"/> made, as another process would open it.</summary>
    IMonthEndStore OpenStore();

    /// <summary>Runs SQL on the main database (source, ledger and control tables have the same names everywhere).</summary>
    Task ExecuteAsync(string sql, object? args = null);

    Task<long> CountAsync(string sql, object? args = null);

    /// <summary>Rows of a query on the main database, each as its values by position (as the driver hands them over).</summary>
    Task<IReadOnlyList<object?[]>> RowsAsync(string sql, object? args = null);

    /// <summary>An SQL expression for a money column in whole sen (SQLite stores sen, PostgreSQL 123.45).</summary>
    string InSen(string column);

    /// <summary>Runs SQL on one partition's staging tables; the SQL names them {header} and {line}.</summary>
    Task ExecuteOnStagingAsync(BatchRecord batch, int partitionNo, string sql, object? args = null);

    /// <summary>The SQL condition "this source row is flagged processed" (an integer in SQLite, a boolean in PostgreSQL).</summary>
    string Processed { get; }

    /// <summary>A literal for a date in this store's date columns.</summary>
    string Literal(DateOnly date);

    /// <summary>A literal for an amount in this store's money columns (sen in SQLite, 123.45 in PostgreSQL).</summary>
    string Literal(Money amount);

    /// <summary>Every ledger row in a canonical text form, without who/when columns, in JE number order.</summary>
    Task<IReadOnlyList<string>> LedgerRowsAsync();

    /// <summary>Writes a ledger entry outside any batch, as another system posting to the ledger would.</summary>
    Task InsertForeignLedgerEntryAsync(long jeNumber);
}
