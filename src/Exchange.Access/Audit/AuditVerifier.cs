using System.Data;
using System.Globalization;
using Npgsql;

namespace Exchange.Access.Audit;

/// <summary>
/// Walks the audit chain in sequence order, recomputing every hash, and compares its end with the
/// separately stored head. Streams the rows, so memory stays flat however long the log is.
/// </summary>
/// <remarks>
/// What it cannot see: someone able to write the table with triggers off can rewrite the whole
/// chain from some entry onwards, recompute every later hash and move the head to match; the
/// result is a self-consistent chain. Only a head published outside the database (see
/// <see cref="PostgresAuditLog.GetHeadAsync(CancellationToken)"/>) and passed back here as an
/// anchor exposes that.
/// </remarks>
public static class AuditVerifier
{
    private const string HeadSql = "select sequence, hash from audit_head";

    // Keyset pages rather than one cursor over the table: memory stays bounded, and stopping at the
    // first bad entry does not have to drain the rest of a huge result set off the wire.
    private const string EntriesSql = $"select {AuditEntryRows.Columns} from audit_entry where sequence > $1 order by sequence limit $2";

    private const int PageSize = 10_000;

    /// <summary>Verifies the chain and its head.</summary>
    public static Task<AuditVerification> VerifyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        VerifyAsync(dataSource, anchor: null, cancellationToken);

    /// <summary>Verifies the chain and its head, and that the entry at <paramref name="anchor"/>'s sequence still has the anchored hash.</summary>
    /// <param name="dataSource">Its search path must find <c>audit_entry</c> and <c>audit_head</c>.</param>
    /// <param name="anchor">A head published earlier outside the database, or null.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    public static async Task<AuditVerification> VerifyAsync(NpgsqlDataSource dataSource, AuditHead? anchor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

        // One snapshot for the head and the rows, so entries appended while we walk neither look
        // like a head mismatch nor get half-seen.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        AuditHead head;
        await using (var command = new NpgsqlCommand(HeadSql, connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException("audit_head has no row: the audit schema is not migrated, or was tampered with.");
            }

            head = new AuditHead(reader.GetInt64(0), reader.GetString(1));
        }

        var walk = new ChainWalk(head, anchor);
        var after = long.MinValue;
        int read;
        do
        {
            read = 0;
            await using var command = new NpgsqlCommand(EntriesSql, connection, transaction)
            {
                Parameters = { new() { Value = after }, new() { Value = PageSize } },
            };
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                read++;
                var entry = AuditEntryRows.Read(reader);
                after = entry.Sequence;
                if (walk.Check(entry) is { } bad)
                {
                    return bad;
                }
            }
        }
        while (read == PageSize);

        await transaction.CommitAsync(cancellationToken);
        return walk.Finish();
    }

    /// <summary>The state carried from one entry to the next; small, so the walk needs no table in memory.</summary>
    private sealed class ChainWalk(AuditHead head, AuditHead? anchor)
    {
        private long _count;
        private long _lastSequence;
        private string _lastHash = AuditHash.Genesis;

        public AuditVerification? Check(AuditEntry entry)
        {
            var expected = _lastSequence + 1;
            if (entry.Sequence != expected)
            {
                return Bad(expected, AuditFault.Deleted,
                    $"entry {N(expected)} is missing: entry {N(_lastSequence)} is followed by {N(entry.Sequence)}");
            }

            // The link before the content: a swapped pair shows up as a broken link at the first of the two.
            if (!string.Equals(entry.PreviousHash, _lastHash, StringComparison.Ordinal))
            {
                return Bad(entry.Sequence, AuditFault.Reordered,
                    $"entry {N(entry.Sequence)}'s previous hash is not entry {N(_lastSequence)}'s hash");
            }

            if (!string.Equals(AuditHash.Compute(entry.Sequence, entry.Record, entry.PreviousHash), entry.Hash, StringComparison.Ordinal))
            {
                return Bad(entry.Sequence, AuditFault.Changed,
                    $"entry {N(entry.Sequence)}'s recomputed hash differs from its stored hash");
            }

            if (anchor is not null && entry.Sequence == anchor.Sequence && !string.Equals(entry.Hash, anchor.Hash, StringComparison.Ordinal))
            {
                return Bad(entry.Sequence, AuditFault.AnchorMismatch,
                    $"entry {N(entry.Sequence)}'s hash differs from the anchor: the chain was rewritten up to here");
            }

            _count++;
            _lastSequence = entry.Sequence;
            _lastHash = entry.Hash;
            return null;
        }

        public AuditVerification Finish()
        {
            if (head.Sequence > _lastSequence)
            {
                return Bad(_lastSequence + 1, AuditFault.TailDeleted,
                    $"the head names entry {N(head.Sequence)} but the last entry is {N(_lastSequence)}");
            }

            if (head.Sequence < _lastSequence)
            {
                return Bad(head.Sequence + 1, AuditFault.HeadMismatch,
                    $"entries {N(head.Sequence + 1)} to {N(_lastSequence)} lie beyond the head");
            }

            if (!string.Equals(head.Hash, _lastHash, StringComparison.Ordinal))
            {
                return Bad(_lastSequence, AuditFault.HeadMismatch,
                    $"entry {N(_lastSequence)}'s hash differs from the head's: the chain was rewritten without moving the head");
            }

            if (anchor is { Sequence: 0 } && !string.Equals(anchor.Hash, AuditHash.Genesis, StringComparison.Ordinal))
            {
                return Bad(0, AuditFault.AnchorMismatch, "an anchor at sequence 0 must carry the zero hash");
            }

            if (anchor is not null && anchor.Sequence > _lastSequence)
            {
                return Bad(_lastSequence + 1, AuditFault.AnchorMismatch,
                    $"the anchor names entry {N(anchor.Sequence)} but the chain ends at {N(_lastSequence)}");
            }

            return AuditVerification.Ok(_count, head);
        }

        private AuditVerification Bad(long sequence, AuditFault fault, string detail) =>
            AuditVerification.Bad(_count, head, sequence, fault, detail);

        private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
