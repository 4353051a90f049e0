using Microsoft.Extensions.Options;

namespace MonthEnd.Operations.Notifications;

/// <summary>
/// The channels the settings turn on: the webhook when it has a URL, e-mail when it has a host, a sender and recipients.
/// The webhook's HttpClient is the process's one for it; each send's timeout is the dispatcher's (Polly).
/// </summary>
public sealed class NotificationChannels(IOptions<NotificationOptions> options) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        // A redirect is an answer the receiver did not acknowledge, and would carry the message to an address nobody configured.
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromSeconds(Math.Max(1, options.Value.SendTimeoutSeconds)),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private IReadOnlyList<INotificationChannel>? _configured;

    public IReadOnlyList<INotificationChannel> Configured => _configured ??= Build(options.Value, _http);

    public void Dispose() => _http.Dispose();

    private static List<INotificationChannel> Build(NotificationOptions o, HttpClient http)
    {
        var channels = new List<INotificationChannel>();
        if (!string.IsNullOrWhiteSpace(o.Webhook.Url))
        {
            if (!Uri.TryCreate(o.Webhook.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                throw new InvalidOperationException("Notifications:Webhook:Url is not an http(s) URL");
            }

            channels.Add(new WebhookChannel(http, url));
        }

        if (!string.IsNullOrWhiteSpace(o.Smtp.Host))
        {
            if (string.IsNullOrWhiteSpace(o.Smtp.From) || EmailChannel.Recipients(o.Smtp.To).Count == 0)
            {
                throw new InvalidOperationException("Notifications:Smtp needs From and To as well as Host");
            }

            channels.Add(new EmailChannel(o.Smtp, TimeSpan.FromSeconds(o.SendTimeoutSeconds)));
        }

        return channels;
    }
}
