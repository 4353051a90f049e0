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
            LeaseLength = TimeSpan.FromSeconds(parse.GetValue(Lease)),
            HeartbeatInterval = TimeSpan.FromSeconds(parse.GetValue(Heartbeat)),
        };
        try
        {
            applied.Validate();
        }
        catch (ArgumentException e)
        {
            throw new FormatException(e.Message, e);
        }

        return applied;
    }
}
