using System.CommandLine;
using MonthEnd.Core.Engine;

namespace MonthEnd.Cli.Commands;

/// <summary>--lease-seconds and --heartbeat-seconds, shared by run and worker.</summary>
internal sealed record LeaseOptions(Option<double> Lease, Option<double> Heartbeat)
{
    public static LeaseOptions Create()
    {
        var defaults = new RunSettings();
        return new LeaseOptions(
            new Option<double>("--lease-seconds")
            {
                Description = "How long a partition stays a worker's without a heartbeat (database time)",
                DefaultValueFactory = _ => defaults.LeaseLength.TotalSeconds,
            },
            new Option<double>("--heartbeat-seconds")
            {
                Description = "How often a worker renews its lease",
                DefaultValueFactory = _ => defaults.HeartbeatInterval.TotalSeconds,
            });
    }

    public RunSettings Apply(System.CommandLine.ParseResult parse, RunSettings settings)
    {
        var applied = settings with
        {
            LeaseLength = CliOptions.Seconds(parse, Lease),
            HeartbeatInterval = CliOptions.Seconds(parse, Heartbeat),
        };
        if (applied.HeartbeatInterval >= applied.LeaseLength)
        {
            throw CliError.Usage($"{Heartbeat.Name} ({applied.HeartbeatInterval.TotalSeconds:0.###}) must be shorter than {Lease.Name} ({applied.LeaseLength.TotalSeconds:0.###})");
        }

        return applied;
    }
}
