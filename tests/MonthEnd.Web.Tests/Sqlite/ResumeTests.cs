using System.Text.Json;
using MonthEnd.Core.Audit;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Batches;
using MonthEnd.Web.Runs;
using MonthEnd.Web.Tests.Infrastructure;

namespace MonthEnd.Web.Tests.Sqlite;

/// <summary>A server that starts on an open batch (its run stopped with the process that ran it) carries it on, as `run` would.</summary>
public sealed class ResumeTests
{
    private static readonly Period January = new(2025, 1);

    [Fact]
    public async Task a_server_started_on_an_interrupted_batch_carries_it_on_to_committed_on_behalf_of_its_initiator()
    {
        await using var database = new SqliteWebDatabase();
        string? batchId = null;
        await using var server = await WebServer.StartAsync(database, async s =>
        {
            await s.GenerateAsync(January, premiums: 1_500, claims: 300);
            var alice = await s.SignInAsync("alice");
            using var stop = new CancellationTokenSource();
            var request = new RunRequest(January, null, RuleSetLoader.LoadDefault(), "", new RunSettings { Workers = 2, ChunkSize = 25 });
            var interrupt = new Interrupt(p =>
            {
                batchId = p.BatchId;
                if (p.Phase == RunPhase.Staging)
                {
                    stop.Cancel();
                }
            });
            await Should.ThrowAsync<OperationCanceledException>(() => s.Get<BatchOperations>().RunAsync(alice, request, interrupt, stop.Token));
            (await s.Get<IMonthEndStore>().FindBatchAsync(batchId!, CancellationToken.None))!.Status.IsOpen().ShouldBeTrue("the run stopped mid-staging");
        });

        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        BatchRecord? batch;
        do
        {
            await Task.Delay(200);
            batch = await server.Get<IMonthEndStore>().FindBatchAsync(batchId!, CancellationToken.None);
        }
        while (batch!.Status != BatchStatus.Committed && DateTime.UtcNow < until);

        batch.Status.ShouldBe(BatchStatus.Committed);
        batch.ActualJeCount.ShouldBe(batch.ExpectedJeCount);
        // The run's SUCCESS row is appended once its body returns, just after the commit the loop above saw.
        List<AuditEntry> runs;
        do
        {
            runs = [.. (await server.TrailAsync()).Where(r => r.Draft.Operation == "BATCH_RUN" && r.Draft.UserAgent == BatchRunner.ServerClient.UserAgent)];
            await Task.Delay(runs.Count == 0 ? 200 : 0);
        }
        while (runs.Count == 0 && DateTime.UtcNow < until + TimeSpan.FromSeconds(30));

        var resumed = runs.ShouldHaveSingleItem();
        resumed.Draft.PerformedBy.ShouldBe("alice");
        JsonDocument.Parse(resumed.Draft.Details).RootElement.GetProperty("batch_id").GetString().ShouldBe(batchId);
    }

    private sealed class Interrupt(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}
