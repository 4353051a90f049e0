using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using MonthEnd.Core.Notifications;

namespace MonthEnd.Operations.Notifications;

/// <summary>Sends a notification as a plain-text e-mail over SMTP (MailKit), one connection per message.</summary>
public sealed class EmailChannel(SmtpSettings smtp, TimeSpan timeout) : INotificationChannel
{
    public string Name => "email";

    public async Task SendAsync(Notification notification, CancellationToken ct)
    {
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From!));
        foreach (var to in Recipients(smtp.To))
        {
            message.To.Add(MailboxAddress.Parse(to));
        }

        message.Subject = NotificationText.Title(notification);
        message.Body = new TextPart("plain") { Text = NotificationText.Plain(notification) };

        using var client = new SmtpClient { Timeout = (int)timeout.TotalMilliseconds };
        await client.ConnectAsync(smtp.Host ?? throw new InvalidOperationException("Notifications:Smtp:Host is not set"), smtp.Port, Security(), ct);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", ct);
        }

        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }

    public string Describe(Exception error) => ChannelErrors.Describe(error, smtp.Password);

    public static IReadOnlyList<string> Recipients(string? to) =>
        [.. (to ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private SecureSocketOptions Security() => !smtp.UseTls ? SecureSocketOptions.None
        : smtp.Port == 465 ? SecureSocketOptions.SslOnConnect
        : SecureSocketOptions.StartTls;
}
