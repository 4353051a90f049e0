namespace MonthEnd.Operations.Identity;

/// <summary>Lockout, password and token policy.</summary>
public sealed class SignInSettings
{
    public const string Section = "SignIn";

    /// <summary>Failed logins in a row after which the user is locked.</summary>
    public int LockAfterFailures { get; set; } = 5;

    public TimeSpan LockFor { get; set; } = TimeSpan.FromMinutes(15);

    public int MinPasswordLength { get; set; } = 12;

    public TimeSpan DefaultTokenLifetime { get; set; } = TimeSpan.FromDays(90);

    public TimeSpan MaxTokenLifetime { get; set; } = TimeSpan.FromDays(400);
}
