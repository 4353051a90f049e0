using MonthEnd.Store.Tests.Contract;

namespace MonthEnd.Store.Tests.Sqlite;

public sealed class SqliteBatchLifecycle() : BatchLifecycleContract(() => new SqliteTarget());

public sealed class SqliteValidation() : ValidationContract(() => new SqliteTarget());

public sealed class SqliteSourceRules() : SourceRulesContract(() => new SqliteTarget());

public sealed class SqliteWorkerLeases() : WorkerLeaseContract(() => new SqliteTarget());

public sealed class SqliteSourceStrays() : SourceStraysContract(() => new SqliteTarget())
{
    // Dates are TEXT: any text, a BLOB or NULL; an INTEGER is stored as its text.
    protected override IReadOnlyDictionary<string, string> NoDays { get; } = new Dictionary<string, string>
    {
        ["slashes"] = "'2025/01/05'",
        ["impossible day"] = "'2025-02-30'",
        ["day 32"] = "'2025-01-32'",
        ["integer"] = "20250105",
        ["NULL"] = "NULL",
    };
}
