using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using MonthEnd.Core.Security;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Identity;

namespace MonthEnd.Cli.Hosting;

/// <summary>
/// Who runs this command: MONTHEND_TOKEN, or MONTHEND_USER with MONTHEND_PASSWORD, or, on a
/// terminal, a prompt (the password without echo). The OS user is only told to the trail as part
/// of the client's description; it never decides anything.
/// </summary>
internal static class CliIdentity
{
    public static ClientInfo Client { get; } = new("cli", LocalAddress(), UserAgent());

    public static async Task<Caller> SignInAsync(SignIn signIn, CancellationToken ct)
    {
        if (Environment.GetEnvironmentVariable("MONTHEND_TOKEN") is { Length: > 0 } token)
        {
            return await signIn.WithTokenAsync(token, Client, ct);
        }

        var user = Environment.GetEnvironmentVariable("MONTHEND_USER");
        var password = Environment.GetEnvironmentVariable("MONTHEND_PASSWORD");
        if (string.IsNullOrEmpty(user) && Interactive)
        {
            user = Prompt("user: ");
        }

        if (!string.IsNullOrEmpty(user) && password is null && Interactive)
        {
            password = PromptSecret($"password for {user}: ");
        }

        return await signIn.WithPasswordAsync(user, password, Client, ct);
    }

    /// <summary>A password for a new user or the first admin: MONTHEND_PASSWORD, else asked twice on a terminal.</summary>
    public static string? NewPassword(string forWhom, string variable = "MONTHEND_PASSWORD")
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } given)
        {
            return given;
        }

        if (!Interactive)
        {
            return null;
        }

        var first = PromptSecret($"new password for {forWhom}: ");
        var second = PromptSecret("again: ");
        return first == second ? first : throw new InvalidArgumentException("password", "the two entries differ");
    }

    private static bool Interactive => !Console.IsInputRedirected && !Console.IsErrorRedirected;

    private static string? Prompt(string label)
    {
        Console.Error.Write(label);
        return Console.ReadLine();
    }

    private static string PromptSecret(string label)
    {
        Console.Error.Write(label);
        var text = new StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                text.Length = Math.Max(0, text.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return text.ToString();
    }

    private static string UserAgent()
    {
        var version = typeof(CliIdentity).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
        return $"monthend-cli/{version.Split('+')[0]} ({Environment.MachineName}; os user {Environment.UserName}; pid {Environment.ProcessId})";
    }

    private static string LocalAddress()
    {
        try
        {
            return NetworkInterface.GetAllNetworkInterfaces()
                .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Select(a => a.Address)
                .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)?.ToString() ?? IPAddress.Loopback.ToString();
        }
        catch (NetworkInformationException)
        {
            return IPAddress.Loopback.ToString();
        }
    }
}
