using Npgsql;
using NpgsqlTypes;

namespace Exchange.Access.Audit;

/// <summary>
/// Reads the audit log for data stewards: who asked about a subject, what a caller did, what
/// happened in a time range. Keyset paging on the sequence number, so a page costs the same
/// however deep into the log it is and entries appended meanwhile never shift a page.
/// </summary>
public sealed class AuditQuery(NpgsqlDataSource dataSource)
{
    /// <summary>The largest page.</summary>
    public const int MaxLimit = 1000;

    // One fixed statement (a null parameter switches its filter off) so there is no SQL built
    // from values, and one prepared plan.
    private const string PageSql = $"""
        select {AuditEntryRows.Columns}
        from audit_entry
        where sequence > @after
          and (@subject_handle::text is null or subject_handle = @subject_handle)
          and (@caller::text is null or caller_client_id = @caller or caller_organisation = @caller)
          and (@from::timestamptz is null or at >= @from)
          and (@until::timestamptz is null or at < @until)
          and (@decision::text is null or decision = @decision)
          and (@action::text is null or starts_with(action, @action))
          and (@rule::text is null or rule = @rule)
        order by sequence
        limit @limit
        """;

    /// <summary>Entries matching <paramref name="filter"/> with a sequence after <paramref name="afterSequence"/>.</summary>
    /// <param name="filter">What to look for.</param>
    /// <param name="afterSequence">0 for the first page, then the previous page's <see cref="AuditPage.NextAfter"/>.</param>
    /// <param name="limit">Entries per page, 1 to <see cref="MaxLimit"/>.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<AuditPage> ReadAsync(AuditQueryFilter filter, long afterSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(PageSql, connection)
        {
            Parameters =
            {
                new("after", NpgsqlDbType.Bigint) { Value = afterSequence },
                new("subject_handle", NpgsqlDbType.Text) { Value = (object?)filter.SubjectHandle ?? DBNull.Value },
                new("caller", NpgsqlDbType.Text) { Value = (object?)filter.Caller ?? DBNull.Value },
                new("from", NpgsqlDbType.TimestampTz) { Value = (object?)filter.From?.UtcDateTime ?? DBNull.Value },
                new("until", NpgsqlDbType.TimestampTz) { Value = (object?)filter.Until?.UtcDateTime ?? DBNull.Value },
                new("decision", NpgsqlDbType.Text) { Value = (object?)filter.Decision ?? DBNull.Value },
                new("action", NpgsqlDbType.Text) { Value = (object?)filter.Action ?? DBNull.Value },
                new("rule", NpgsqlDbType.Text) { Value = (object?)filter.Rule ?? DBNull.Value },
                new("limit", NpgsqlDbType.Integer) { Value = limit },
            },
        };

        var entries = new List<AuditEntry>(Math.Min(limit, 100));
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                entries.Add(AuditEntryRows.Read(reader));
            }
        }

        return new AuditPage(entries, entries.Count == limit ? entries[^1].Sequence : null);
    }
}
