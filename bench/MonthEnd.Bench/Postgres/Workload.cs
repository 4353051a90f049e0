using MonthEnd.Bench.Reporting;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Rules;
using MonthEnd.Postgres;

namespace MonthEnd.Bench.Postgres;

/// <summary>What a measured run does.</summary>
internal enum Workload
{
    /// <summary>Ours, committing by attaching the staged tables as ledger partitions (the store's default).</summary>
    Attach,

    /// <summary>Ours, committing by INSERT … SELECT from staging into a new ledger partition.</summary>
    Copy,

    /// <summary>Reference (a): set-based SQL posting.</summary>
    SetBased,

    /// <summary>Reference (b): raw binary COPY of as many ledger rows.</summary>
    RawCopy,
}

internal static class Workloads
{
    public static string Code(this Workload workload) => workload switch
    {
        Workload.Attach => "attach",
        Workload.Copy => "copy",
        Workload.SetBased => "sql",
        Workload.RawCopy => "floor",
        _ => throw new ArgumentOutOfRangeException(nameof(workload)),
    };

    public static Workload Parse(string code)
    {
        foreach (var workload in Enum.GetValues<Workload>())
        {
            if (workload.Code() == code)
            {
                return workload;
            }
        }

        throw new ArgumentException($"--measure {code}: expected attach, copy, sql or floor");
    }

    public static bool IsOurs(this Workload workload) => workload is Workload.Attach or Workload.Copy;

    /// <summary>The tables the workload writes its ledger into.</summary>
    public static (string Header, string Line) LedgerTables(this Workload workload) => workload switch
    {
        Workload.SetBased => (SetBasedWorkload.HeaderTable, SetBasedWorkload.LineTable),
        Workload.RawCopy => (RawCopyWorkload.HeaderTable, RawCopyWorkload.LineTable),
        _ => MonthEndWorkload.Ledger,
    };

    /// <summary>Runs the workload here, in the child process the harness started for it.</summary>
    public static Task<Measurement> RunAsync(this Workload workload, string connection, BenchOptions options, Period period, RuleSet rules) => workload switch
    {
        Workload.Attach => MonthEndWorkload.RunAsync(connection, CommitMethod.Attach, options, period, rules),
        Workload.Copy => MonthEndWorkload.RunAsync(connection, CommitMethod.Copy, options, period, rules),
        Workload.SetBased => SetBasedWorkload.RunAsync(connection, period, rules),
        Workload.RawCopy => RawCopyWorkload.RunAsync(connection, options, period, rules),
        _ => throw new ArgumentOutOfRangeException(nameof(workload)),
    };
}
