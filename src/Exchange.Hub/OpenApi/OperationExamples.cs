using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Access.Consent;
using Exchange.Core.Model;
using Exchange.Core.Validation;
using Exchange.Hub.Health;
using Exchange.Hub.Ingest;
using Exchange.Hub.Steward;
using Exchange.Index.Queries;
using Exchange.Index.Resolution.Scoring;

namespace Exchange.Hub.OpenApi;

/// <summary>One operation's example: the body it takes (none for a read) and its success answer.</summary>
internal sealed record OperationExample(JsonNode? Request, int Status, JsonNode Response);

/// <summary>
/// An example request and answer for every operation, keyed by method and route template. Each is
/// an instance of the contract type the endpoint answers with, serialised as the hub serialises it,
/// or a record from <c>samples/</c>; the one rejected record is the invalid sample with the problems
/// the hub's own validator finds in it.
/// </summary>
internal sealed class OperationExamples(RecordValidator validator)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private const string University = "12100000400000624D";
    private const string Employer = "914403001922038216";
    private const string StewardClient = "steward-console";
    private static readonly Guid AgreementId = Guid.Parse("5b0d7a4e-3f0c-4c1a-9a57-2f6d1f0e8c11");
    private static readonly Guid EnvelopeId = Guid.Parse("0f8e5d8a-6c1b-4f57-8e0b-3d2c9b7a6e41");
    private static readonly Guid CandidateEnvelopeId = Guid.Parse("9a7c3e21-52d4-4b8e-a1f0-7e6d5c4b3a29");
    private static readonly DateTimeOffset At = new(2026, 3, 1, 2, 15, 0, TimeSpan.Zero);

    // A linkage key has this form (64 hex digits); this one is a hash of nothing anyone holds.
    private static readonly string SubjectKey = Convert.ToHexStringLower(SHA256.HashData("example subject"u8));
    private const string Handle = "cand_7q2m4xkd9hj3wv6tbn5rpc8yfa";

    /// <summary>The example for <c>GET /v1/steward/agreements</c>-style keys: the method, a space and the route template without a trailing slash.</summary>
    public OperationExample? For(string operation) => operation switch
    {
        "GET /health/live" => new(null, 200, Node(HealthAnswer.Live)),
        "GET /health/ready" or "GET /health" => new(null, 200, Node(Ready)),
        "POST /v1/records/{kind}" => Push(),
        "GET /v1/subjects/{subjectKey}" => new(null, 200, ReleasedSubject()),
        "GET /v1/graduates" => new(null, 200, Node(new Search.GraduatePageResponse([ReleasedSubject()], 20,
            "/v1/graduates?cursor=q3Vt0n9zK2mYfP1xW8cLbR4aTgH6eJdS5oNiAuEvZwQyMkXr&limit=20&purpose=matching&region=4101"))),
        "GET /v1/graduates/{handle}" => new(null, 200, ReleasedSubject()),
        "GET /v1/vacancies" => new(null, 200, Node(new Search.VacancyPageResponse([Vacancy], 50, null))),
        "POST /v1/$export" or "GET /v1/$export" => new(null, 202, Node(new Export.ExportKickOffResponse(ExportJobId.ToString(), ExportStatusUrl))),
        "GET /v1/export-jobs/{jobId}" => new(null, 200, Node(ExportManifest)),
        "DELETE /v1/export-jobs/{jobId}" => new(null, 202, Node(new Export.ExportCancelResponse(ExportJobId.ToString(), "cancelled"))),
        "GET /v1/export-jobs/{jobId}/files/{fileName}" => new(null, 200, ExportedGraduateLine()),
        "POST /v1/steward/agreements" => new(Node(AgreementRequest), 201, Node(Agreement(1, "active", AgreementRequest))),
        "GET /v1/steward/agreements" => new(null, 200, Node(new[] { Agreement(1, "active", AgreementRequest) })),
        "GET /v1/steward/agreements/{id}" => new(null, 200, Node(Agreement(2, "active", Revision))),
        "GET /v1/steward/agreements/{id}/history" => new(null, 200, Node(new[] { Agreement(1, "active", AgreementRequest), Agreement(2, "active", Revision) })),
        "PUT /v1/steward/agreements/{id}" => new(Node(Revision), 200, Node(Agreement(2, "active", Revision))),
        "POST /v1/steward/agreements/{id}/revoke" => new(null, 200, Node(Agreement(3, "revoked", Revision))),
        "POST /v1/steward/consents" => new(ExampleSamples.Valid("consent"), 201, Node(new ConsentWriteResponse("inserted", University, ConsentRecordId, false))),
        "GET /v1/steward/consents" => new(null, 200, Node(new[] { Consent })),
        "POST /v1/steward/consents/{sourceOrganisation}/{sourceRecordId}/withdraw" =>
            new(null, 200, Node(new ConsentWriteResponse("withdrawn", University, ConsentRecordId, true))),
        "GET /v1/steward/consents/{sourceOrganisation}/{sourceRecordId}/history" => new(null, 200, Node(new[]
        {
            new ConsentVersionResponse(2, ConsentVersion.Withdrawn, At.AddDays(30), Consent with { Status = "withdrawn", WithdrawnAt = At.AddDays(30) }),
            new ConsentVersionResponse(1, ConsentVersion.Received, At, Consent),
        })),
        "GET /v1/steward/consents/changes" => new(null, 200, Node(new[]
        {
            new ConsentChangeResponse(17, SubjectKey, new GranteeDto(null, "employer"), ConsentChange.Withdrawn, At.AddDays(30), University, ConsentRecordId),
        })),
        "GET /v1/steward/audit" => new(null, 200, Node(AuditPage)),
        "GET /v1/reports" => new(null, 200, Node(Reports.ReportsApi.List().Value!)),
        "GET /v1/reports/{name}" => new(null, 200, ExampleReport.Json()),
        "GET /v1/changes" => new(null, 200, Node(ChangePage())),
        "GET /v1/steward/links/{envelopeId}" => new(null, 200, Node(Link("probabilistic", 0.99995, "machine"))),
        "POST /v1/steward/links/{envelopeId}/split" => new(null, 200, Node(Link("steward", 0.99995, "steward"))),
        "GET /v1/steward/subjects/{subjectId}" => new(null, 200, Node(Subject)),
        "POST /v1/match" => new(Node(ExampleMatch.VacancyRequest), 200, Node(ExampleMatch.VacancyResponse())),
        "POST /v1/match/explain" => new(Node(ExampleMatch.ExplainRequest), 200, Node(ExampleMatch.Explanation())),
        "GET /v1/steward/reviews" => new(null, 200, Node(new[] { Review("open", null) })),
        "GET /v1/steward/reviews/{reviewId}" => new(null, 200, Node(Review("open", null))),
        "POST /v1/steward/reviews/{reviewId}/accept" => new(null, 200, Node(Review("accepted", StewardClient))),
        "POST /v1/steward/reviews/{reviewId}/reject" => new(null, 200, Node(Review("rejected", StewardClient))),
        _ => null,
    };

    private static JsonNode Node<T>(T value) => JsonSerializer.SerializeToNode(value, Json)!;

    private static HealthAnswer Ready { get; } = new("healthy",
    [
        new("postgres", "healthy", "", 2.1),
        new("migrations", "healthy", "5 schemas at this build's version.", 3.4),
        new("event-log", "healthy", "Embedded log: its tables answer.", 1.8),
        new("merger-lag", "healthy", $"0 records behind (bound 100000, {HealthOptions.Section}:MaxMergerLag).", 12.6),
    ]);

    /// <summary>Two graduates from the samples, the second with a resident id whose check character is wrong: one accepted, one rejected.</summary>
    private OperationExample Push()
    {
        var good = ExampleSamples.Valid("graduate");
        var bad = ExampleSamples.Invalid("graduate");
        var problems = validator.Validate(RecordKind.Graduate, Encoding.UTF8.GetBytes(bad.ToJsonString())).Problems;
        var response = new PushResponse(1, 0, 1,
        [
            new PushOutcome(0, "record 0 (line 2)", (string?)good["recordId"], "accepted", EnvelopeId, null),
            new PushOutcome(1, "record 1 (line 27)", (string?)bad["recordId"], "rejected", null, RecordProblem.For(problems)),
        ]).WithoutResidentIds();
        return new(new JsonArray(good, bad), 200, Node(response));
    }

    /// <summary>An employer's page of the change feed: a graduate updated with the released fields only, a merge, a withdrawal.</summary>
    private static Changes.ChangePageResponse ChangePage() => new(
    [
        new("chg_3k7d2m9xq4hv6tbw5rpc8yfans", "record.updated", At, Handle, null, new Changes.ChangeRecordResponse("graduate", University), ReleasedSubject()["graduate"]!.AsObject()),
        new("chg_a5n2c7w4x9kd3m6q8tvr2hpybe", "subject.merged", At.AddMinutes(3), Handle, "cand_4hq9w2mx7kd3vb6tn5rpc8yfe", null, null),
        new("chg_q8x3n6c2w7kd4m9v5tbr2hpyae", "consent.withdrawn", At.AddDays(2), Handle, null, null, null),
    ],
        "Wm9TdjFkYXJrX2N1cnNvcl9leGFtcGxlX29ubHk");

    /// <summary>What an employer reading for matching sees: the graduate's identity, education and contact, never the resident id.</summary>
    private static Search.VacancyResponse Vacancy { get; } = new(
        318, Employer, "华为技术有限公司", "软件开发工程师（应届）", "2-02-10-03", "440307", "21", ["080901", "080902"], ["Java", "C++"], "open-ended", 12000, 18000, 30,
        ["step-free-access", "screen-reader"], ["disability-friendly"], new DateOnly(2026, 3, 1), new DateOnly(2026, 8, 31), [Employer + "/HW-2026-SZ-0311"]);
    private static readonly Guid ExportJobId = Guid.Parse("01938a4e-7c2d-7b10-9f3e-5d1c2b3a4f60");
    private const string ExportBase = "https://hub.example.org";
    private static string ExportStatusUrl => $"{ExportBase}/v1/export-jobs/{ExportJobId}";

    private static Export.ExportManifest ExportManifest => new(At, $"{ExportBase}/v1/$export?purpose=matching&_type=graduate,vacancy", true,
        [new($"graduate", $"{ExportStatusUrl}/files/graduate.ndjson", 1250), new("vacancy", $"{ExportStatusUrl}/files/vacancy.ndjson", 310)], [], null);

    // One line of a graduate file: the caller's handle, then the released fields.
    private static JsonObject ExportedGraduateLine()
    {
        var line = new JsonObject { ["subject"] = Handle };
        foreach (var (name, value) in ReleasedSubject()["graduate"]!.AsObject().ToList())
            line[name] = value?.DeepClone();
        return line;
    }

    private static JsonObject ReleasedSubject()
    {
        var graduate = ExampleSamples.Valid("graduate");
        foreach (var withheld in new[] { "residentId", "hardshipFlags" })
            graduate.Remove(withheld);
        return new JsonObject { ["graduate"] = graduate, ["subject"] = Handle };
    }

    private static AgreementRequest AgreementRequest { get; } = new(University, new GranteeDto(null, "employer"),
        ["identity", "education", "contact"], ["matching"], new DateOnly(2026, 3, 1), new DateOnly(2027, 2, 28),
        "Campus recruitment data-sharing agreement 2026, art. 3", "retain");

    private static AgreementRequest Revision { get; } = AgreementRequest with { ValidThrough = new DateOnly(2027, 8, 31) };

    private static AgreementResponse Agreement(int version, string status, AgreementRequest terms) => new(
        AgreementId, version, status, terms.ProviderOrganisation, terms.Grantee, [.. terms.Categories.Order(StringComparer.Ordinal)],
        [.. terms.Purposes.Order(StringComparer.Ordinal)], terms.ValidFrom, terms.ValidThrough, terms.LegalBasis, terms.OnWithdrawal ?? "retain",
        terms.LegalBasisType ?? "consent", At.AddDays(version - 1), StewardClient);

    private static string ConsentRecordId => (string)ExampleSamples.Valid("consent")["recordId"]!;

    private static ConsentResponse Consent => new(SubjectKey, new GranteeDto(null, "employer"), ["matching"], ["contact", "education", "identity"],
        new DateOnly(2026, 3, 1), new DateOnly(2027, 2, 28), "active", At, null, "online-click", "PKU-EMP-CONSENT-88231", University, ConsentRecordId);

    private static AuditPageResponse AuditPage { get; } = new(
    [
        new AuditEntryResponse(41, At, "huawei-hr", Employer, "matching", Handle, "GET /v1/subjects/{subjectKey}",
            ["graduate/name", "graduate/majorCode", "graduate/contact"], "permit", "permit",
            Convert.ToHexStringLower(SHA256.HashData("entry 40"u8)), Convert.ToHexStringLower(SHA256.HashData("entry 41"u8))),
    ], 41);

    private static readonly PairEvidence Evidence = new("graduate:" + EnvelopeId, "graduate:" + CandidateEnvelopeId, PairEvidence.Probabilistic, -14.2,
    [
        new ComparisonEvidence("name", 3, "exact", 0.91, 0.0002, 12.15, -0.4),
        new ComparisonEvidence("birthDate", 2, "exact", 0.95, 0.0004, 11.21, 0),
        new ComparisonEvidence("institutionCode", 1, "exact", 0.88, 0.02, 5.46, 0),
    ], 14.22, 0.99995, PairDecision.Link);

    private static LinkView Link(string rule, double score, string decidedBy) => new(EnvelopeId, "graduate", University, "PKU-2026-0001", 1042,
        rule, score, decidedBy, At, JsonDocument.Parse(Evidence.ToJson()).RootElement);

    private static ReviewView Review(string state, string? decidedBy) => new(7, EnvelopeId, 1043, 1042, CandidateEnvelopeId, 0.83, state, At,
        decidedBy, decidedBy is null ? null : At.AddHours(3), JsonDocument.Parse((Evidence with { MatchProbability = 0.83, Decision = PairDecision.Review }).ToJson()).RootElement);

    /// <summary>A graduate and a hardship certification from the samples, as the index holds them (no resident id), composed by the index's own survivorship.</summary>
    private static SubjectView Subject
    {
        get
        {
            var graduate = InIndex(ExampleSamples.Valid("graduate"));
            var certification = InIndex(ExampleSamples.Valid("certification"));
            var bureau = (string)certification["issuerCreditCode"]!;
            SourceVersion[] versions =
            [
                new(EnvelopeId, "graduate", University, (string)graduate["recordId"]!, "linkage-key", At, JsonSerializer.SerializeToElement(graduate)),
                new(CandidateEnvelopeId, "certification", bureau, (string)certification["recordId"]!, "linkage-key", At, JsonSerializer.SerializeToElement(certification)),
            ];
            return new SubjectView(1042, "active", null, 2,
                [.. versions.Select(v => new SubjectSource(v.EnvelopeId, v.Kind, v.SourceOrganisation, v.SourceRecordId, v.LinkRule, 1, "machine"))],
                Survivorship.Compose(versions, DateOnly.FromDateTime(At.UtcDateTime)));
        }
    }

    // A resident id never reaches the index: the ingest boundary keeps only its linkage key, in the envelope.
    private static JsonObject InIndex(JsonObject record)
    {
        record.Remove("residentId");
        return record;
    }
}
