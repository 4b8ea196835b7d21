using Exchange.Access.Audit;

namespace Exchange.Access.Tests.Audit;

public sealed class AuditHashTests
{
    private static readonly AuditRecord Record = AuditTestRecords.Numbered(1);

    [Fact]
    public void Hash_is_lower_case_hex_sha256()
    {
        var hash = AuditHash.Compute(1, Record, AuditHash.Genesis);

        Assert.True(AuditHash.IsWellFormed(hash));
        Assert.Equal(hash, AuditHash.Compute(1, Record, AuditHash.Genesis));
    }

    [Fact]
    public void Moving_a_boundary_between_fields_changes_the_hash()
    {
        var a = Record with { Purpose = "ab", SubjectHandle = "c" };
        var b = Record with { Purpose = "a", SubjectHandle = "bc" };

        Assert.NotEqual(AuditHash.Compute(1, a, AuditHash.Genesis), AuditHash.Compute(1, b, AuditHash.Genesis));
    }

    [Fact]
    public void Joining_released_fields_changes_the_hash()
    {
        var a = Record with { FieldsReleased = ["a,b"] };
        var b = Record with { FieldsReleased = ["a", "b"] };
        var c = Record with { FieldsReleased = [] };
        var d = Record with { FieldsReleased = [""] };

        var hashes = new[] { a, b, c, d }.Select(r => AuditHash.Compute(1, r, AuditHash.Genesis)).ToHashSet();
        Assert.Equal(4, hashes.Count);
    }

    [Fact]
    public void Sequence_and_previous_hash_are_part_of_the_hash()
    {
        var baseline = AuditHash.Compute(1, Record, AuditHash.Genesis);

        Assert.NotEqual(baseline, AuditHash.Compute(2, Record, AuditHash.Genesis));
        Assert.NotEqual(baseline, AuditHash.Compute(1, Record, new string('1', 64)));
    }

    [Fact]
    public void Instant_is_hashed_in_utc_rounded_to_the_microsecond()
    {
        var local = new DateTimeOffset(2025, 3, 1, 16, 0, 0, TimeSpan.FromHours(8)).AddTicks(15);

        Assert.Equal("2025-03-01T08:00:00.000002Z", AuditHash.FormatInstant(local));
        Assert.Equal(
            AuditHash.Compute(1, Record with { At = local }, AuditHash.Genesis),
            AuditHash.Compute(1, Record with { At = AuditHash.Normalise(local) }, AuditHash.Genesis));
    }

    [Fact]
    public void Head_round_trips_through_its_text_form()
    {
        var head = new AuditHead(42, AuditHash.Compute(42, Record, AuditHash.Genesis));

        Assert.True(AuditHead.TryParse(head.ToString(), out var parsed));
        Assert.Equal(head, parsed);
        Assert.False(AuditHead.TryParse("42:ABC", out _));
        Assert.False(AuditHead.TryParse("-1:" + AuditHash.Genesis, out _));
    }
}
