using System.Net;
using Exchange.Access.Tokens;
using Exchange.Hub.Steward;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;

namespace Exchange.Hub.Tests.Security;

/// <summary>
/// The attacks of RFC 8725 over HTTP, against a steward endpoint and the subject endpoint: each is
/// answered 401 with a generic problem and a Bearer challenge, and the audit names the specific reason.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TokenAttackTests(PostgresFixture postgres)
{
    private const string AgreementsPath = "/v1/steward/agreements";

    [Theory]
    [MemberData(nameof(HostileTokens.Names), MemberType = typeof(HostileTokens))]
    public async Task Hostile_token_is_answered_401_with_a_generic_problem_and_audited_with_its_specific_reason(string attack)
    {
        var hostile = HostileTokens.Named(attack);
        await using var hub = await HubHost.StartAsync(postgres);
        var world = await SubjectWorld.BuildAsync(hub, employerRoleOnly: true);
        var subject = world.SharedWithEmployers;
        using var forge = await TokenForge.OpenAsync(hub.Issuer, TestTimeout.Token());
        await using var attacker = new LoopbackHttpServer();
        using var attackerKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        attacker.Serve(TokenForge.Jwks(attackerKey, "attacker-1"));
        var jku = attacker.Url("/attacker/jwks.json");
        var agreementIds = await ListAgreementIdsAsync(hub);

        var targets = new[]
        {
            (Path: AgreementsPath, Client: TestClients.Steward, AuditAction: (Func<string, bool>)(a => a == $"GET {AgreementsPath}")),
            (Path: $"/v1/subjects/{subject.SubjectKey}?purpose=matching", Client: TestClients.EmployerA,
                AuditAction: a => a.StartsWith("GET /v1/subjects/", StringComparison.Ordinal)),
        };
        foreach (var target in targets)
        {
            var authorization = hostile.Authorization(new AttackContext(forge, jku, target.Client));
            var (status, headers, contentType, body) = await SendAsync(hub, target.Path, authorization);

            Assert.True(status == HttpStatusCode.Unauthorized,
                $"{attack} on {target.Path}: expected 401, got {(int)status}" +
                (status == HttpStatusCode.RequestHeaderFieldsTooLarge
                    ? " (Kestrel's header limit answered before the hub could: raise Kestrel Limits.MaxRequestHeadersTotalSize / MaxRequestHeaderCount so the hub answers 401)."
                    : "."));
            Assert.Equal(AnswerChecks.ProblemJson, contentType);
            Assert.Contains(headers, h => h.Key == "WWW-Authenticate" && h.Value.Any(v => v.StartsWith("Bearer", StringComparison.Ordinal)));

            var forbidden = new List<string>
            {
                subject.SubjectKey, subject.ResidentId, SubjectWorld.LegalBasis, target.Client.ClientId, target.Client.Organisation,
                TestClients.Steward.ClientId, "consent:manage", "index:read", "audit:read", "records:write", forge.Kid, "attacker", "evil.example",
                "some-other-api", "id_token", "padding", "HS256", "ES256", "none", "jku", "kid", "expired", "signature", "algorithm", "audience",
                "1=1", "dev/null",
            };
            forbidden.AddRange(subject.PersonalValues);
            forbidden.AddRange(agreementIds);
            forbidden.AddRange(typeof(TokenFailureReasons).GetFields().Select(f => (string)f.GetValue(null)!));
            if (authorization is not null)
                forbidden.AddRange(authorization.Split(' ', '.').Where(part => part.Length >= 8).Select(part => part[..Math.Min(part.Length, 64)]));
            Assert.Empty(AnswerChecks.Leaked(body, forbidden));

            var audited = (await AuditReader.ReadAllAsync(hub)).Where(e => target.AuditAction(e.Action)).ToList();
            var entry = Assert.Single(audited);
            Assert.Equal("deny", entry.Decision);
            Assert.Equal(hostile.ExpectedRule, entry.Rule);
            // The claimed identity is not trusted: the entry must not attribute the call to the impersonated client.
            Assert.Equal("", entry.CallerClientId);
        }

        Assert.Equal(0, attacker.Connections);
    }

    [Fact]
    public async Task Hand_forged_token_without_a_defect_is_accepted_so_each_attack_fails_for_its_own_defect()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        var world = await SubjectWorld.BuildAsync(hub, employerRoleOnly: true);
        using var forge = await TokenForge.OpenAsync(hub.Issuer, TestTimeout.Token());

        var steward = new AttackContext(forge, new Uri("http://127.0.0.1:9/"), TestClients.Steward);
        var (status, _, _, body) = await SendAsync(hub, AgreementsPath, "Bearer " + forge.Sign(steward.Payload()));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(SubjectWorld.LegalBasis, AnswerChecks.TextsOf(body));

        var employer = steward with { Client = TestClients.EmployerA };
        (status, _, _, body) = await SendAsync(hub, $"/v1/subjects/{world.SharedWithEmployers.SubjectKey}?purpose=matching", "Bearer " + forge.Sign(employer.Payload()));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEmpty(AnswerChecks.Leaked(body, world.SharedWithEmployers.PersonalValues));
    }

    internal static async Task<(HttpStatusCode Status, IReadOnlyList<KeyValuePair<string, IEnumerable<string>>> Headers, string? ContentType, string Body)> SendAsync(
        HubHost hub, string path, string? authorization)
    {
        using var http = hub.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (authorization is not null)
            Assert.True(request.Headers.TryAddWithoutValidation("Authorization", authorization));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, TestTimeout.Token());
        }
        catch (HttpRequestException e)
        {
            Assert.Fail($"GET {path} with a {authorization?.Length ?? 0}-character Authorization header got no HTTP answer ({e.Message}); the hub must answer 401. " +
                "If Kestrel's header limit cut the connection, raise Kestrel Limits.MaxRequestHeadersTotalSize.");
            throw;
        }
        using (response)
        {
            var headers = response.Headers.Concat(response.Content.Headers).ToList();
            return (response.StatusCode, headers, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
        }
    }

    private static async Task<IReadOnlyList<string>> ListAgreementIdsAsync(HubHost hub)
    {
        using var steward = hub.ClientFor(TestClients.Steward);
        var agreements = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<List<AgreementResponse>>(
            steward, AgreementsPath, System.Text.Json.JsonSerializerOptions.Web, TestTimeout.Token());
        return agreements!.Select(a => a.Id.ToString()).ToList();
    }
}
