using System.Globalization;

namespace MonthEnd.Viewers;

public sealed record LoadOptions(Uri Url, string AdminToken, string ViewerToken, string User, string Password, string Period, int Workers, int Viewers, TimeSpan Think, bool PagesOnly)
{
    public static LoadOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        string Required(string name) => values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"{name} is required");
        int Number(string name, int otherwise) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : otherwise;
        return new LoadOptions(new Uri(Required("--url")), Required("--admin-token"), Required("--viewer-token"), Required("--user"), Required("--password"),
            Required("--period"), Number("--workers", 2), Number("--viewers", 50), TimeSpan.FromMilliseconds(Number("--think-ms", 1000)),
            values.TryGetValue("--pages-only", out var pages) && bool.Parse(pages));
    }
}
