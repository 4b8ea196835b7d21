using System.Globalization;
using Exchange.Access.Tokens;
using Exchange.Postgres;
using Microsoft.Extensions.Configuration;

namespace Exchange.Cli.Hub;

/// <summary>
/// <c>exchange serve --demo</c>: the embedded hub in development mode with people to be — the
/// development token issuer trusted, a steward, a university and a bureau registered, and the
/// development sign-in on — so that a new user can open the pages and sign in at once, and mint
/// API tokens for the same clients with <c>exchange token</c>. Never on a shared database: every
/// one of these clients acts without a password.
/// </summary>
internal static class DemoHub
{
    /// <summary>The steward the demo registers: manages agreements and consents, reads the audit.</summary>
    public const string StewardClient = "demo-steward";

    /// <summary>The university the demo registers: Peking University, whose student system pushes its graduates.</summary>
    public const string UniversityClient = "pku-sis";

    /// <summary>The bureau the demo registers: the grantee of a sample consent, reading subjects to deliver services.</summary>
    public const string BureauClient = "zz-bureau";

    /// <summary>
    /// A graduate of the samples (<c>samples/graduate.valid.json</c>, 张晓雯 of Peking University), with
    /// consents in <c>samples/consent.valid.json</c>: the resident id to type when signing in as a graduate.
    /// </summary>
    public const string SampleGraduateResidentId = "410102200304120222";

    // The organisations: a provincial data steward office, Peking University and its institution code, a city employment bureau.
    private const string StewardOrganisation = "111000000000131257";
    private const string UniversityOrganisation = "12100000400000624D";
    private const string UniversityInstitution = "4111010001";
    private const string BureauOrganisation = "11410100MB0123456B";

    /// <summary>Why the demo may not run with these settings, or null when it may.</summary>
    public static string? Refusal(string[] settings)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(HubHostBuilder.Pairs(settings)).Build();
        return configuration.UsesExternalDatabase()
            ? $"--demo lets anyone act as its clients without a password, so it runs only on the embedded database; ConnectionStrings:{DatabaseRegistration.ConnectionStringName} is set."
            : null;
    }

    /// <summary>
    /// The demo's settings, before the user's own (which may override any of them): the development
    /// issuer's key pair is created on first use in <see cref="DevelopmentTokenIssuer.DefaultKeyDirectory"/>,
    /// where <c>exchange token</c> finds it too.
    /// </summary>
    public static async Task<string[]> SettingsAsync(CancellationToken cancellationToken)
    {
        using var issuer = await DevelopmentTokenIssuer.OpenAsync(null, cancellationToken);
        var trusted = issuer.TrustedIssuer();
        List<string> settings =
        [
            $"Exchange:Tokens:Issuers:0:Issuer={trusted.Issuer}",
            $"Exchange:Tokens:Issuers:0:Audiences:0={DevelopmentTokenIssuer.DefaultAudience}",
            $"Exchange:Tokens:Issuers:0:JwksFile={trusted.JwksFile}",
            $"{Exchange.Hub.Ui.UiOptions.Section}:DevelopmentSignIn=true",
            $"Exchange:Ingest:Institutions:{UniversityOrganisation}={UniversityInstitution}",
        ];
        settings.AddRange(Client(0, trusted.Issuer, StewardClient, StewardOrganisation, "steward", "consent:manage", "audit:read"));
        settings.AddRange(Client(1, trusted.Issuer, UniversityClient, UniversityOrganisation, "university",
            "records:write:graduate", "records:write:certification", "records:write:consent", "records:write:service", "records:write:feedback", "index:read", "match"));
        settings.AddRange(Client(2, trusted.Issuer, BureauClient, BureauOrganisation, "bureau", "records:write:certification", "records:write:service", "index:read", "match", "reports:read"));
        return [.. settings];
    }

    private static IEnumerable<string> Client(int index, string issuer, string clientId, string organisation, string role, params string[] scopes)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"Exchange:Clients:{index}:");
        yield return $"{prefix}Issuer={issuer}";
        yield return $"{prefix}ClientId={clientId}";
        yield return $"{prefix}Organisation={organisation}";
        yield return $"{prefix}Role={role}";
        for (var i = 0; i < scopes.Length; i++)
            yield return string.Create(CultureInfo.InvariantCulture, $"{prefix}Scopes:{i}={scopes[i]}");
    }
}
