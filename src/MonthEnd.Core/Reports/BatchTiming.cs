using System.Globalization;
using System.Text.RegularExpressions;
using MonthEnd.Core.Storage;

namespace MonthEnd.Core.Reports;

/// <summary>How long one phase of a batch took, summed over every time the batch was in it.</summary>
public sealed record PhaseTime(string Phase, TimeSpan Time);

/// <summary>
/// Where a batch's time went, read from its lifecycle events (batch_lifecycle_log, written by the
/// database's clock as each state change commits): each event that moves the batch starts a phase,
/// which ends at the next. The commit's own steps are those its BATCH_COMMITTED event records
/// (the store's <see cref="Diagnostics.StepTimer"/>).
/// </summary>
public sealed partial record BatchTiming(IReadOnlyList<PhaseTime> Phases, IReadOnlyList<PhaseTime> CommitSteps, TimeSpan Total)
{
    /// <summary>The throughput target of the original design: 100M transactions in 5 hours.</summary>
    public const long TargetPerSecond = 5_556;

    public const string Planned = "planned, waiting for workers";
    public const string Staging = "staging";
    public const string Paused = "paused";
    public const string Validation = "validation";
    public const string Commit = "commit";
    public const string Archive = "archive";

    /// <summary>The time the work itself took: staging, validation and commit (waiting, pauses and archiving left out).</summary>
    public TimeSpan Processing => Phases.Where(p => p.Phase is Staging or Validation or Commit).Aggregate(TimeSpan.Zero, (a, p) => a + p.Time);

    /// <summary>Source records per second of processing; null before anything was processed.</summary>
    public decimal? PerSecond(long records) =>
        Processing.Ticks > 0 ? decimal.Round(records / (decimal)Processing.TotalSeconds, 1, MidpointRounding.ToEven) : null;

    /// <param name="events">The batch's lifecycle events.</param>
    /// <param name="openUntil">
    /// When given (the database's time now), the phase the batch is still in counts up to it; without it
    /// only finished phases count, as a report of a finished batch wants.
    /// </param>
    public static BatchTiming Of(IReadOnlyList<BatchEvent> events, DateTimeOffset? openUntil = null)
    {
        var phases = new List<PhaseTime>();
        (string Phase, DateTimeOffset Since)? current = null;
        DateTimeOffset? first = null, last = null;
        foreach (var e in events.OrderBy(e => e.EventId))
        {
            var next = PhaseStartedBy(e.Event);
            if (next is null)
            {
                continue;
            }

            first ??= e.EventTime;
            last = e.EventTime;
            if (current is { } open)
            {
                Add(phases, open.Phase, e.EventTime - open.Since);
            }

            current = next.Length == 0 ? null : (next, e.EventTime);
        }

        if (current is { } running && openUntil is { } now)
        {
            Add(phases, running.Phase, now - running.Since);
        }

        var steps = events.Where(e => e.Event == "BATCH_COMMITTED").Select(e => Steps(e.Details)).LastOrDefault() ?? [];
        return new BatchTiming(phases, steps, first is { } f && last is { } l ? l - f : TimeSpan.Zero);
    }

    /// <summary>The phase an event starts; "" for one that ends the batch's work; null for an event that moves nothing.</summary>
    private static string? PhaseStartedBy(string evt) => evt switch
    {
        "BATCH_CREATED" => Planned,
        "STATUS_RUNNING" => Staging,
        "STATUS_PAUSED" => Paused,
        "STATUS_VALIDATING" => Validation,
        "STATUS_COMMITTING" => Commit,
        "BATCH_COMMITTED" => Archive,
        "STAGING_ARCHIVED" or "STATUS_FAILED" or "STATUS_ABORTED" or "STATUS_ROLLED_BACK" => "",
        _ => null,
    };

    private static void Add(List<PhaseTime> phases, string phase, TimeSpan time)
    {
        var at = phases.FindIndex(p => p.Phase == phase);
        var positive = time < TimeSpan.Zero ? TimeSpan.Zero : time;
        if (at < 0)
        {
            phases.Add(new PhaseTime(phase, positive));
        }
        else
        {
            phases[at] = phases[at] with { Time = phases[at].Time + positive };
        }
    }

    // "steps: measure staging + scan source 1.23s, lines 0.40s" as StepTimer writes it; a step it cannot read is left out.
    private static List<PhaseTime> Steps(string details)
    {
        var at = details.LastIndexOf("steps: ", StringComparison.Ordinal);
        if (at < 0)
        {
            return [];
        }

        return [.. details[(at + 7)..].Split(", ").Select(s => StepShape().Match(s)).Where(m => m.Success)
            .Select(m => new PhaseTime(m.Groups["step"].Value, TimeSpan.FromSeconds(double.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture))))];
    }

    [GeneratedRegex(@"^(?<step>.{1,80}) (?<s>[0-9]{1,9}\.[0-9]{2})s\z", RegexOptions.CultureInvariant)]
    private static partial Regex StepShape();
}
