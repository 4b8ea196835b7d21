using Exchange.Access.Clients;

namespace Exchange.Hub.Tests.Support;

/// <summary>The registered clients every test hub knows: one per role, two universities and two employers.</summary>
public static class TestClients
{
    public sealed record Client(string ClientId, string Organisation, PartyRole Role, string[] Scopes)
    {
        /// <summary>The Ministry of Education institution code, for universities.</summary>
        public string? InstitutionCode { get; init; }
    }

    public static readonly Client UniversityA = new("pku-sis", "12100000400000624D", PartyRole.University,
        ["records:write:graduate", "records:write:consent", "records:write:feedback", "index:read", "match"]) { InstitutionCode = "4111010001" };
    public static readonly Client UniversityB = new("scu-sis", "12510000450716584C", PartyRole.University,
        ["records:write:graduate", "records:write:consent", "index:read"]) { InstitutionCode = "4151010610" };
    public static readonly Client EmployerA = new("huawei-hr", "914403001922038216", PartyRole.Employer,
        ["records:write:vacancy", "records:write:placement", "index:read", "match"]);
    public static readonly Client EmployerB = new("boc-hr", "91110000802100433B", PartyRole.Employer,
        ["records:write:vacancy", "records:write:placement", "index:read", "match"]);
    public static readonly Client Bureau = new("hrss-henan", "11410000005184201M", PartyRole.Bureau,
        ["records:write:certification", "records:write:policy", "reports:read", "index:read"]);
    public static readonly Client Matcher = new("matcher-ref", "91110108MA01XXXX0H", PartyRole.Matcher, ["index:read", "match"]);
    public static readonly Client Steward = new("steward-console", "111000000000131257", PartyRole.Steward, ["consent:manage", "audit:read"]);

    public static IReadOnlyList<Client> All { get; } = [UniversityA, UniversityB, EmployerA, EmployerB, Bureau, Matcher, Steward];
}
