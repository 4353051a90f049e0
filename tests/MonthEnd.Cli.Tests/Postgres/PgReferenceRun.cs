using MonthEnd.Cli.Tests.Infrastructure;

namespace MonthEnd.Cli.Tests.Postgres;

/// <summary>
/// The fault tests' data, run once on PostgreSQL without any disturbance: what every faulted run of
/// the same data (same generate arguments and seed) must end up identical to. Large enough that a
/// fault lands mid-batch: 200,000 premiums and 10,000 claims, chunks of 2,000.
/// </summary>
public sealed class PgReferenceRun : IAsyncLifetime
{
    public const long Premiums = 200_000;
    public const long Claims = 10_000;
    public const long Records = Premiums + Claims;
    public const long Entries = (3 * Premiums) + Claims;
    public const int Seed = 20250131;
    public const string ChunkSize = "2000";

    private PgDatabase? _db;

    public PgDatabase Db => _db ?? throw new InvalidOperationException("the reference database is created in InitializeAsync");

    /// <summary>A fresh database of the test's own holding the same source as the reference, not yet run.</summary>
    public static async Task<PgDatabase> CreateSubjectAsync()
    {
        var db = await PgDatabase.CreateAsync();
        try
        {
            await db.InitAndGenerateAsync(Premiums, Claims, Seed);
            return db;
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    public async Task InitializeAsync()
    {
        _db = await CreateSubjectAsync();
        var run = Json.Parse((await _db.CliAsync("run", "--period", PgDatabase.Period, "--workers", "2", "--chunk-size", ChunkSize, "--json"))
            .ShouldExitWith(0));
        run.Str("result").ShouldBe("COMMITTED");
        run.Long("ledger", "entries").ShouldBe(Entries);

        // The reference itself must be right, or "identical to the reference" would prove little.
        await _db.ShouldHaveConsistentLedgerAsync(Entries);
        var expected = await _db.ExpectedFundMovementsAsync();
        expected.Values.ShouldAllBe(v => v != 0, "the generated data moves every fund");
        (await _db.FundBalancesAsync()).ShouldBe(expected, ignoreOrder: true, "reference fund balances against the source");
        (await _db.FlaggedSourceRowsAsync()).ShouldBe(Records, "source rows flagged by the reference batch");
    }

    public async Task DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }
}

/// <summary>
/// Every PostgreSQL process test, one at a time (the fault tests restart the shared cluster); the fault
/// tests share one reference run.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PgReferenceGroup : ICollectionFixture<PgReferenceRun>
{
    public const string Name = "PostgreSQL processes";
}
