using Exchange.Postgres;

namespace Exchange.Access;

/// <summary>
/// The PostgreSQL schema the access layer owns: agreements, consents and the audit log, created
/// by the migrations embedded in this assembly.
/// </summary>
public static class AccessSchema
{
    /// <summary>The schema and its migrations.</summary>
    public static PartSchema Part { get; } = new("access", typeof(AccessSchema).Assembly)
    {
        // The audit chain: the running hub reads and appends, and advances the head; it never deletes, truncates or alters.
        AppendOnlyTables = new Dictionary<string, string> { ["audit_entry"] = "select, insert", ["audit_head"] = "select, update" },
    };
}
