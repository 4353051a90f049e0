namespace MonthEnd.Core.Posting;

/// <summary>The source table a journal entry comes from.</summary>
public enum SourceKind
{
    Premium,
    Claim,
}

public static class SourceKinds
{
    /// <summary>The reference_type written on journal entries.</summary>
    public static string Code(this SourceKind kind) => kind switch
    {
        SourceKind.Premium => "PREMIUM",
        SourceKind.Claim => "CLAIM",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static SourceKind Parse(string code) => code switch
    {
        "PREMIUM" => SourceKind.Premium,
        "CLAIM" => SourceKind.Claim,
        _ => throw new FormatException($"{Text.Shown.Quote(code)} is not a source kind (PREMIUM, CLAIM)"),
    };
}
