using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Exchange.Adapters.Formats.Fhir;
using Exchange.Core.Identifiers;
using Exchange.Hub.Tests.Support;
using Exchange.Log;
using Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Exchange.Hub.Tests.Security;

/// <summary>
/// Resident ids put everywhere a careless or hostile source could put them — string values,
/// numbers, property names, free text, record ids, nested objects, CSV cells and headers, FHIR
/// elements — pushed in every format, in both log modes: not one clear id in any byte of any
/// topic (keys, headers, values), any answer, or any log line, logged at the most verbose level.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class NoClearIdPastTheDoorTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Cases = 12;

    private static readonly string[] Regions = ["410102", "110101", "510104", "310104"];

    // Valid GB 11643 ids of people born 1990-2005, check character computed: the ids a real source holds.
    private static readonly Gen<string> GenId = Gen.Select(Gen.Int[0, Regions.Length - 1], Gen.Date[new DateTime(1990, 1, 1), new DateTime(2005, 12, 31)], Gen.Int[0, 999],
        (region, birth, sequence) =>
        {
            var body = Regions[region] + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + sequence.ToString("D3", CultureInfo.InvariantCulture);
            return body + ResidentId.ComputeCheckCharacter(body);
        });

    /// <summary>How an id is written: as is, lower-case x, full-width, legacy 15 digits, inside Chinese text.</summary>
    private static readonly Func<string, string>[] Spellings =
    [
        id => id,
        id => id.ToLowerInvariant(),
        id => string.Concat(id.Select(c => char.IsAsciiDigit(c) ? (char)(c - '0' + '０') : c == 'X' ? 'Ｘ' : c)),
        id => id[..6] + id[8..17],
        id => $"身份证号{id}，请核对",
    ];

    private static readonly Gen<Func<string, string>> GenSpelling = Gen.Int[0, Spellings.Length - 1].Select(i => Spellings[i]);

    [Theory]
    [InlineData("embedded")]
    [InlineData("kafka")]
    public async Task No_clear_resident_id_reaches_a_topic_an_answer_or_a_log_line(string mode)
    {
        var logs = new CapturedLogs();
        var settings = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace" };
        if (mode == "kafka")
            settings["Exchange:Kafka:Mock"] = "1";
        await using var hub = await HubHost.StartAsync(postgres, settings, logs);
        using var university = hub.ClientFor(TestClients.UniversityA);
        using var bureau = hub.ClientFor(TestClients.Bureau);
        var answers = new StringBuilder();
        var sent = new List<string>();

        var cases = Gen.Select(GenId, GenId, GenSpelling, GenSpelling).Array[Cases].Single();
        foreach (var (subject, stray, spell, spellOther) in cases)
        {
            sent.Add(subject);
            sent.Add(stray);
            var written = spell(stray);
            foreach (var (client, kind, content) in Pushes(subject, stray, written, spellOther(stray)))
            {
                using var response = await (client == "bureau" ? bureau : university).PostAsync($"/v1/records/{kind}", content, TestTimeout.Token());
                answers.Append(response.Headers).Append(response.Content.Headers).Append(Readable(await response.Content.ReadAsByteArrayAsync())).Append('\n');
            }
            // A token and a key in a path and a query string: the request log prints neither.
            using var probe = await university.GetAsync($"/v1/subjects/{stray}?purpose=matching&access_token=secret-token-in-a-query", TestTimeout.Token());
            answers.Append(Readable(await probe.Content.ReadAsByteArrayAsync()));
        }

        var (topics, keysAndHeaders) = await ReadEveryTopicAsync(hub.Services.GetRequiredService<IEventLog>());
        var leaks = new List<string>();
        // Keys are digests and traceparent a trace id, in hex: fifteen decimal digits in a row among
        // them are chance (a span id of 598276000709803b reads as a first-generation id), so they are
        // searched for the ids sent; the values and every other header are searched for any id at all.
        foreach (var (place, text, anyId) in new[] { ("topics", topics, true), ("topic keys and trace ids", keysAndHeaders, false),
                     ("answers", answers.ToString(), true), ("logs", logs.AllText, true) })
        {
            if (anyId && ResidentIdScrubber.ContainsResidentId(text))
                leaks.Add($"{place}: {Around(text)}");
            foreach (var id in sent.Where(id => text.Contains(id, StringComparison.OrdinalIgnoreCase) || text.Contains(id[..6] + id[8..17], StringComparison.Ordinal)))
                leaks.Add($"{place}: {id}");
        }
        if (logs.AllText.Contains("secret-token-in-a-query", StringComparison.Ordinal))
            leaks.Add("logs: the access_token of a query string");

        output.WriteLine($"{mode}: {sent.Count} ids sent in {Cases} cases; {topics.Length:N0} characters of topics, {answers.Length:N0} of answers, {logs.Lines.Count:N0} log lines scanned");
        Assert.True(topics.Contains(ResidentIdScrubber.Marker, StringComparison.Ordinal), "No marker in the topics: the test pushed nothing that was scrubbed.");
        Assert.True(logs.Lines.Count > 100, "Too few log lines: verbose logging did not reach the capture.");
        Assert.True(leaks.Count == 0, string.Join('\n', leaks.Distinct().Take(20)));
    }

    // Every position and format, each carrying the subject's id where it belongs and a stray id where it does not.
    private static IEnumerable<(string Client, string Kind, HttpContent Content)> Pushes(string subject, string stray, string written, string writtenOther)
    {
        JsonObject Graduate(string recordId)
        {
            var graduate = Samples.GraduateFor(TestClients.UniversityA, subject);
            graduate["birthDate"] = $"{subject[6..10]}-{subject[10..12]}-{subject[12..14]}";
            graduate["originRegion"] = subject[..6];
            graduate["sex"] = (subject[16] - '0') % 2 == 1 ? "1" : "2";
            graduate["recordId"] = recordId;
            return graduate;
        }

        var freeText = Graduate(RecordIds.Fresh("FREE-"));
        freeText["name"] = "张三" + written;
        freeText["skills"] = new JsonArray("Excel", $"证件{writtenOther}");
        var unknownNumber = Graduate(RecordIds.Fresh("NUM-"));
        unknownNumber["extra"] = JsonValue.Create(long.Parse(stray[..17], CultureInfo.InvariantCulture) * 10 + (stray[17] == 'X' ? 0 : stray[17] - '0'));
        var namedById = Graduate(RecordIds.Fresh("NAME-"));
        namedById[written] = "x";
        var nested = Graduate(RecordIds.Fresh("NEST-"));
        nested["preferences"]!["notes"] = new JsonObject { ["deep"] = new JsonArray(written) };
        var asRecordId = Graduate(stray);
        var asStudentId = Graduate(RecordIds.Fresh("SID-"));
        asStudentId["studentId"] = stray;
        var graduates = new[] { freeText, unknownNumber, namedById, nested, asRecordId, asStudentId };

        yield return ("university", "graduate", new StringContent(new JsonArray(graduates.Select(g => (JsonNode?)g.DeepClone()).ToArray()).ToJsonString(), Encoding.UTF8, "application/json"));
        yield return ("university", "graduate", new StringContent(string.Join('\n', graduates.Select(g => g.ToJsonString())) + "\n{\"recordId\":\"" + stray + "\",broken", Encoding.UTF8, "application/x-ndjson"));

        var csv = $"recordId,institutionCode,studentId,residentId,name,sex,birthDate,originRegion,educationLevel,majorCode,majorName,enrolmentDate,graduationDate,cohort,{written}\r\n"
            + $"CSV-{Guid.NewGuid():N},{freeText["institutionCode"]},{freeText["studentId"]},{subject},李四{writtenOther},{freeText["sex"]},{freeText["birthDate"]},{freeText["originRegion"]},21,120203K,会计学{written},2022-09-01,2026-06-30,2026,{stray}\r\n"
            + $"{stray},{freeText["institutionCode"]},{stray},{stray},王五,1,not-a-date,{subject[..6]},21,120203K,会计学,2022-09-01,2026-06-30,2026,{written}\r\n";
        yield return ("university", "graduate", new StringContent(csv, Encoding.UTF8, "text/csv"));

        var feedback = Samples.Valid("feedback").DeepClone().AsObject();
        feedback["recordId"] = RecordIds.Fresh("FB-");
        feedback["residentId"] = subject;
        feedback["comment"] = $"学生{written}反映推荐岗位合适，另附同学{writtenOther}";
        var feedbackStray = feedback.DeepClone().AsObject();
        feedbackStray["recordId"] = RecordIds.Fresh("FB-");
        feedbackStray["satisfaction"] = JsonValue.Create(long.Parse(stray[..17], CultureInfo.InvariantCulture));
        yield return ("university", "feedback", new StringContent(new JsonArray(feedback, feedbackStray).ToJsonString(), Encoding.UTF8, "application/json"));

        var consent = ConsentWriteMatrixTests.Consent(RecordIds.Fresh("CON-"), subject, new JsonObject { ["role"] = "employer" }, "matching", ["education"]);
        consent["evidence"]!["reference"] = $"签字表 {written}";
        var consentById = ConsentWriteMatrixTests.Consent(stray, subject, new JsonObject { ["role"] = "employer" }, "matching", ["education"]);
        yield return ("university", "consent", new StringContent(new JsonArray(consent, consentById).ToJsonString(), Encoding.UTF8, "application/json"));

        var fhirConsent = new JsonObject
        {
            ["resourceType"] = "Consent",
            ["id"] = stray,
            ["status"] = "active",
            ["scope"] = new JsonObject { ["text"] = written },
            ["patient"] = new JsonObject { ["identifier"] = new JsonObject { ["system"] = "urn:oid:2.16.156.10011.1.1", ["value"] = subject } },
            ["dateTime"] = "2026-03-01T10:15:00+08:00",
        };
        yield return ("university", "consent", new StringContent(fhirConsent.ToJsonString(), Encoding.UTF8, "application/fhir+json"));

        var observation = new JsonObject
        {
            ["resourceType"] = "Observation",
            ["id"] = "cert-" + Guid.NewGuid().ToString("N")[..8],
            ["identifier"] = new JsonArray(new JsonObject { ["system"] = "https://bureau.example.gov.cn/certifications", ["value"] = stray }),
            ["status"] = "final",
            ["code"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = FhirCertificationProfile.HardshipTypeSystem, ["code"] = "minimum-living-allowance" }) },
            ["subject"] = new JsonObject { ["identifier"] = new JsonObject { ["system"] = FhirCertificationProfile.ResidentIdSystem, ["value"] = subject } },
            ["effectivePeriod"] = new JsonObject { ["start"] = "2025-01-01", ["end"] = written },
            ["performer"] = new JsonArray(new JsonObject
            {
                ["identifier"] = new JsonObject { ["system"] = FhirCertificationProfile.CreditCodeSystem, ["value"] = TestClients.Bureau.Organisation },
                ["display"] = $"民政局经办{writtenOther}",
            }),
            ["note"] = new JsonArray(new JsonObject { ["text"] = written }),
        };
        var bundle = new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["type"] = "collection",
            ["entry"] = new JsonArray(new JsonObject { ["resource"] = observation }, new JsonObject { ["resource"] = new JsonObject { ["resourceType"] = "Patient", ["id"] = stray } }),
        };
        yield return ("bureau", "certification", new StringContent(bundle.ToJsonString(), Encoding.UTF8, "application/fhir+json"));
    }

    /// <summary>What every message of every topic carries, and apart from it their keys and headers.</summary>
    private static async Task<(string Values, string KeysAndHeaders)> ReadEveryTopicAsync(IEventLog log)
    {
        var text = new StringBuilder();
        var keysAndHeaders = new StringBuilder();
        foreach (var topic in Topics.All)
        {
            var partitions = await log.GetPartitionCountAsync(topic, TestTimeout.Token()) ?? 0;
            for (var partition = 0; partition < partitions; partition++)
            {
                var end = (await log.GetWatermarksAsync(topic, partition, TestTimeout.Token())).High;
                if (end == 0)
                    continue;
                await foreach (var message in log.ReplayAsync(topic, partition, 0, TestTimeout.Token()))
                {
                    keysAndHeaders.Append(message.Key).Append('|');
                    foreach (var (name, value) in message.Headers)
                        (name == "traceparent" ? keysAndHeaders : text).Append(name).Append('=').Append(value).Append('|');
                    keysAndHeaders.Append('\n');
                    text.Append(Readable(message.Value.Span)).Append('\n');
                    if (message.Offset + 1 >= end)
                        break;
                }
            }
        }
        return (text.ToString(), keysAndHeaders.ToString());
    }

    // Canonical JSON escapes non-ASCII (a full-width id becomes \uFF14…): decode it, so the scan sees the text as any reader would.
    private static string Readable(ReadOnlySpan<byte> value)
    {
        try
        {
            return JsonNode.Parse(value)?.ToJsonString(Relaxed) ?? "";
        }
        catch (System.Text.Json.JsonException)
        {
            return Encoding.UTF8.GetString(value);
        }
    }

    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Around(string text)
    {
        for (var i = 0; i + 15 <= text.Length; i++)
        {
            if (ResidentIdScrubber.ContainsResidentId(text.AsSpan(Math.Max(0, i - 40), Math.Min(text.Length - Math.Max(0, i - 40), 120))))
                return text.Substring(Math.Max(0, i - 40), Math.Min(text.Length - Math.Max(0, i - 40), 160));
        }
        return "(not located)";
    }
}
