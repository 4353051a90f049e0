namespace MonthEnd.Operations.Notifications;

/// <summary>
/// The Notifications section (appsettings.json, or MONTHEND_Notifications__… variables). A channel
/// with no address configured is off; with neither, the dispatcher has nothing to do.
/// </summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    public WebhookSettings Webhook { get; set; } = new();

    public SmtpSettings Smtp { get; set; } = new();

    /// <summary>Each attempt to send one notification gives up after this long.</summary>
    public double SendTimeoutSeconds { get; set; } = 10;

    /// <summary>Quick tries of one send within a pass (Polly), before the delivery waits for a later pass.</summary>
    public int RetriesPerPass { get; set; } = 2;

    /// <summary>The wait after a delivery's first failed pass; it doubles with each failed pass.</summary>
    public double RetryFirstSeconds { get; set; } = 30;

    /// <summary>The longest wait between two passes trying one delivery.</summary>
    public double RetryMaxSeconds { get; set; } = 900;

    /// <summary>Facts older than this are not notified (a new channel or a first start does not send last year's batches).</summary>
    public double MaxAgeHours { get; set; } = 24;

    /// <summary>How often `serve` and `notify --follow` look for due notifications.</summary>
    public double PollSeconds { get; set; } = 10;

    /// <summary>At most this many notifications per channel per pass.</summary>
    public int PassLimit { get; set; } = 100;
}

public sealed class WebhookSettings
{
    /// <summary>Where to POST Slack-compatible JSON (a Slack or Mattermost incoming webhook, or any HTTP receiver). A secret: it is never logged.</summary>
    public string? Url { get; set; }
}

public sealed class SmtpSettings
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public string? From { get; set; }

    /// <summary>Recipients, separated by commas or semicolons.</summary>
    public string? To { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>TLS: implicit on port 465, STARTTLS (required) on any other port. Off only for a relay on the same machine.</summary>
    public bool UseTls { get; set; } = true;
}
