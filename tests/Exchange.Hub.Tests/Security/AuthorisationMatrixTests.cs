using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;

namespace Exchange.Hub.Tests.Security;

/// <summary>
/// Every endpoint of the OpenAPI document × every test client (and nobody) × own organisation's
/// data, another organisation's, withdrawn consent and expired agreement: no unauthorised 2xx,
/// and no personal field in any answer that is not a permitted read.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AuthorisationMatrixTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Every_endpoint_in_the_OpenAPI_document_has_an_authorisation_matrix_entry()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        var documented = await DocumentedEndpointsAsync(hub);
        var known = EndpointMatrix.Entries.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);

        Assert.True(documented.All(known.Contains),
            "Endpoints without an authorisation matrix entry (add them to Security/EndpointMatrix.cs): " + string.Join(", ", documented.Where(d => !known.Contains(d))));
        Assert.True(known.All(documented.Contains),
            "Matrix entries for endpoints the OpenAPI document does not list: " + string.Join(", ", known.Where(k => !documented.Contains(k))));
    }

    [Fact]
    public async Task No_caller_gets_an_unauthorised_2xx_or_a_personal_field_from_any_endpoint_under_any_data_condition()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        var world = await SubjectWorld.BuildAsync(hub);
        using var steward = hub.ClientFor(TestClients.Steward);
        var context = new MatrixContext(hub, steward);
        var documented = await DocumentedEndpointsAsync(hub);
        var violations = await ForgeConsentsAsync(hub, world);

        var succeeded = new HashSet<string>(StringComparer.Ordinal);
        var declared = await DocumentedStatusesAsync(hub);
        var undeclared = new SortedSet<string>(StringComparer.Ordinal);
        var cells = 0;
        // Reads first: the steward's authorised writes (revocations, withdrawals) must not change what the reads meet.
        var entries = documented
            .Select(key => EndpointMatrix.Entries.SingleOrDefault(e => e.Key == key) ?? throw new Xunit.Sdk.XunitException($"No matrix entry for {key}."))
            .OrderBy(e => e.Method == "GET" ? 0 : 1)
            .ToList();

        foreach (var entry in entries)
        {
            foreach (var caller in MatrixCaller.All)
            {
                using var http = caller.Http(hub);
                foreach (var condition in Enum.GetValues<MatrixCondition>())
                {
                    var subjects = EndpointMatrix.SubjectsFor(world, caller, condition);
                    if (subjects.Count == 0)
                    {
                        violations.Add($"{entry.Key} × {caller} × {condition}: the world has no subject for this cell.");
                        continue;
                    }
                    foreach (var subject in entry.PerSubject ? subjects : subjects.Take(1))
                    {
                        cells++;
                        var cell = $"{entry.Key} × {caller} × {condition} (subject {subject.Index})";
                        using var request = await entry.Request(context, caller, subject);
                        using var response = await http.SendAsync(request, TestTimeout.Token());
                        var body = await response.Content.ReadAsStringAsync();
                        var allowed = entry.MaySucceed(caller, subject);
                        var success = AnswerChecks.IsSuccess(response.StatusCode);
                        if (success)
                            succeeded.Add(entry.Key);
                        // A client generated from the document must know every answer the hub gives.
                        if (!declared[entry.Key].Contains(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)))
                            undeclared.Add($"{entry.Key} answered {(int)response.StatusCode}");

                        if (success && !allowed)
                            violations.Add($"{cell}: unauthorised {(int)response.StatusCode}.");
                        if (caller.Client is null && !entry.IsPublic && response.StatusCode != HttpStatusCode.Unauthorized)
                            violations.Add($"{cell}: anonymous call answered {(int)response.StatusCode}, not 401.");
                        if (entry.PerSubject && allowed && response.StatusCode != HttpStatusCode.OK)
                            violations.Add($"{cell}: a read that agreement and consent allow was answered {(int)response.StatusCode}.");

                        // Personal values: only the subject of a permitted read, and never a resident id.
                        var mayShow = !success ? []
                            : entry.MayShow is { } shown ? [.. shown(caller, world)]
                            : entry.PerSubject && allowed ? subject.PersonalValues : [];
                        var leaked = AnswerChecks.Leaked(body, world.AllPersonalValues.Except(mayShow).Concat(world.Subjects.Select(s => s.ResidentId)));
                        if (leaked.Count > 0)
                            violations.Add($"{cell}: answer {(int)response.StatusCode} carries personal values {string.Join(", ", leaked)}.");
                        if (entry.PerSubject && !success && AnswerChecks.Leaked(body, [subject.SubjectKey]).Count > 0)
                            violations.Add($"{cell}: a refused read echoes the linkage key.");
                    }
                }
            }
        }

        // The matrix must not pass vacuously: every protected endpoint answered its authorised caller with a 2xx at least once.
        foreach (var entry in entries.Where(e => !succeeded.Contains(e.Key)))
            violations.Add($"{entry.Key}: no caller ever got a 2xx, so the matrix proves nothing about it (fix the request builder).");

        violations.AddRange(undeclared.Select(answer => $"{answer}, a status its OpenAPI operation does not declare."));
        Assert.True(violations.Count == 0, $"{violations.Count} violations in {cells} cells:\n" + string.Join("\n", violations.Take(80)));
    }

    /// <summary>
    /// Before any read: every client pushes, for every subject, consents naming itself and its own
    /// role — the way an organisation would try to open another provider's data to itself. The
    /// universities first send the graduate records of the subjects they provide, so that both
    /// rules are met: "not the subject's institution" and "not to yourself". None may be accepted;
    /// the reads that follow must then find exactly what the steward's agreements and consents allow.
    /// </summary>
    private static async Task<List<string>> ForgeConsentsAsync(HubHost hub, SubjectWorld world)
    {
        var violations = new List<string>();
        foreach (var university in new[] { TestClients.UniversityA, TestClients.UniversityB })
        {
            using var http = hub.ClientFor(university);
            foreach (var subject in world.Subjects.Where(s => s.ProviderOrganisation == university.Organisation))
                await ConsentWriteMatrixTests.PushAsync(http, "graduate", Samples.GraduateFor(university, subject.ResidentId), expectAccepted: true);
        }

        foreach (var client in TestClients.All)
        {
            using var http = hub.ClientFor(client);
            foreach (var subject in world.Subjects)
            {
                var grantees = new[]
                {
                    new JsonObject { ["organisationCreditCode"] = client.Organisation },
                    new JsonObject { ["role"] = Exchange.Access.Clients.PartyRoles.Name(client.Role) },
                };
                foreach (var grantee in grantees)
                {
                    var consent = ConsentWriteMatrixTests.Consent($"FORGED-{client.ClientId}-{subject.Index}-{grantee.First().Key}", subject.ResidentId,
                        grantee, "matching", ["identity", "education", "contact"]);
                    using var response = await http.PostAsync("/v1/records/consent",
                        new StringContent(new JsonArray(consent).ToJsonString(), System.Text.Encoding.UTF8, "application/json"), TestTimeout.Token());
                    var body = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode == HttpStatusCode.OK && (int)JsonNode.Parse(body)!["accepted"]! > 0)
                        violations.Add($"{client.ClientId} recorded a consent naming {grantee.ToJsonString()} for subject {subject.Index}.");
                }
            }
        }
        return violations;
    }

    /// <summary>The response statuses each operation of the OpenAPI document declares, by "METHOD /template".</summary>
    private static async Task<Dictionary<string, HashSet<string>>> DocumentedStatusesAsync(HubHost hub)
    {
        using var http = hub.Anonymous();
        using var document = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json", TestTimeout.Token()));
        var statuses = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            var template = path.Name.Length > 1 ? path.Name.TrimEnd('/') : path.Name;
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Value.TryGetProperty("responses", out _)))
                statuses[$"{operation.Name.ToUpperInvariant()} {template}"] = [.. operation.Value.GetProperty("responses").EnumerateObject().Select(r => r.Name)];
        }
        return statuses;
    }

    /// <summary>"METHOD /template" for every operation of the hub's OpenAPI document.</summary>
    internal static async Task<IReadOnlyList<string>> DocumentedEndpointsAsync(HubHost hub)
    {
        using var http = hub.Anonymous();
        using var document = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json", TestTimeout.Token()));
        var endpoints = new List<string>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            var template = path.Name.Length > 1 ? path.Name.TrimEnd('/') : path.Name;
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (operation.Name is "get" or "put" or "post" or "delete" or "patch" or "head" or "options" or "trace")
                    endpoints.Add($"{operation.Name.ToUpperInvariant()} {template}");
            }
        }
        return endpoints.Distinct().ToList();
    }
}
