using System.CommandLine;
using MonthEnd.Cli.Hosting;
using MonthEnd.Cli.Output;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Storage;
using MonthEnd.Metrics;
using MonthEnd.Operations.Batches;

namespace MonthEnd.Cli.Commands;

/// <summary>
/// A worker process: joins whatever batch is RUNNING on the database, claims partitions, stages
/// them and moves on, until stopped (Ctrl-C / SIGTERM) or, with --exit-when-idle, until no batch
/// has work left. Run as many as you like, on as many machines as can reach the database.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create(Option<string?> db)
    {
        var name = new Option<string>("--name") { Description = "This worker's name (host and pid are added)", DefaultValueFactory = _ => "worker" };
        var exitWhenIdle = new Option<bool>("--exit-when-idle") { Description = "Exit when no running batch has work left instead of waiting for the next" };
        var poll = new Option<double>("--poll-seconds") { Description = "How often an idle worker looks for work", DefaultValueFactory = _ => 2 };
        var timing = LeaseOptions.Create();
        var metrics = MetricsOptions.Create();
        var command = new Command("worker", "Join running batches as a worker process (any machine that reaches the database)")
        {
            name, exitWhenIdle, poll, timing.Lease, timing.Heartbeat, metrics.Port, metrics.Host,
        };
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            await using var host = await CliHost.StartAsync(parse, db, ct);
            var caller = await host.SignInAsync(ct);
            var connection = host.Connection;
            var work = host.Get<WorkerOperations>();
            var identity = WorkerIdentity.For(parse.GetValue(name)!);
            var settings = timing.Apply(parse, new RunSettings { PollInterval = CliOptions.Seconds(parse, poll) });
            await work.JoinAsync(caller, identity, ct);
            using var served = metrics.Serve(parse, host);
            Console.WriteLine($"worker {identity} on {host.Store.Description} as {caller.User}: lease {settings.LeaseLength.TotalSeconds:0.#}s, heartbeat {settings.HeartbeatInterval.TotalSeconds:0.#}s" +
                (served is null ? "" : $", metrics on http://{parse.GetValue(metrics.Host)}:{parse.GetValue(metrics.Port)}/metrics"));
            while (!ct.IsCancellationRequested)
            {
                var running = await work.RunningBatchesAsync(caller, ct);
                foreach (var batch in running)
                {
                    try
                    {
                        var counters = await work.StageAsync(caller, batch, identity, settings, ct);
                        if (served is not null)
                        {
                            host.Get<MonthEndMetrics>().RecordStaged(counters);
                        }

                        if (counters.Records > 0)
                        {
                            Console.WriteLine($"worker {identity}: batch {batch.BatchId}: staged {counters.Records:N0} records, {counters.Entries:N0} entries");
                        }
                    }
                    catch (StoreBusyException e)
                    {
                        // A worker outlives a long wait for the database: its partition's lease runs out
                        // and is resumed from the checkpoint, by this worker or another.
                        await Console.Error.WriteLineAsync($"worker {identity}: batch {batch.BatchId}: {e.Message}; trying again");
                    }
                    catch (Exception e) when (Interruption.Signal is not null && (e is OperationCanceledException || ct.IsCancellationRequested))
                    {
                        throw new CliError(Interruption.ExitCode,
                            $"worker {identity} stopped by {Interruption.Signal}: batch {batch.BatchId} keeps every chunk already staged (a chunk being written was rolled back); " +
                            $"its partitions go to another worker when their leases run out. Carry on with: monthend worker{RunHints.DbArgument(connection)}, " +
                            $"or monthend run --period {batch.Period} --batch-id {batch.BatchId}{RunHints.DbArgument(connection)}", e);
                    }
                }

                if (running.Count == 0 && parse.GetValue(exitWhenIdle))
                {
                    Console.WriteLine($"worker {identity}: no running batch has work left; exiting");
                    return 0;
                }

                try
                {
                    await Task.Delay(settings.PollInterval, ct);
                }
                catch (OperationCanceledException) when (Interruption.Signal is not null)
                {
                    throw new CliError(Interruption.ExitCode, $"worker {identity} stopped by {Interruption.Signal} while idle; nothing was in progress");
                }
            }

            return Interruption.Signal is null ? ExitCode.Ok : Interruption.ExitCode;
        }));
        return command;
    }
}
