using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Rollback;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Core.Text;
using MonthEnd.Operations.Access;

namespace MonthEnd.Web.Hosting;

/// <summary>How an operation's refusal reads on the web: an HTTP status, the CLI's exit code, a title.</summary>
public sealed record ErrorShape(int Status, int ExitCode, string Title);

/// <summary>
/// Turns what an operation throws into an answer: problem details (RFC 7807) under /api, a plain
/// page elsewhere. Each carries the CLI's exit code for the same outcome. Unexpected failures are
/// logged and answered 500 without their message (it may name internals).
/// </summary>
public static partial class OperationErrors
{
    public static ErrorShape Classify(Exception e) => e switch
    {
        SignInFailedException => new(StatusCodes.Status401Unauthorized, ExitCode.NotSignedIn, "not signed in"),
        AccessDeniedException => new(StatusCodes.Status403Forbidden, ExitCode.Denied, "denied"),
        NotFoundException => new(StatusCodes.Status404NotFound, ExitCode.Refused, "not found"),
        InvalidArgumentException or FormatException or BadHttpRequestException => new(StatusCodes.Status400BadRequest, ExitCode.Usage, "invalid argument"),
        OperationRefusedException or ApprovalStateException or UserExistsException or NoSuchUserException or SchemaOutdatedException
            or BatchStateException or BatchConflictException or RuleSetConflictException or BatchTransitionException or StoreBusyException
            or RollbackRefusedException or PeriodStateException => new(StatusCodes.Status409Conflict, ExitCode.Refused, "refused"),
        _ => new(StatusCodes.Status500InternalServerError, ExitCode.Error, "error"),
    };

    /// <summary>Catches what the endpoint threw and answers it, unless the answer has begun.</summary>
    public static async Task HandleAsync(HttpContext http, Func<Task> next)
    {
        try
        {
            await next();
        }
        catch (Exception e) when (!http.Response.HasStarted && !(e is OperationCanceledException && http.RequestAborted.IsCancellationRequested))
        {
            if (Classify(e).Status == StatusCodes.Status500InternalServerError)
            {
                LogFailed(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OperationErrors)), http.Request.Path.Value ?? "", e);
            }

            http.Response.Clear();
            await (http.Request.Path.StartsWithSegments("/api") ? WriteProblemAsync(http, e) : WritePageAsync(http, e));
        }
    }

    public static Task WriteProblemAsync(HttpContext http, Exception e)
    {
        var shape = Classify(e);
        var extensions = new Dictionary<string, object?> { ["exit_code"] = shape.ExitCode };
        if (e is AccessDeniedException denied)
        {
            extensions["permission"] = denied.Permission.Name();
        }

        return Results.Problem(Detail(e, shape), statusCode: shape.Status, title: shape.Title, extensions: extensions).ExecuteAsync(http);
    }

    private static Task WritePageAsync(HttpContext http, Exception e)
    {
        var shape = Classify(e);
        var html = HtmlEncoder.Default;
        http.Response.StatusCode = shape.Status;
        http.Response.ContentType = "text/html; charset=utf-8";
        return http.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{shape.Status} {html.Encode(shape.Title)} · MonthEnd</title>
            <link rel="stylesheet" href="/assets/site.css"></head>
            <body><main><h1>{shape.Status} {html.Encode(shape.Title)}</h1><p class="error">{html.Encode(Detail(e, shape))}</p>
            <p>(exit code {shape.ExitCode} in the CLI)</p><p><a href="/">Back to the batches</a></p></main></body></html>
            """);
    }

    private static string Detail(Exception e, ErrorShape shape) =>
        shape.Status == StatusCodes.Status500InternalServerError ? "the server failed; the log has the details" : Shown.Inert(e.Message);

    [LoggerMessage(Level = LogLevel.Error, Message = "request {Path} failed")]
    private static partial void LogFailed(ILogger logger, string path, Exception error);
}
