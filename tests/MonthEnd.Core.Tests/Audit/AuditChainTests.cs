using MonthEnd.Core.Audit;
using static MonthEnd.Core.Tests.Audit.AuditTestData;

namespace MonthEnd.Core.Tests.Audit;

public class AuditChainTests
{
    [Fact]
    public void the_first_row_is_number_one_and_links_to_thirty_two_zero_bytes()
    {
        var first = Chain.Link(null, Draft());

        first.AuditId.ShouldBe(1);
        first.PreviousMac.ShouldBe(new byte[32]);
        first.Mac.Length.ShouldBe(32);
        first.ChainVersion.ShouldBe(AuditChain.CurrentVersion);
        Chain.Verifies(first).ShouldBeTrue();
    }

    [Fact]
    public void each_row_takes_the_next_number_and_carries_the_previous_rows_mac()
    {
        var rows = Rows(3);

        rows.Select(r => r.AuditId).ShouldBe([1, 2, 3]);
        rows[1].PreviousMac.ShouldBe(rows[0].Mac);
        rows[2].PreviousMac.ShouldBe(rows[1].Mac);
    }

    [Fact]
    public void the_mac_is_hmac_sha256_of_the_previous_mac_and_the_rows_canonical_bytes()
    {
        var first = Chain.Link(null, Draft());

        byte[] input = [.. first.PreviousMac, .. AuditSerialization.Serialize(1, 1, first.Draft)];
        var expected = System.Security.Cryptography.HMACSHA256.HashData(Key, input);

        first.Mac.ShouldBe(expected);
    }

    [Fact]
    public void linking_is_deterministic_so_a_row_read_back_verifies()
    {
        Chain.Link(null, Draft()).ShouldBe(Chain.Link(null, Draft()));
        new AuditChain(Key).Link(null, Draft()).Mac.ShouldBe(Chain.Link(null, Draft()).Mac);
    }

    [Fact]
    public void another_key_makes_another_mac_and_does_not_verify_the_row()
    {
        var row = Chain.Link(null, Draft());

        new AuditChain(OtherKey).Link(null, Draft()).Mac.ShouldNotBe(row.Mac);
        new AuditChain(OtherKey).Verifies(row).ShouldBeFalse();
    }

    [Fact]
    public void a_key_shorter_than_256_bits_is_refused()
    {
        Should.Throw<ArgumentException>(() => new AuditChain(new byte[31])).Message.ShouldContain("at least 32 bytes");
    }

    [Fact]
    public void every_field_of_a_row_moves_its_mac()
    {
        var draft = Draft();
        var baseline = Chain.Mac(AuditChain.GenesisMac, 1, Chain.Link(null, draft).Draft, 1);
        var canonical = AuditChain.Canonical(draft);
        AuditDraft[] edits =
        [
            canonical with { BatchId = null }, canonical with { BatchId = "ME-2025-02" }, canonical with { Operation = "ABORT_BATCH" },
            canonical with { PerformedBy = "someone" }, canonical with { PerformedAt = canonical.PerformedAt.AddTicks(10) },
            canonical with { IpAddress = null }, canonical with { IpAddress = "10.0.0.8" }, canonical with { UserAgent = "" },
            canonical with { Details = """{"n":2,"period":"2025-01"}""" }, canonical with { Details = """{"period":"2025-01","n":1}""" },
            canonical with { Status = AuditStatus.Failed }, canonical with { BeforeState = "null" }, canonical with { AfterState = null },
        ];

        var macs = edits.Select(e => Convert.ToHexString(Chain.Mac(AuditChain.GenesisMac, 1, e, 1))).ToList();

        macs.ShouldAllBe(m => m != Convert.ToHexString(baseline));
        macs.Distinct().Count().ShouldBe(edits.Length);
        Convert.ToHexString(Chain.Mac(AuditChain.GenesisMac, 2, canonical, 1)).ShouldNotBe(Convert.ToHexString(baseline));
        Convert.ToHexString(Chain.Mac(new byte[] { 1 }.Concat(new byte[31]).ToArray(), 1, canonical, 1)).ShouldNotBe(Convert.ToHexString(baseline));
    }

