using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MonthEnd.Web.Hosting;

/// <summary>The one stylesheet and the one script, embedded in the assembly and served from /assets (no static files to deploy).</summary>
public static class Assets
{
    private static readonly Dictionary<string, (string MediaType, Lazy<byte[]> Content)> Files = new(StringComparer.Ordinal)
    {
        ["site.css"] = ("text/css; charset=utf-8", Load("site.css")),
        ["batch.js"] = ("text/javascript; charset=utf-8", Load("batch.js")),
    };

    public static void MapAssets(this IEndpointRouteBuilder app) =>
        app.MapGet("/assets/{name}", (string name) => Files.TryGetValue(name, out var file)
            ? Results.Bytes(file.Content.Value, file.MediaType)
            : Results.NotFound()).ExcludeFromDescription().AllowAnonymous();

    private static Lazy<byte[]> Load(string name) => new(() =>
    {
        using var stream = typeof(Assets).Assembly.GetManifestResourceStream($"MonthEnd.Web.Assets.{name}")
                           ?? throw new InvalidOperationException($"the asset {name} is not embedded");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });
}
