using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Core.Pseudonymisation;
using Exchange.Hub.Steward;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Exchange.Hub.Tests.Security;

/// <summary>How a subject's data stands towards the organisation its agreement and consent name.</summary>
public enum SubjectCondition
{
    /// <summary>An agreement in force and a consent in force both name the grantee.</summary>
    Shared,
    /// <summary>An agreement in force names the grantee, but the consent was withdrawn through the steward API.</summary>
    ConsentWithdrawn,
    /// <summary>The consent names the grantee, but the agreement's validity ended before today.</summary>
    AgreementExpired,
}

/// <summary>
/// One made-up graduate, stored as a record envelope, with the agreement and consent that concern it.
/// The consent names <see cref="ConsentGranteeOrganisation"/>, or — where that organisation's
/// test credit code fails GB 32100, so that no consent record can name it — the organisation's role.
/// </summary>
public sealed record WorldSubject(
    int Index,
    SubjectCondition Condition,
    string? GranteeOrganisation,
    string? GranteeRole,
    string? ConsentGranteeOrganisation,
    string? ConsentGranteeRole,
    string ProviderOrganisation,
    string ResidentId,
    string SubjectKey,
    Guid AgreementId,
    AgreementRequest Agreement,
    string ConsentSourceOrganisation,
    string ConsentRecordId,
    IReadOnlyList<string> PersonalValues)
{
    /// <summary>True when both the agreement and the consent name the caller (by organisation or role).</summary>
    public bool Names(TestClients.Client client) =>
        Covers(GranteeOrganisation, GranteeRole, client) && Covers(ConsentGranteeOrganisation, ConsentGranteeRole, client);

    private static bool Covers(string? organisation, string? role, TestClients.Client client) =>
        organisation is not null ? organisation == client.Organisation : role == Exchange.Access.Clients.PartyRoles.Name(client.Role);
}

/// <summary>
/// Data set up the way a deployment would: agreements and consents through the steward API,
/// graduate records straight into the merger (as ingest would seal them, resident id removed).
/// For every organisation of <see cref="TestClients"/>, one subject per <see cref="SubjectCondition"/>,
/// plus one subject shared with the employer role.
/// </summary>
public sealed class SubjectWorld
{
    public const string LegalBasis = "Provincial HRSS approval 2026-017 (matrix test)";

    /// <summary>A university that is no test client, whose data only expired agreements cover.</summary>
    public const string ExpiredProvider = "12330000470051726F";
    private static readonly string[] Categories = ["contact", "education", "identity"];

    private SubjectWorld(IReadOnlyList<WorldSubject> subjects) => Subjects = subjects;

    public IReadOnlyList<WorldSubject> Subjects { get; }

    /// <summary>Every personal value of every subject: none may appear in an answer that is not a permitted read.</summary>
    public IEnumerable<string> AllPersonalValues => Subjects.SelectMany(s => s.PersonalValues);

    public WorldSubject For(string organisation, SubjectCondition condition) =>
        Subjects.Single(s => s.GranteeOrganisation == organisation && s.Condition == condition);

    /// <summary>The subject shared with every employer.</summary>
    public WorldSubject SharedWithEmployers => Subjects.Single(s => s.GranteeRole == "employer");

    /// <param name="hub">The hub to fill.</param>
    /// <param name="employerRoleOnly">Only the subject shared with the employer role (enough for tests of one read).</param>
    public static async Task<SubjectWorld> BuildAsync(HubHost hub, bool employerRoleOnly = false)
    {
        var keys = hub.Services.GetRequiredService<LinkageKeys>();
        using var steward = hub.ClientFor(TestClients.Steward);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var subjects = new List<WorldSubject>();
        var grantees = TestClients.All.Select(c => c.Organisation).Distinct()
            .SelectMany(o => Enum.GetValues<SubjectCondition>().Select(c => (Organisation: (string?)o, Role: (string?)null, Condition: c)))
            .Append((Organisation: null, Role: "employer", Condition: SubjectCondition.Shared))
            .Where(g => !employerRoleOnly || g.Role is not null)
            .ToList();

        foreach (var (organisation, role, condition) in grantees)
        {
            var index = subjects.Count;
            // Agreements name a provider, not a subject: an expired agreement is only meaningful for a
            // provider that no agreement in force covers, else the one in force would release the record.
            var provider = condition == SubjectCondition.AgreementExpired
                ? ExpiredProvider
                : TestClients.All.FirstOrDefault(c => c.Organisation == organisation && c.Role == Exchange.Access.Clients.PartyRole.University)?.Organisation
                    ?? (index % 2 == 0 ? TestClients.UniversityA : TestClients.UniversityB).Organisation;
            var residentId = ResidentIds.Make(index);
            var subjectKey = keys.KeyFor(residentId)!;

            var agreement = new AgreementRequest(provider, new GranteeDto(organisation, role), Categories, ["matching"],
                condition == SubjectCondition.AgreementExpired ? today.AddDays(-400) : today.AddDays(-30),
                condition == SubjectCondition.AgreementExpired ? today.AddDays(-35) : today.AddDays(365),
                LegalBasis);
            var agreementId = await CreateAgreementAsync(steward, agreement);

            var consentRecordId = $"MATRIX-CON-{index:D3}";
            var (consentOrganisation, consentRole) = organisation is not null && !IsValidCreditCode(organisation)
                ? (null, Exchange.Access.Clients.PartyRoles.Name(TestClients.All.First(c => c.Organisation == organisation).Role))
                : (organisation, role);
            await RecordConsentAsync(steward, ConsentRecord(consentRecordId, residentId, consentOrganisation, consentRole, today));
            if (condition == SubjectCondition.ConsentWithdrawn)
            {
                using var withdrawn = await steward.PostAsync(
                    $"/v1/steward/consents/{TestClients.Steward.Organisation}/{consentRecordId}/withdraw", null, TestTimeout.Token());
                Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
            }

            var personal = await InsertGraduateAsync(hub, provider, index, subjectKey);
            subjects.Add(new WorldSubject(index, condition, organisation, role, consentOrganisation, consentRole, provider, residentId, subjectKey, agreementId, agreement,
                TestClients.Steward.Organisation, consentRecordId, personal));
        }
        return new SubjectWorld(subjects);
    }

