using System.CommandLine;
using MonthEnd.Cli.Hosting;
using MonthEnd.Cli.Output;
using MonthEnd.Core.Approvals;
using MonthEnd.Operations.Approvals;

namespace MonthEnd.Cli.Commands;

/// <summary>Four-eyes: monthend approve ID, reject ID --reason, requests [--status].</summary>
internal static class ApprovalCommands
{
    public static Command Approve(Option<string?> db)
    {
        var id = RequestId();
        var command = new Command("approve", "Approve another admin's request; it is executed at once (approve_request)") { id };
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            await using var host = await CliHost.StartAsync(parse, db, ct);
            var caller = await host.SignInAsync(ct);
            var request = await host.Get<ApprovalOperations>().ApproveAsync(caller, parse.GetValue(id), ct);
            Console.WriteLine($"request {request.RequestId} ({request.Operation}) approved by {caller.User} and executed: {request.Outcome}");
            return ExitCode.Ok;
        }));
        return command;
    }

    public static Command Reject(Option<string?> db)
    {
        var id = RequestId();
        var reason = new Option<string>("--reason") { Description = "Why", Required = true };
        var command = new Command("reject", "Reject a waiting request (approve_request)") { id, reason };
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            await using var host = await CliHost.StartAsync(parse, db, ct);
            var caller = await host.SignInAsync(ct);
            var request = await host.Get<ApprovalOperations>().RejectAsync(caller, parse.GetValue(id), parse.GetValue(reason), ct);
            Console.WriteLine($"request {request.RequestId} ({request.Operation}) rejected by {caller.User}");
            return ExitCode.Ok;
        }));
        return command;
    }

    public static Command Requests(Option<string?> db)
    {
        var status = new Option<string?>("--status") { Description = "PENDING, APPROVED, REJECTED, EXPIRED, EXECUTED or FAILED" };
        var json = CliOptions.Json();
        var command = new Command("requests", "List four-eyes requests, newest first (approve_request)") { status, json };
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            ApprovalStatus? wanted = parse.GetValue(status) is { } text
                ? Enum.TryParse<ApprovalStatus>(text, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : throw CliError.Usage($"--status: unknown status; use one of {string.Join(", ", Enum.GetNames<ApprovalStatus>()).ToUpperInvariant()}")
                : null;
            await using var host = await CliHost.StartAsync(parse, db, ct);
            var caller = await host.SignInAsync(ct);
            var requests = await host.Get<ApprovalOperations>().ListAsync(caller, wanted, ct);
            if (parse.GetValue(json))
            {
                Json.Write(new { requests = requests.Select(r => new { r.RequestId, r.Operation, r.Subject, r.Reason, r.RequestedBy, r.RequestedAt, r.ExpiresAt, status = r.Status.ToString().ToUpperInvariant(), r.DecidedBy, r.DecidedAt, r.Outcome }) });
                return ExitCode.Ok;
            }

            foreach (var r in requests)
            {
                Console.WriteLine($"{r.RequestId,6} {r.Status.ToString().ToUpperInvariant(),-9} {r.Operation,-20} {r.Subject} by {r.RequestedBy} at {r.RequestedAt:u}" +
                                  (r.DecidedBy is null ? $", expires {r.ExpiresAt:u}" : $", decided by {r.DecidedBy}") + $": {r.Reason}");
            }

            return ExitCode.Ok;
        }));
        return command;
    }

    private static Argument<long> RequestId() => new("request-id") { Description = "The request's number (requests lists them)" };
}
