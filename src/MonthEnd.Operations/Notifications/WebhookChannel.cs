using System.Net.Http.Headers;
using System.Text;
using MonthEnd.Core.Notifications;

namespace MonthEnd.Operations.Notifications;

/// <summary>POSTs a notification as Slack-compatible JSON (<see cref="SlackMessage"/>); any 2xx answer is the acknowledgement.</summary>
public sealed class WebhookChannel(HttpClient http, Uri url) : INotificationChannel
{
    public string Name => "webhook";

    public async Task SendAsync(Notification notification, CancellationToken ct)
    {
        using var content = new StringContent(SlackMessage.Json(notification), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        using var answer = await http.PostAsync(url, content, ct);
        if (!answer.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"the webhook answered {(int)answer.StatusCode} {answer.ReasonPhrase}", null, answer.StatusCode);
        }
    }

    public string Describe(Exception error) =>
        ChannelErrors.Describe(error, url.ToString(), url.PathAndQuery, url.Query);
}
