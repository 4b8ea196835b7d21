using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Access.Clients;
using Exchange.Hub.Steward;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;

namespace Exchange.Hub.Tests.Security;

/// <summary>One caller of the matrix: a registered client (with its registered scopes unless narrowed) or nobody.</summary>
public sealed record MatrixCaller(string Name, TestClients.Client? Client, string? Scope = null)
{
    public static IReadOnlyList<MatrixCaller> All { get; } =
    [
        .. TestClients.All.Select(c => new MatrixCaller(c.ClientId, c)),
        new("steward-console (audit:read only)", TestClients.Steward, "audit:read"),
        new("steward-console (consent:manage only)", TestClients.Steward, "consent:manage"),
        new("anonymous", null),
    ];

    /// <summary>The scopes the hub grants: asked for and registered.</summary>
    public IReadOnlySet<string> Scopes => Client is null
        ? new HashSet<string>()
        : (Scope ?? string.Join(' ', Client.Scopes)).Split(' ').Intersect(Client.Scopes).ToHashSet(StringComparer.Ordinal);

    public bool IsStewardWith(string scope) => Client?.Role == PartyRole.Steward && Scopes.Contains(scope);

    /// <summary>Whose data is "own": the client's organisation; anonymous callers are measured against the first university's.</summary>
    public TestClients.Client Owner => Client ?? TestClients.UniversityA;

    public HttpClient Http(HubHost hub) => Client is null ? hub.Anonymous() : hub.ClientFor(Client, Scope);

    public override string ToString() => Name;
}

/// <summary>The data conditions every endpoint is tried under.</summary>
public enum MatrixCondition
{
    OwnOrganisation,
    OtherOrganisation,
    ConsentWithdrawn,
    AgreementExpired,
}

/// <summary>What the request builders may use besides the caller and the subject.</summary>
public sealed record MatrixContext(HubHost Hub, HttpClient Steward);

/// <summary>
/// One endpoint of the hub in the authorisation matrix: how to call it about a subject, and who
/// may get a 2xx. <see cref="PerSubject"/>: tried for every subject of a condition rather than one.
/// </summary>
public sealed record MatrixEntry(
    string Method,
    string Template,
    Func<MatrixCaller, WorldSubject, bool> MaySucceed,
    Func<MatrixContext, MatrixCaller, WorldSubject, Task<HttpRequestMessage>> Request,
    bool PerSubject = false)
{
    public string Key => $"{Method} {Template}";

    public bool IsPublic { get; init; }

    /// <summary>
    /// For an endpoint that answers about many subjects (a search, the change feed): the personal values a
    /// successful answer may carry for this caller; none when null and not <see cref="PerSubject"/>.
    /// </summary>
    public Func<MatrixCaller, SubjectWorld, IEnumerable<string>>? MayShow { get; init; }
}

/// <summary>Every endpoint of the hub and its access rule; the OpenAPI document must list exactly these.</summary>
public static class EndpointMatrix
{
    private const string ConsentManage = "consent:manage";
    private const string AuditRead = "audit:read";

