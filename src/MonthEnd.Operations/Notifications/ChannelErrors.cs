namespace MonthEnd.Operations.Notifications;

/// <summary>A send's error as it is logged and kept in notification_delivery.last_error: type and message, secrets taken out, bounded.</summary>
internal static class ChannelErrors
{
    private const int MaxLength = 500;

    public static string Describe(Exception error, params string?[] secrets)
    {
        var text = error is OperationCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException
            ? "timed out"
            : $"{error.GetType().Name}: {error.Message}";
        foreach (var secret in secrets.Where(s => !string.IsNullOrEmpty(s) && s != "/"))
        {
            text = text.Replace(secret!, "***", StringComparison.Ordinal);
        }

        return text.Length <= MaxLength ? text : text[..MaxLength];
    }
}
