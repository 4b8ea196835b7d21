using Exchange.Access.Audit;
using Exchange.Testing;

namespace Exchange.Access.Tests.Audit;

/// <summary>
/// Each test tampers as a superuser would — triggers off, write, triggers on — and expects verify
/// to name the first bad entry and why.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AuditVerifierTamperTests(PostgresFixture fixture)
{
    private const int Count = 50;

    private const string Columns = "at, caller_client_id, caller_organisation, purpose, subject_handle, action, fields_released, decision, rule, previous_hash, hash";

    [Fact]
    public async Task Changed_field_is_named_as_changed()
    {
        var (database, cancellationToken) = await FilledAsync();

        await database.TamperAsync("update audit_entry set decision = 'permit', fields_released = '{name,income}' where sequence = 20", cancellationToken);

        await AssertFirstBadAsync(database, 20, AuditFault.Changed, cancellationToken);
    }

    [Fact]
    public async Task Changed_instant_is_named_as_changed()
    {
        var (database, cancellationToken) = await FilledAsync();

        await database.TamperAsync("update audit_entry set at = at + interval '1 microsecond' where sequence = 33", cancellationToken);

        await AssertFirstBadAsync(database, 33, AuditFault.Changed, cancellationToken);
    }

    [Fact]
    public async Task Changed_hash_alone_is_named_as_changed()
    {
        var (database, cancellationToken) = await FilledAsync();

        await database.TamperAsync("update audit_entry set hash = repeat('a', 64) where sequence = 12", cancellationToken);

        await AssertFirstBadAsync(database, 12, AuditFault.Changed, cancellationToken);
    }

    [Fact]
    public async Task Deleted_middle_entry_is_named_as_deleted()
    {
        var (database, cancellationToken) = await FilledAsync();

        await database.TamperAsync("delete from audit_entry where sequence = 25", cancellationToken);

        await AssertFirstBadAsync(database, 25, AuditFault.Deleted, cancellationToken);
    }

    [Fact]
    public async Task Deleted_first_entry_is_named_as_deleted()
    {
        var (database, cancellationToken) = await FilledAsync();

        await database.TamperAsync("delete from audit_entry where sequence = 1", cancellationToken);

        await AssertFirstBadAsync(database, 1, AuditFault.Deleted, cancellationToken);
    }

    [Fact]
    public async Task Swapped_contents_are_named_as_reordered()
    {
        var (database, cancellationToken) = await FilledAsync();

        await database.TamperAsync(
            $"""
            update audit_entry a set ({Columns}) = (select {Columns} from audit_entry b
                                                     where b.sequence = case a.sequence when 10 then 11 else 10 end)
            where a.sequence in (10, 11)
            """,
            cancellationToken);

        await AssertFirstBadAsync(database, 10, AuditFault.Reordered, cancellationToken);
    }

    [Fact]
    public async Task Renumbered_entries_are_named_as_reordered()
    {
        var (database, cancellationToken) = await FilledAsync();

        await database.TamperAsync(
            """
            update audit_entry set sequence = 1000000 where sequence = 10;
            update audit_entry set sequence = 10 where sequence = 11;
            update audit_entry set sequence = 11 where sequence = 1000000;
            """,
            cancellationToken);

        await AssertFirstBadAsync(database, 10, AuditFault.Reordered, cancellationToken);
    }

    [Fact]
    public async Task Deleted_last_entry_is_caught_by_the_head()
    {
        var (database, cancellationToken) = await FilledAsync();

        await database.TamperAsync($"delete from audit_entry where sequence = {Count}", cancellationToken);

        await AssertFirstBadAsync(database, Count, AuditFault.TailDeleted, cancellationToken);
    }

    [Fact]
    public async Task Truncated_log_is_caught_by_the_head()
    {
        var (database, cancellationToken) = await FilledAsync();

        await database.TamperAsync("truncate audit_entry", cancellationToken);

        await AssertFirstBadAsync(database, 1, AuditFault.TailDeleted, cancellationToken);
    }

    [Fact]
    public async Task Forged_entry_appended_without_moving_the_head_is_caught_by_the_head()
    {
        var (database, cancellationToken) = await FilledAsync();
        var last = (await database.ReadAllAsync(cancellationToken))[^1];
        var forged = AuditTestRecords.Numbered(999);
        var hash = AuditHash.Compute(Count + 1, forged, last.Hash);

        // A correctly chained forgery: only the head, stored apart, tells it was never appended.
        await database.TamperAsync(
            """
            insert into audit_entry (sequence, at, caller_client_id, caller_organisation, purpose, subject_handle,
                                     action, fields_released, decision, rule, previous_hash, hash)
            select $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12
            """,
            cancellationToken,
            (long)Count + 1, AuditHash.Normalise(forged.At).UtcDateTime, forged.CallerClientId, forged.CallerOrganisation, forged.Purpose,
            forged.SubjectHandle, forged.Action, forged.FieldsReleased.ToArray(), forged.Decision, forged.Rule, last.Hash, hash);

        await AssertFirstBadAsync(database, Count + 1, AuditFault.HeadMismatch, cancellationToken);
    }

    [Fact]
    public async Task Rewritten_chain_without_moving_the_head_is_caught_by_the_head()
    {
        var (database, cancellationToken) = await FilledAsync();

        // Entry 30 changed and every later hash recomputed: each link checks out, only the end does not.
        await RewriteFromAsync(database, 30, moveHead: false, cancellationToken);

        await AssertFirstBadAsync(database, Count, AuditFault.HeadMismatch, cancellationToken);
    }

    [Fact]
    public async Task Rewritten_chain_and_head_pass_verify_but_not_an_external_anchor()
    {
        var (database, cancellationToken) = await FilledAsync();
        var published = await database.Log.GetHeadAsync(cancellationToken);

        await RewriteFromAsync(database, 30, moveHead: true, cancellationToken);

        // The limit of a chain kept inside the database: rewrite everything consistently and it verifies.
        var unanchored = await AuditVerifier.VerifyAsync(database.DataSource, cancellationToken);
        Assert.True(unanchored.IsValid);
        Assert.NotEqual(published, unanchored.Head);

        // A head published earlier, outside the database's reach, is what exposes the rewrite.
        var anchored = await AuditVerifier.VerifyAsync(database.DataSource, published, cancellationToken);
        Assert.False(anchored.IsValid);
        Assert.Equal(AuditFault.AnchorMismatch, anchored.Fault);
        Assert.Equal(Count, anchored.FirstBadSequence);
    }

    [Fact]
    public async Task Anchor_beyond_the_chain_is_a_mismatch()
    {
        var (database, cancellationToken) = await FilledAsync();
        var anchor = new AuditHead(Count + 5, new string('b', 64));

        var verification = await AuditVerifier.VerifyAsync(database.DataSource, anchor, cancellationToken);

        Assert.Equal(AuditFault.AnchorMismatch, verification.Fault);
        Assert.Equal(Count + 1, verification.FirstBadSequence);
    }

    [Fact]
    public async Task Only_the_first_of_several_tamperings_is_named()
    {
        var (database, cancellationToken) = await FilledAsync();

        await database.TamperAsync("update audit_entry set rule = 'x' where sequence in (40, 15)", cancellationToken);
        await database.TamperAsync("delete from audit_entry where sequence = 45", cancellationToken);

        await AssertFirstBadAsync(database, 15, AuditFault.Changed, cancellationToken);
    }

    private async Task<(AuditTestDatabase Database, CancellationToken CancellationToken)> FilledAsync()
    {
        var cancellationToken = TestTimeout.Token();
        var database = await AuditTestDatabase.CreateAsync(fixture, cancellationToken);
        await database.FillAsync(Count, cancellationToken);
        return (database, cancellationToken);
    }

    private static async Task AssertFirstBadAsync(AuditTestDatabase database, long sequence, AuditFault fault, CancellationToken cancellationToken)
    {
        var verification = await AuditVerifier.VerifyAsync(database.DataSource, cancellationToken);

        Assert.False(verification.IsValid);
        Assert.Equal(fault, verification.Fault);
        Assert.Equal(sequence, verification.FirstBadSequence);
        Assert.NotNull(verification.Detail);
    }

    /// <summary>Changes entry <paramref name="from"/>'s rule and recomputes its hash and every later one, as a careful attacker would.</summary>
    private static async Task RewriteFromAsync(AuditTestDatabase database, long from, bool moveHead, CancellationToken cancellationToken)
    {
        var entries = await database.ReadAllAsync(cancellationToken);
        var previous = entries[(int)from - 2].Hash;
        var updates = new List<object[]>();
        foreach (var entry in entries.Where(e => e.Sequence >= from))
        {
            var record = entry.Sequence == from ? entry.Record with { Decision = "permit", Rule = "agreement.backdated" } : entry.Record;
            var hash = AuditHash.Compute(entry.Sequence, record, previous);
            updates.Add([record.Decision, record.Rule, previous, hash, entry.Sequence]);
            previous = hash;
        }

        await database.TamperAsync(
            async connection =>
            {
                foreach (var update in updates)
                {
                    await AuditTestDatabase.ExecuteAsync(connection,
                        "update audit_entry set decision = $1, rule = $2, previous_hash = $3, hash = $4 where sequence = $5",
                        cancellationToken, update);
                }

                if (moveHead)
                {
                    await AuditTestDatabase.ExecuteAsync(connection, "update audit_head set hash = $1", cancellationToken, previous);
                }
            },
            cancellationToken);
    }
}
