using MonthEnd.Core.Audit;
using MonthEnd.Core.Privacy;
using MonthEnd.Core.Security;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Audit;
using MonthEnd.Operations.Tests.Contract;
using MonthEnd.Store.Tests.Sqlite;

namespace MonthEnd.Operations.Tests.Privacy;

/// <summary>What the gate writes to the trail passes the redactor: the trail is kept for years and cannot be masked afterwards.</summary>
public class AuditPrivacyTests
{
    private const string Holder = "3174051203850001";
    private const string Account = "0012345678";

    [Fact]
    public async Task personal_data_in_an_operations_details_states_and_error_is_kept_in_the_trail_only_as_the_redactor_shows_it()
    {
        await using var target = new SqliteTarget();
        await using var host = await OperationsHost.StartAsync(target);
        var admin = await host.UserAsync("root", Role.BatchAdmin);
        var gate = host.Get<OperationGate>();
        var details = new { holder = Classified.Masked(Holder), finding = RedactableText.Of($"status {Classified.Personal("budi@example.com")} is not known") };

        await gate.ChangeAsync(admin, Permission.ValidateSource, "PRIVACY_PROBE", null, details,
            _ => Task.FromResult(Classified.Masked(Account)), account => new { account }, CancellationToken.None, before: new { name = Classified.Personal("Budi Santoso") });
        await Should.ThrowAsync<InvalidOperationException>(() => gate.ChangeAsync<int>(admin, Permission.ValidateSource, "PRIVACY_PROBE", null, details,
            _ => throw new InvalidOperationException(RedactableText.Of($"holder {Classified.Masked(Holder)} refused").ToString()), _ => null, CancellationToken.None));

        var rows = await target.RowsAsync("SELECT operation_details, before_state, after_state, status FROM audit_batch_operations WHERE operation = 'PRIVACY_PROBE' ORDER BY audit_id");
        var stored = string.Join("\n", rows.SelectMany(r => r).Select(v => v?.ToString()));
        stored.ShouldContain("\"holder\":\"************0001\"");
        stored.ShouldContain("\"account\":\"******5678\"");
        stored.ShouldContain("holder [redacted] refused");
        stored.ShouldNotContain(Holder);
        stored.ShouldNotContain(Account);
        stored.ShouldNotContain("budi", Case.Insensitive);
        rows.Select(r => r[3]).ShouldBe(["SUCCESS", "FAILED"]);
        var auditor = await host.UserAsync("auditor", Role.Auditor);
        (await host.Get<AuditOperations>().VerifyAsync(auditor, null, CancellationToken.None)).Chain.Intact.ShouldBeTrue("the MAC covers the redacted details as stored");
    }
}
