namespace MonthEnd.Cli.Tests.Infrastructure;

/// <summary>
/// Who the tests' monthend processes are: the first batch_admin that <c>init --admin</c> creates,
/// signed in through MONTHEND_USER / MONTHEND_PASSWORD like any script. There is no bypass in the product.
/// </summary>
public static class TestIdentity
{
    public const string Admin = "admin";

    public const string Password = "correct horse battery staple";

    /// <summary>The audit key the PostgreSQL tests configure (SQLite uses its key file beside the database).</summary>
    public const string AuditKey = "bW9udGhlbmQtdGVzdHMtYXVkaXQta2V5LTMyLWJ5dGVzISE=";
}
