using Exchange.Core.Model;

namespace Exchange.Access.Clients;

/// <summary>The scopes a token can carry.</summary>
public static class Scopes
{
    /// <summary>Read the merged index.</summary>
    public const string IndexRead = "index:read";
    /// <summary>Run matches.</summary>
    public const string Match = "match";
    /// <summary>Read aggregated reports.</summary>
    public const string ReportsRead = "reports:read";
    /// <summary>Manage agreements and consents.</summary>
    public const string ConsentManage = "consent:manage";
    /// <summary>Read the audit log.</summary>
    public const string AuditRead = "audit:read";

    /// <summary>Write records of one kind, e.g. <c>records:write:graduate</c>.</summary>
    public static string RecordsWrite(RecordKind kind) => $"records:write:{kind.Name()}";
}
