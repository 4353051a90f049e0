namespace MonthEnd.Postgres;

/// <summary>How the commit turns staging into ledger rows.</summary>
public enum CommitMethod
{
    /// <summary>The staged tables become the ledger's partitions for the batch's range: no rows copied.</summary>
    Attach,

    /// <summary>INSERT … SELECT from staging into a new ledger partition (kept to measure against).</summary>
    Copy,
}

/// <summary>Settings of the PostgreSQL store.</summary>
public sealed record PostgresOptions
{
    /// <summary>Retries of an operation that failed on a transient database error, after the first attempt.</summary>
    public int MaxRetryAttempts { get; init; } = 10;

    /// <summary>First backoff; it doubles per attempt, with jitter, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    public CommitMethod CommitMethod { get; init; } = CommitMethod.Attach;
}