    /// <summary>A canonical consent record (the shape of samples/consent.valid.json) for identity, education and contact, for matching.</summary>
    public static JsonObject ConsentRecord(string recordId, string residentId, string? organisation, string? role, DateOnly today) => new()
    {
        ["recordId"] = recordId,
        ["residentId"] = residentId,
        ["grantee"] = organisation is not null ? new JsonObject { ["organisationCreditCode"] = organisation } : new JsonObject { ["role"] = role },
        ["purposes"] = new JsonArray("matching"),
        ["dataCategories"] = new JsonArray(Categories.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()),
        ["validFrom"] = today.AddDays(-30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["validThrough"] = today.AddDays(365).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["status"] = "active",
        ["givenAt"] = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["evidence"] = new JsonObject { ["method"] = "online-click", ["reference"] = $"MATRIX-EVIDENCE-{recordId}" },
    };

    /// <summary>GB 32100: the 18th character of a unified social credit code is its check character.</summary>
    public static bool IsValidCreditCode(string code)
    {
        const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        int[] weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
        if (code.Length != 18)
            return false;
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var value = Alphabet.IndexOf(code[i], StringComparison.Ordinal);
            if (value < 0)
                return false;
            sum += value * weights[i];
        }
        return code[17] == Alphabet[(31 - sum % 31) % 31];
    }

