using Npgsql;

namespace Exchange.Access.Audit;

/// <summary>The <c>audit_entry</c> columns in one fixed order, and reading a row back into an <see cref="AuditEntry"/>.</summary>
internal static class AuditEntryRows
{
    /// <summary>Select list matching <see cref="Read"/>'s ordinals.</summary>
    public const string Columns =
        "sequence, at, caller_client_id, caller_organisation, purpose, subject_handle, action, " +
        "fields_released, decision, rule, previous_hash, hash";

    public static AuditEntry Read(NpgsqlDataReader reader)
    {
        // timestamptz comes back as a UTC DateTime; the record's contract is a DateTimeOffset in UTC.
        var at = new DateTimeOffset(reader.GetFieldValue<DateTime>(1), TimeSpan.Zero);
        var record = new AuditRecord(
            at,
            reader.GetString(2),
            reader.GetString(3),
            reader.GetString(4),
            reader.GetString(5),
            reader.GetString(6),
            reader.GetFieldValue<string[]>(7),
            reader.GetString(8),
            reader.GetString(9));
        return new AuditEntry(reader.GetInt64(0), record, reader.GetString(10), reader.GetString(11));
    }
}
