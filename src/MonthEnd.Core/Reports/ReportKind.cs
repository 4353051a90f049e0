namespace MonthEnd.Core.Reports;

/// <summary>The reports of a batch (SOP 1 step 7): the batch report, the CFO summary, the period's trial balance.</summary>
public enum ReportKind
{
    Batch,
    Cfo,
    TrialBalance,
}

/// <summary>How a report is written.</summary>
public enum ReportFormat
{
    Html,
    Csv,
    Xlsx,
    Json,
}

public static class ReportKinds
{
    /// <summary>The name on the command line and in file names: batch, cfo, trial-balance.</summary>
    public static string Code(this ReportKind kind) => kind switch
    {
        ReportKind.Batch => "batch",
        ReportKind.Cfo => "cfo",
        ReportKind.TrialBalance => "trial-balance",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown report"),
    };

    public static string Code(this ReportFormat format) => format.ToString().ToLowerInvariant();

    public static bool TryParse(string? code, out ReportKind kind)
    {
        foreach (var k in Enum.GetValues<ReportKind>())
        {
            if (k.Code() == code)
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }

    public static bool TryParse(string? code, out ReportFormat format)
    {
        foreach (var f in Enum.GetValues<ReportFormat>())
        {
            if (f.Code() == code)
            {
                format = f;
                return true;
            }
        }

        format = default;
        return false;
    }
}