    public static IReadOnlyList<MatrixEntry> Entries { get; } =
    [
        new("GET", "/health", (_, _) => true, (_, _, _) => Get("/health")) { IsPublic = true },
        new("GET", "/health/live", (_, _) => true, (_, _, _) => Get("/health/live")) { IsPublic = true },
        new("GET", "/health/ready", (_, _) => true, (_, _, _) => Get("/health/ready")) { IsPublic = true },

        new("GET", "/v1/subjects/{subjectKey}",
            (caller, subject) => caller.Client is { } client && caller.Scopes.Contains("index:read")
                && subject.Condition == SubjectCondition.Shared && subject.Names(client),
            (_, _, subject) => Get($"/v1/subjects/{subject.SubjectKey}?purpose=matching"),
            PerSubject: true),

        // Search answers every index reader, with only the graduates whose agreement and consent name it.
        new("GET", "/v1/graduates", (caller, _) => caller.Scopes.Contains(IndexRead), (_, _, _) => Get("/v1/graduates?purpose=matching&limit=200"))
        {
            MayShow = (caller, world) => caller.Client is { } client
                ? world.Subjects.Where(s => s.Condition == SubjectCondition.Shared && s.Names(client)).SelectMany(s => s.PersonalValues)
                : [],
        },
        new("GET", "/v1/graduates/{handle}",
            (caller, subject) => caller.Client is { } client && caller.Scopes.Contains(IndexRead)
                && subject.Condition == SubjectCondition.Shared && subject.Names(client),
            (context, caller, subject) => HandleRequestAsync(context, caller, subject),
            PerSubject: true),
        new("GET", "/v1/vacancies", (caller, _) => caller.Scopes.Contains(IndexRead), (_, _, _) => Get("/v1/vacancies?purpose=matching")),
        // A match for a graduate names the graduate by the caller's handle, which only a permitted read gives out;
        // others try a well-formed handle the hub never gave them.
        new("POST", "/v1/match",
            (caller, subject) => caller.Client is { } client && caller.Scopes.Contains("match") && caller.Scopes.Contains("index:read")
                && subject.Condition == SubjectCondition.Shared && subject.Names(client),
            async (context, caller, subject) => Post("/v1/match", new JsonObject
            {
                ["purpose"] = "matching",
                ["graduate"] = new JsonObject { ["handle"] = await HandleForAsync(context, caller, subject) },
            })),
        // Only a university, for its own graduate (by record id), against a stored vacancy.
        new("POST", "/v1/match/explain",
            (caller, subject) => caller.Client is { Role: PartyRole.University } client && caller.Scopes.Contains("match")
                && subject.ProviderOrganisation == client.Organisation,
            async (context, _, subject) => Post("/v1/match/explain", new JsonObject
            {
                ["graduate"] = new JsonObject { ["recordId"] = $"MATRIX-{subject.Index:D3}" },
                ["vacancy"] = await StoredVacancyAsync(context),
            })),

        new("GET", "/v1/steward/agreements", Steward, (_, _, _) => Get("/v1/steward/agreements")),
        new("POST", "/v1/steward/agreements", Steward, (_, _, subject) => Task.FromResult(
            new HttpRequestMessage(HttpMethod.Post, "/v1/steward/agreements") { Content = JsonContent.Create(subject.Agreement, options: JsonSerializerOptions.Web) })),
        new("GET", "/v1/steward/agreements/{id}", Steward, (_, _, subject) => Get($"/v1/steward/agreements/{subject.AgreementId}")),
        new("GET", "/v1/steward/agreements/{id}/history", Steward, (_, _, subject) => Get($"/v1/steward/agreements/{subject.AgreementId}/history")),
        new("PUT", "/v1/steward/agreements/{id}", Steward, async (context, _, subject) =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/steward/agreements/{subject.AgreementId}")
            {
                Content = JsonContent.Create(subject.Agreement, options: JsonSerializerOptions.Web),
            };
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{await CurrentVersionAsync(context, subject)}\"");
            return request;
        }),
        new("POST", "/v1/steward/agreements/{id}/revoke", Steward, async (context, _, subject) =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/steward/agreements/{subject.AgreementId}/revoke");
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{await CurrentVersionAsync(context, subject)}\"");
            return request;
        }),

        new("POST", "/v1/steward/consents", Steward, (_, caller, subject) =>
        {
            var consent = SubjectWorld.ConsentRecord(RecordIds.Fresh("MATRIX-POST-", 40), subject.ResidentId,
                subject.ConsentGranteeOrganisation, subject.ConsentGranteeRole, DateOnly.FromDateTime(DateTime.UtcNow));
            return Task.FromResult(new HttpRequestMessage(HttpMethod.Post, "/v1/steward/consents")
            {
                Content = new StringContent(consent.ToJsonString(), Encoding.UTF8, "application/json"),
            });
        }),
        new("GET", "/v1/steward/consents", Steward, (_, _, subject) => Get($"/v1/steward/consents?subject={subject.SubjectKey}")),
        new("POST", "/v1/steward/consents/{sourceOrganisation}/{sourceRecordId}/withdraw", Steward, (_, _, subject) => Task.FromResult(
            new HttpRequestMessage(HttpMethod.Post, $"/v1/steward/consents/{subject.ConsentSourceOrganisation}/{subject.ConsentRecordId}/withdraw"))),
        new("GET", "/v1/steward/consents/{sourceOrganisation}/{sourceRecordId}/history", Steward, (_, _, subject) =>
            Get($"/v1/steward/consents/{subject.ConsentSourceOrganisation}/{subject.ConsentRecordId}/history")),
        new("GET", "/v1/steward/consents/changes", Steward, (_, _, _) => Get("/v1/steward/consents/changes")),

        new("GET", "/v1/steward/links/{envelopeId}", Steward, async (context, _, _) =>
            new HttpRequestMessage(HttpMethod.Get, $"/v1/steward/links/{await SubjectWorld.InsertKeylessGraduateAsync(context.Hub)}")),
        new("POST", "/v1/steward/links/{envelopeId}/split", Steward, async (context, _, _) =>
            new HttpRequestMessage(HttpMethod.Post, $"/v1/steward/links/{(await SubjectWorld.OpenReviewAsync(context.Hub)).Candidate}/split")),
        new("GET", "/v1/steward/subjects/{subjectId}", Steward, (context, _, _) => SubjectRequestAsync(context)),
        new("GET", "/v1/steward/reviews", Steward, (_, _, _) => Get("/v1/steward/reviews")),
        new("GET", "/v1/steward/reviews/{reviewId}", Steward, async (context, _, _) =>
            new HttpRequestMessage(HttpMethod.Get, $"/v1/steward/reviews/{(await SubjectWorld.OpenReviewAsync(context.Hub)).ReviewId}")),
        new("POST", "/v1/steward/reviews/{reviewId}/accept", Steward, async (context, _, _) =>
            new HttpRequestMessage(HttpMethod.Post, $"/v1/steward/reviews/{(await SubjectWorld.OpenReviewAsync(context.Hub)).ReviewId}/accept")),
        new("POST", "/v1/steward/reviews/{reviewId}/reject", Steward, async (context, _, _) =>
            new HttpRequestMessage(HttpMethod.Post, $"/v1/steward/reviews/{(await SubjectWorld.OpenReviewAsync(context.Hub)).ReviewId}/reject")),

        // A batch answer is 200 whatever its records' outcomes; the matrix pushes the caller's own
        // institution's record, and RecordsApiTests check that another's is rejected per record.
        new("POST", "/v1/records/{kind}", (caller, _) => caller.Scopes.Contains("records:write:graduate"),
            (_, caller, _) => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, "/v1/records/graduate")
            {
                Content = new StringContent("[" + Samples.GraduateFor(caller.Owner).ToJsonString() + "]", Encoding.UTF8, "application/json"),
            })),

        new("GET", "/v1/steward/audit", (caller, _) => caller.IsStewardWith(AuditRead),
            (_, caller, _) => Get($"/v1/steward/audit?caller={caller.Owner.ClientId}")),

        // The change feed answers every index reader, an empty page without an agreement; it may show
        // the subjects whose agreement and consent name the caller, and nobody else's.
        new("GET", "/v1/changes", (caller, _) => caller.Client is not null && caller.Scopes.Contains("index:read"),
            (_, _, _) => Get("/v1/changes?purpose=matching&limit=1000"))
        {
            MayShow = (caller, world) => caller.Client is { } client && caller.Scopes.Contains("index:read")
                ? world.Subjects.Where(s => s.Condition == SubjectCondition.Shared && s.Names(client)).SelectMany(s => s.PersonalValues)
                : [],
        },

        // Reports count the world's graduates; only a caller with reports:read and a statistics agreement gets one.
        new("GET", "/v1/reports", (caller, _) => caller.Scopes.Contains(ReportsRead), (_, _, _) => Get("/v1/reports")),
        new("GET", "/v1/reports/{name}", (caller, _) => caller.Scopes.Contains(ReportsRead), async (context, caller, _) =>
        {
            if (caller.Scopes.Contains(ReportsRead))
                await StatisticsAgreementAsync(context, caller.Owner);
            return new HttpRequestMessage(HttpMethod.Get, "/v1/reports/outcomes?purpose=statistics&format=csv");
        }),

        // Bulk export: any caller with index:read may start one; a job's status, files and
        // cancellation are its starting client's alone. The matrix exports vacancies (no personal
        // values); ExportFlowTests check what a graduate file releases to whom.
        new("POST", "/v1/$export", IsIndexReader, (_, _, _) => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, ExportKickOff))),
        new("GET", "/v1/$export", IsIndexReader, (_, _, _) =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, ExportKickOff);
            request.Headers.TryAddWithoutValidation("Prefer", "respond-async");
            return Task.FromResult(request);
        }),
        new("GET", "/v1/export-jobs/{jobId}", IsIndexReader, async (context, caller, _) =>
            new HttpRequestMessage(HttpMethod.Get, await ExportJobAsync(context, caller, finished: false))),
        new("GET", "/v1/export-jobs/{jobId}/files/{fileName}", IsIndexReader, async (context, caller, _) =>
            new HttpRequestMessage(HttpMethod.Get, await ExportFileAsync(context, caller))),
        new("DELETE", "/v1/export-jobs/{jobId}", IsIndexReader, async (context, caller, _) =>
            new HttpRequestMessage(HttpMethod.Delete, await ExportJobAsync(context, caller, finished: false))),
    ];

    private const string ReportsRead = "reports:read";
    private const string IndexRead = "index:read";

    // The caller's own handle for the subject, given by a subject fetch; a handle never given when the fetch is refused.
    private static async Task<HttpRequestMessage> HandleRequestAsync(MatrixContext context, MatrixCaller caller, WorldSubject subject)
    {
        using var http = caller.Http(context.Hub);
        using var fetched = await http.GetAsync($"/v1/subjects/{subject.SubjectKey}?purpose=matching", TestTimeout.Token());
        var handle = fetched.IsSuccessStatusCode
            ? (await fetched.Content.ReadFromJsonAsync<JsonElement>(TestTimeout.Token())).GetProperty("subject").GetString()!
            : "cand_never-given";
        return new HttpRequestMessage(HttpMethod.Get, $"/v1/graduates/{handle}?purpose=matching");
    }

    private const string ExportKickOff = "/v1/$export?purpose=matching&_type=vacancy";

    private static bool IsIndexReader(MatrixCaller caller, WorldSubject _) => caller.Scopes.Contains("index:read");

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Uri, string, bool), Task<Uri>> ExportJobs = new();

    /// <summary>
    /// The status address of an export the caller started (one per hub, client and kind of use),
    /// or, for a caller that may not export, one the matcher started: the job of another client.
    /// </summary>
    private static Task<Uri> ExportJobAsync(MatrixContext context, MatrixCaller caller, bool finished)
    {
        var owner = caller.Client is { } client && caller.Scopes.Contains("index:read") ? client : TestClients.Matcher;
        return ExportJobs.GetOrAdd((context.Hub.Address, owner.ClientId, finished), async _ =>
        {
            if (finished)
                await VacancyAsync(context);
            using var http = context.Hub.ClientFor(owner);
            while (true)
            {
                // The kick-off cells may have filled the client's quota of running jobs: they finish within a poll or two.
                using var response = await http.PostAsync(ExportKickOff, null, TestTimeout.Token());
                if (response.StatusCode == System.Net.HttpStatusCode.Accepted)
                    return response.Content.Headers.ContentLocation!;
                Xunit.Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, response.StatusCode);
                await Task.Delay(TimeSpan.FromMilliseconds(500), TestTimeout.Token());
            }
        });
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Uri, Task> PushedVacancies = new();

    // One vacancy per hub, pushed by its employer and merged from the log like any other; not
    // seeded, so that the seeded records' numbering (which names the review pairs) is untouched.
    private static Task VacancyAsync(MatrixContext context) => PushedVacancies.GetOrAdd(context.Hub.Address, async _ =>
    {
        using var employer = context.Hub.ClientFor(TestClients.EmployerA);
        await ConsentWriteMatrixTests.PushAsync(employer, "vacancy", Samples.Valid("vacancy"), expectAccepted: true);
        await context.Hub.WaitForMergerAsync();
    });

    // A finished export's first file: the worker runs on the hub's own clock.
    private static async Task<string> ExportFileAsync(MatrixContext context, MatrixCaller caller)
    {
        var status = await ExportJobAsync(context, caller, finished: true);
        var owner = caller.Client is { } client && caller.Scopes.Contains("index:read") ? client : TestClients.Matcher;
        using var http = context.Hub.ClientFor(owner);
        while (true)
        {
            using var response = await http.GetAsync(status, TestTimeout.Token());
            if (response.StatusCode == System.Net.HttpStatusCode.OK)
                return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("output")[0].GetProperty("url").GetString()!;
            Xunit.Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
            await Task.Delay(TimeSpan.FromMilliseconds(200), TestTimeout.Token());
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Uri, string), Task> StatisticsAgreements = new();

    // One statutory-duty statistics agreement per hub and reading organisation, recorded by the steward before its first report read.
    private static Task StatisticsAgreementAsync(MatrixContext context, TestClients.Client reader) =>
        StatisticsAgreements.GetOrAdd((context.Hub.Address, reader.Organisation), async _ =>
        {
            using var response = await context.Steward.PostAsJsonAsync("/v1/steward/agreements", new AgreementRequest(null, new GranteeDto(reader.Organisation, null),
                ["education", "outcomes", "hardship", "disability"], ["statistics"], new DateOnly(2026, 1, 1), new DateOnly(2030, 12, 31),
                "Employment Promotion Law art. 48", null, "statutory-duty"), JsonSerializerOptions.Web, TestTimeout.Token());
            Xunit.Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        });

    /// <summary>The subjects a caller meets under a condition; the caller's own organisation's first.</summary>
    public static IReadOnlyList<WorldSubject> SubjectsFor(SubjectWorld world, MatrixCaller caller, MatrixCondition condition)
    {
        var owner = caller.Owner;
        var subjects = condition switch
        {
            MatrixCondition.OwnOrganisation => world.Subjects.Where(s => s.Condition == SubjectCondition.Shared && s.Names(owner)),
            MatrixCondition.OtherOrganisation => world.Subjects.Where(s => s.Condition == SubjectCondition.Shared && !s.Names(owner)),
            MatrixCondition.ConsentWithdrawn => world.Subjects.Where(s => s.Condition == SubjectCondition.ConsentWithdrawn),
            _ => world.Subjects.Where(s => s.Condition == SubjectCondition.AgreementExpired),
        };
        return subjects.OrderBy(s => s.GranteeOrganisation == owner.Organisation ? 0 : 1).ThenBy(s => s.Index).ToList();
    }

    private static bool Steward(MatrixCaller caller, WorldSubject _) => caller.IsStewardWith(ConsentManage);

    // The subject of a fresh record, looked up as the steward.
    private static async Task<HttpRequestMessage> SubjectRequestAsync(MatrixContext context)
    {
        using var response = await context.Steward.GetAsync($"/v1/steward/links/{await SubjectWorld.InsertKeylessGraduateAsync(context.Hub)}", TestTimeout.Token());
        var subjectId = (await response.Content.ReadFromJsonAsync<JsonElement>(TestTimeout.Token())).GetProperty("subjectId").GetInt64();
        return new HttpRequestMessage(HttpMethod.Get, $"/v1/steward/subjects/{subjectId}");
    }

    private static Task<HttpRequestMessage> Get(string path) => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, path));

    private static HttpRequestMessage Post(string path, JsonObject body) =>
        new(HttpMethod.Post, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Uri, Task<JsonObject>> Vacancies = new();

    // One sample vacancy of the first employer per hub; its reference as a match request names it.
    private static Task<JsonObject> StoredVacancyAsync(MatrixContext context) => Vacancies.GetOrAdd(context.Hub.Address, async _ =>
    {
        var vacancy = Samples.Valid("vacancy");
        await SubjectWorld.InsertRecordWithoutSubjectAsync(context.Hub, Exchange.Core.Model.RecordKind.Vacancy, (string)vacancy["employerCreditCode"]!, vacancy);
        return new JsonObject { ["sourceOrganisation"] = (string)vacancy["employerCreditCode"]!, ["recordId"] = (string)vacancy["recordId"]! };
    }).ContinueWith(t => (JsonObject)t.Result.DeepClone(), TaskScheduler.Default);

    // The handle a subject fetch gives the caller, or — where it gives none — a well-formed one the hub never gave out.
    private static async Task<string> HandleForAsync(MatrixContext context, MatrixCaller caller, WorldSubject subject)
    {
        if (caller.Client is not null)
        {
            using var http = caller.Http(context.Hub);
            using var response = await http.GetAsync($"/v1/subjects/{subject.SubjectKey}?purpose=matching", TestTimeout.Token());
            if (response.IsSuccessStatusCode)
                return (await response.Content.ReadFromJsonAsync<JsonElement>(TestTimeout.Token())).GetProperty("subject").GetString()!;
        }
        return "cand_" + new string('a', 26);
    }

    // Looked up as the steward, so that an authorised write would succeed and the matrix is not vacuous.
    private static async Task<int> CurrentVersionAsync(MatrixContext context, WorldSubject subject)
    {
        var agreement = await context.Steward.GetFromJsonAsync<AgreementResponse>(
            $"/v1/steward/agreements/{subject.AgreementId}", JsonSerializerOptions.Web, TestTimeout.Token());
        return agreement!.Version;
    }
}