    [Fact]
    public void texts_are_length_prefixed_so_moving_characters_between_fields_changes_the_bytes()
    {
        var canonical = AuditChain.Canonical(Draft());
        var a = canonical with { IpAddress = "ab", UserAgent = "c" };
        var b = canonical with { IpAddress = "a", UserAgent = "bc" };

        AuditSerialization.Serialize(1, 1, a).ShouldNotBe(AuditSerialization.Serialize(1, 1, b));
    }

    [Fact]
    public void the_serialization_names_its_version_and_refuses_one_it_does_not_know()
    {
        var bytes = AuditSerialization.Serialize(1, 1, AuditChain.Canonical(Draft()));

        System.Text.Encoding.ASCII.GetString(bytes, 0, 31).ShouldBe("monthend.audit_batch_operations");
        bytes[32..36].ShouldBe(new byte[] { 0, 0, 0, 1 });
        Should.Throw<ArgumentOutOfRangeException>(() => AuditSerialization.Serialize(2, 1, AuditChain.Canonical(Draft())));
    }

    [Fact]
    public void performed_at_is_kept_in_utc_to_the_microsecond()
    {
        var at = new DateTimeOffset(2025, 2, 1, 15, 30, 0, TimeSpan.FromHours(7)).AddTicks(1_234_567);

        var row = Chain.Link(null, Draft() with { PerformedAt = at });

        row.Draft.PerformedAt.Offset.ShouldBe(TimeSpan.Zero);
        row.Draft.PerformedAt.UtcTicks.ShouldBe(at.UtcTicks - 7);
        AuditSerialization.Microseconds(row.Draft.PerformedAt).ShouldBe((at.UtcTicks - 7 - DateTime.UnixEpoch.Ticks) / 10);
    }

    [Fact]
    public void a_nul_and_half_a_surrogate_pair_are_stored_as_the_replacement_character_and_all_else_is_kept()
    {
        var row = Chain.Link(null, Draft() with { PerformedBy = "a\0b\tc\u001b\u007f", UserAgent = "x\uD800y \U0001F600 z\uDC00" });

        row.Draft.PerformedBy.ShouldBe("a\uFFFDb\tc\u001b\u007f");
        row.Draft.UserAgent.ShouldBe("x\uFFFDy \U0001F600 z\uFFFD");
        Chain.Verifies(row).ShouldBeTrue();
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"a\":1,}")]
    public void details_that_are_not_a_json_object_are_refused(string details)
    {
        Should.Throw<ArgumentException>(() => Chain.Link(null, Draft() with { Details = details })).Message.ShouldContain("operation_details");
    }

    [Fact]
    public void before_and_after_states_must_be_json_when_given()
    {
        Should.Throw<ArgumentException>(() => Chain.Link(null, Draft() with { BeforeState = "PLANNED" })).Message.ShouldContain("before_state");
        Should.Throw<ArgumentException>(() => Chain.Link(null, Draft() with { AfterState = "{" })).Message.ShouldContain("after_state");
        Chain.Link(null, Draft() with { BeforeState = "\"PLANNED\"", AfterState = "42" }).AuditId.ShouldBe(1);
    }

    [Fact]
    public void a_row_without_operation_or_user_is_refused()
    {
        Should.Throw<ArgumentException>(() => Chain.Link(null, Draft() with { Operation = "" }));
        Should.Throw<ArgumentException>(() => Chain.Link(null, Draft() with { PerformedBy = "" }));
    }

    [Fact]
    public void entries_are_equal_when_their_macs_hold_the_same_bytes()
    {
        var row = Chain.Link(null, Draft());
        var copy = row with { PreviousMac = [.. row.PreviousMac], Mac = [.. row.Mac] };

        copy.ShouldBe(row);
        copy.GetHashCode().ShouldBe(row.GetHashCode());
        (row with { Mac = [.. row.Mac[..31], (byte)(row.Mac[31] ^ 1)] }).ShouldNotBe(row);
    }
}
