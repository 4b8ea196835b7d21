namespace Exchange.Ui.Tests.Support;

/// <summary>The registered clients of the test hubs: a steward, a steward without the agreements' scope, a matcher, a bureau that reads reports, and an employer that posts vacancies.</summary>
public static class UiClients
{
    public sealed record Client(string ClientId, string Organisation, string Role, string[] Scopes);

    public static readonly Client Steward = new("steward-console", "111000000000131257", "steward", ["consent:manage", "audit:read"]);
    public static readonly Client Auditor = new("steward-auditor", "111000000000131257", "steward", ["audit:read"]);
    public static readonly Client Matcher = new("matcher-ref", "91110108MA01XXXX0H", "matcher", ["index:read", "match"]);

    public static readonly Client Bureau = new("bureau-reports", "11410100MB0123456B", "bureau", ["index:read", "reports:read"]);

    /// <summary>An employer that posts the vacancies a graduate's recommendations are made from.</summary>
    public static readonly Client Employer = new("boc-hr", "91110000802100433B", "employer", ["records:write:vacancy"]);

    public static IReadOnlyList<Client> All { get; } = [Steward, Auditor, Matcher, Bureau, Employer];
}