    private static async Task<Guid> CreateAgreementAsync(HttpClient steward, AgreementRequest agreement)
    {
        using var response = await steward.PostAsJsonAsync("/v1/steward/agreements", agreement, JsonSerializerOptions.Web, TestTimeout.Token());
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Agreement not recorded: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<AgreementResponse>(JsonSerializerOptions.Web, TestTimeout.Token()))!.Id;
    }

    private static async Task RecordConsentAsync(HttpClient steward, JsonObject consent)
    {
        using var response = await steward.PostAsync("/v1/steward/consents",
            new StringContent(consent.ToJsonString(), Encoding.UTF8, "application/json"), TestTimeout.Token());
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Consent not recorded: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    // Seeded records take positions in a topic of their own, so that the merger's place in the real
    // record topics is untouched.
    private const string SeedTopic = "test.seeded-records";
    private static long _seedOffset;

    /// <summary>Stores a record of any kind as ingest and the merger would, its clear identifiers removed.</summary>
    public static async Task InsertRecordAsync(HubHost hub, string kind, string provider, JsonObject record, string subjectKey)
    {
        var stored = record.DeepClone().AsObject();
        stored.Remove("residentId");
        stored.Remove("certificateNumber");
        await MergeAsync(hub, Enum.Parse<Exchange.Core.Model.RecordKind>(kind, ignoreCase: true), provider, stored, subjectKey);
    }

    /// <summary>Stores a record of no subject (a vacancy, a programme) as ingest would seal it.</summary>
    public static Task<Guid> InsertRecordWithoutSubjectAsync(HubHost hub, Exchange.Core.Model.RecordKind kind, string provider, JsonObject record) =>
        MergeAsync(hub, kind, provider, record.DeepClone().AsObject(), null);

    private static async Task<Guid> MergeAsync(HubHost hub, Exchange.Core.Model.RecordKind kind, string provider, JsonObject stored, string? subjectKey)
    {
        var json = stored.ToJsonString();
        using var document = JsonDocument.Parse(json);
        var envelope = new Exchange.Core.Envelope.RecordEnvelope
        {
            Id = Guid.NewGuid(),
            Kind = kind,
            SchemaVersion = "v1",
            SourceOrganisation = provider,
            SourceRecordId = (string)stored["recordId"]!,
            ContentHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))),
            SubjectKey = subjectKey,
            ReceivedAt = DateTimeOffset.UtcNow,
            Record = document.RootElement.Clone(),
        };
        var position = new Exchange.Log.LogPosition(SeedTopic, 0, Interlocked.Increment(ref _seedOffset));
        await hub.Services.GetRequiredService<Exchange.Index.Merging.Merger>().MergeAsync([new(position, envelope)], TestTimeout.Token());
        return envelope.Id;
    }

    /// <summary>
    /// Two graduates without resident ids that the merger can neither link nor tell apart (the same
    /// name, a birth date a digit off, a neighbouring district, other schools and phones): each in a
    /// subject of its own, with an open review. Returns the review's id and the two records.
    /// </summary>
    public static async Task<(long ReviewId, Guid Record, Guid Candidate)> OpenReviewAsync(HubHost hub)
    {
        var unique = Interlocked.Increment(ref _seedOffset);
        // Days 1 to 8, so that the next day differs in one digit.
        var birth = new DateOnly(2000 + (int)(unique % 5), 1 + (int)(unique / 5 % 12), 1 + (int)(unique / 60 % 8));
        // A name of each call's own, so that one call's records meet none of another's.
        var name = "欧阳" + ReviewNameCharacters[(int)(unique % 20)] + ReviewNameCharacters[(int)(unique / 20 % 20)];
        var candidate = await MergeAsync(hub, Exchange.Core.Model.RecordKind.Graduate, TestClients.UniversityA.Organisation,
            KeylessGraduate($"REVIEW-A-{unique}", name, birth, $"31{unique:D8}", $"1370000{unique:D4}", "410102"), null);
        var record = await MergeAsync(hub, Exchange.Core.Model.RecordKind.Graduate, TestClients.UniversityA.Organisation,
            KeylessGraduate($"REVIEW-B-{unique}", name, birth.AddDays(1), $"9{unique:D4}0577", $"1360000{unique:D4}", "410105", institution: "4151010610"), null);
        await using var command = hub.Database.CreateCommand("select review_id from reviews where envelope_id = $1 and state = 'open'");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = record });
        var reviewId = await command.ExecuteScalarAsync(TestTimeout.Token());
        Assert.True(reviewId is long, "The two records did not open a review.");
        return ((long)reviewId!, record, candidate);
    }

    /// <summary>A graduate without a resident id in a subject of its own (linked by no key); returns its record.</summary>
    public static async Task<Guid> InsertKeylessGraduateAsync(HubHost hub)
    {
        var unique = Interlocked.Increment(ref _seedOffset);
        var record = KeylessGraduate($"KEYLESS-{unique}", "单独", new DateOnly(1999, 1, 1).AddDays((int)(unique * 53 % 1400)), $"33{unique:D8}", $"1350000{unique:D4}", "410102");
        record["name"] = $"单独{(char)('甲' + (int)(unique % 10))}{(char)('子' + (int)(unique / 10 % 10))}";
        return await MergeAsync(hub, Exchange.Core.Model.RecordKind.Graduate, TestClients.UniversityA.Organisation, record, null);
    }

    private static readonly string[] ReviewNameCharacters =
        ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平"];

    private static JsonObject KeylessGraduate(string recordId, string name, DateOnly birthDate, string studentId, string phone, string region, string institution = "4111010001")
    {
        var record = JsonNode.Parse(File.ReadAllText(SamplePath("graduate.valid.json")))!.AsArray()[0]!.AsObject();
        record.Remove("residentId");
        record["recordId"] = recordId;
        record["name"] = name;
        record["birthDate"] = birthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        record["studentId"] = studentId;
        record["institutionCode"] = institution;
        record["originRegion"] = region;
        record["contact"] = new JsonObject { ["phone"] = phone };
        return record;
    }

    /// <summary>Stores the first sample graduate, made unique, without its resident id; returns its personal values.</summary>
    public static async Task<IReadOnlyList<string>> InsertGraduateAsync(HubHost hub, string provider, int index, string subjectKey)
    {
        var record = JsonNode.Parse(await File.ReadAllTextAsync(SamplePath("graduate.valid.json")))!.AsArray()[0]!.AsObject();
        record.Remove("residentId");
        var recordId = $"MATRIX-{index:D3}";
        var studentId = $"99{index:D8}";
        var name = $"测试学生{index:D3}";
        var phone = $"1380099{index:D4}";
        var email = $"matrix.subject.{index:D3}@example.edu.cn";
        record["recordId"] = recordId;
        record["studentId"] = studentId;
        record["name"] = name;
        record["contact"] = new JsonObject { ["phone"] = phone, ["email"] = email };
        await MergeAsync(hub, Exchange.Core.Model.RecordKind.Graduate, provider, record, subjectKey);
        return [name, studentId, phone, email];
    }

    private static string SamplePath(string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "samples", name);
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException($"samples/{name} was not found above {AppContext.BaseDirectory}.");
    }
}
