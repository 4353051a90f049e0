using MonthEnd.Core.Audit;
using MonthEnd.Operations.Audit;

namespace MonthEnd.Operations.Tests.Metrics;

/// <summary>Which AUDIT_VERIFIED rows of the trail are verifications, and what each found.</summary>
public sealed class AuditVerificationsTests
{
    private static readonly DateTimeOffset At = new(2025, 2, 1, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(AuditStatus.Success, """{"intact":true,"rows_verified":12}""", "{}", true)]
    [InlineData(AuditStatus.Success, """{"intact":false,"chain_problem":"row 3 edited"}""", "{}", false)]
    [InlineData(AuditStatus.Success, """{"intact":"true"}""", "{}", false)]
    [InlineData(AuditStatus.Success, "not json", "{}", false)]
    [InlineData(AuditStatus.Success, null, "{}", false)]
    [InlineData(AuditStatus.Failed, null, """{"details":{},"error":"AuditRowUnreadableException: audit row 4 cannot be read"}""", false)]
    public void a_verification_row_says_what_it_found(AuditStatus status, string? after, string details, bool intact) =>
        AuditVerifications.Of(Row(status, after, details)).ShouldBe(new AuditVerificationResult(intact, At));

    [Theory]
    [InlineData("""{"details":{},"refused":"lacks verify_audit","permission":"verify_audit"}""")]
    [InlineData("""{"details":{},"error":"cancelled"}""")]
    public void a_refused_or_cancelled_verify_verified_nothing(string details) =>
        AuditVerifications.Of(Row(AuditStatus.Failed, null, details)).ShouldBeNull();

    [Fact]
    public void a_row_of_another_operation_is_no_verification() =>
        AuditVerifications.Of(Row(AuditStatus.Success, """{"intact":true}""", "{}") with { Operation = "AUDIT_HEAD" }).ShouldBeNull();

    private static AuditDraft Row(AuditStatus status, string? after, string details) =>
        new(null, AuditVerifications.Operation, "ann", At, "127.0.0.1", "tests", details, status, null, after);
}
