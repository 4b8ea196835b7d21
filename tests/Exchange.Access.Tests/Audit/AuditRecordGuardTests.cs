using Exchange.Access.Audit;
using Exchange.Testing;

namespace Exchange.Access.Tests.Audit;

[Collection(PostgresCollection.Name)]
public sealed class AuditRecordGuardTests(PostgresFixture fixture)
{
    private static readonly AuditRecord Record = AuditTestRecords.Numbered(1);

    [Theory]
    [InlineData("subject", "11010519491231002X")]
    [InlineData("subject", "110101199003074573")]
    [InlineData("subject", "110101199003074578")] // a wrong check character is still an id
    [InlineData("action", "GET /v1/graduates/11010519491231002x")]
    [InlineData("client", "110101199003074573")]
    [InlineData("organisation", "110101199003074573")]
    [InlineData("purpose", "110101199003074573")]
    [InlineData("rule", "token.expired 110101199003074573")]
    [InlineData("fields", "110101199003074573")]
    public void Refuses_record_carrying_something_that_looks_like_a_resident_id(string field, string value)
    {
        var record = field switch
        {
            "subject" => Record with { SubjectHandle = value },
            "action" => Record with { Action = value },
            "client" => Record with { CallerClientId = value },
            "organisation" => Record with { CallerOrganisation = value },
            "purpose" => Record with { Purpose = value },
            "rule" => Record with { Rule = value },
            _ => Record with { FieldsReleased = ["name", value] },
        };

        var error = Assert.Throws<ArgumentException>(() => AuditRecordGuard.Check(record));

        // The message names the field, never the value.
        Assert.DoesNotContain("1101011990", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("h_3f2a9c0d1e4b5a6978123456789012345678abcdef")]
    [InlineData("1101011990030745731")]
    [InlineData("11010119900307457")]
    [InlineData("911100001000044477")] // an all-digit unified social credit code
    [InlineData("a110101199003074573")]
    public void Accepts_handles_that_merely_contain_digits(string handle)
    {
        AuditRecordGuard.Check(Record with { SubjectHandle = handle });
    }

    [Fact]
    public void Refuses_a_decision_other_than_permit_or_deny()
    {
        Assert.Throws<ArgumentException>(() => AuditRecordGuard.Check(Record with { Decision = "maybe" }));
    }

    [Fact]
    public async Task Append_refuses_a_resident_id_and_writes_nothing()
    {
        var cancellationToken = TestTimeout.Token();
        var database = await AuditTestDatabase.CreateAsync(fixture, cancellationToken);

        await Assert.ThrowsAsync<ArgumentException>(() =>
            database.Log.AppendAsync(Record with { SubjectHandle = "11010519491231002X" }, cancellationToken));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            database.Log.AppendManyAsync([Record, Record with { SubjectHandle = "11010519491231002X" }], cancellationToken));

        Assert.Equal(AuditHead.Empty, await database.Log.GetHeadAsync(cancellationToken));
        Assert.Empty(await database.ReadAllAsync(cancellationToken));
    }

    [Fact]
    public async Task Database_refuses_a_resident_id_that_bypasses_the_application()
    {
        var cancellationToken = TestTimeout.Token();
        var database = await AuditTestDatabase.CreateAsync(fixture, cancellationToken);

        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => database.ExecuteAsync(
            """
            insert into audit_entry (sequence, at, caller_client_id, caller_organisation, purpose, subject_handle,
                                     action, fields_released, decision, rule, previous_hash, hash)
            values (1, now(), 'c', 'o', 'p', '11010519491231002X', 'a', '{}', 'permit', 'r', repeat('0', 64), repeat('0', 64))
            """,
            cancellationToken));
        Assert.Equal("audit_entry_no_resident_id_check", error.ConstraintName);
    }
}
