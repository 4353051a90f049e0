using MonthEnd.Core.Audit;

namespace MonthEnd.Core.Tests.Audit;

public class AuditHeadTests
{
    [Fact]
    public void a_head_is_written_as_its_id_and_mac_and_read_back_in_either_case()
    {
        var row = AuditTestData.Rows(3)[^1];

        var text = row.Head.ToString();

        text.ShouldBe($"3:{Convert.ToHexStringLower(row.Mac)}");
        AuditHead.Parse(text.ToUpperInvariant()).ShouldBe(row.Head);
    }

    [Theory]
    [InlineData("")]
    [InlineData("3")]
    [InlineData(":abc")]
    [InlineData("0:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("-1:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("3:00")]
    [InlineData("3:zz00000000000000000000000000000000000000000000000000000000000000")]
    public void a_malformed_head_is_refused(string text)
    {
        Should.Throw<Exception>(() => AuditHead.Parse(text)).ShouldBeAssignableTo<FormatException>();
    }
}
