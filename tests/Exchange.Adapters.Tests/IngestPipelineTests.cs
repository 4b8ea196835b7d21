using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Adapters.Ingest;
using Exchange.Core.Identifiers;
using Exchange.Core.Model;
using Exchange.Log;
using Exchange.Testing;

namespace Exchange.Adapters.Tests;

[Collection(PostgresCollection.Name)]
public sealed class IngestPipelineTests(PostgresFixture postgres)
{
    private const string University = "12100000400000624D";

    [Fact]
    public async Task Accepts_valid_records_and_appends_them_to_the_kind_topic_keyed_by_subject()
    {
        await using var harness = await IngestHarness.CreateAsync(postgres);
        var records = IngestHarness.Sample("graduate.valid.json");

        var result = await harness.Pipeline.IngestAsync(Batch(records), TestTimeout.Token());

        Assert.Equal(records.Count, result.Accepted);
        Assert.All(result.Outcomes, o => Assert.NotNull(o.EnvelopeId));
        var messages = await harness.ReadAllAsync(Topics.For(RecordKind.Graduate));
        Assert.Equal(records.Count, messages.Count);
        Assert.All(messages, m =>
        {
            Assert.Equal(64, m.Key!.Length); // the linkage key, hex HMAC-SHA256
            Assert.Equal(m.Key, m.Headers[CloudEventHeaders.Subject]);
            Assert.DoesNotContain("residentId", Encoding.UTF8.GetString(m.Value.Span), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Rejects_invalid_record_with_problems_and_a_dead_letter_without_the_resident_id()
    {
        await using var harness = await IngestHarness.CreateAsync(postgres);
        var invalid = IngestHarness.Sample("graduate.invalid.json")[0]; // resident id check character wrong
        var residentId = JsonNode.Parse(invalid)!["residentId"]!.GetValue<string>();

        var result = await harness.Pipeline.IngestAsync(Batch([invalid]), TestTimeout.Token());

        var outcome = Assert.Single(result.Outcomes);
        Assert.Equal(IngestStatus.Rejected, outcome.Status);
        Assert.Contains(outcome.Problems, p => p.Code == "resident-id.check-character");
        Assert.Equal(0, await harness.CountAsync(RecordKind.Graduate));

        var letter = Assert.Single(await harness.ReadAllAsync(Topics.DeadLetter));
        var value = Encoding.UTF8.GetString(letter.Value.Span);
        Assert.DoesNotContain(residentId, value, StringComparison.Ordinal);
        Assert.DoesNotContain("residentId", value, StringComparison.Ordinal);
        Assert.All(letter.Headers.Values, h => Assert.DoesNotContain(residentId, h, StringComparison.Ordinal));
        Assert.Contains("resident-id.check-character", letter.Headers[DeadLetter.Reason], StringComparison.Ordinal);
        Assert.Equal("row 1", letter.Headers["ingest_origin"]);
        Assert.Equal("张晓雯", JsonNode.Parse(value)!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Dead_letters_had_no_ce_id_and_were_keyed_by_record_id_not_linkage_key()
    {
        await using var harness = await IngestHarness.CreateAsync(postgres);
        var valid = JsonNode.Parse(IngestHarness.Sample("graduate.valid.json")[0])!.AsObject();
        var badCohort = valid.DeepClone().AsObject();
        badCohort["recordId"] = "DL-COHORT";
        badCohort["cohort"] = 1900; // the resident id is good: the subject is known
        var badId = valid.DeepClone().AsObject();
        badId["recordId"] = "DL-BADID";
        badId["residentId"] = "410102200304120223"; // wrong check character: no subject can be derived

        await harness.Pipeline.IngestAsync(Batch([Encoding.UTF8.GetBytes(badCohort.ToJsonString()), Encoding.UTF8.GetBytes(badId.ToJsonString())]), TestTimeout.Token());

        var letters = await harness.ReadAllAsync(Topics.DeadLetter);
        Assert.Equal(2, letters.Count);
        Assert.All(letters, letter =>
        {
            Assert.True(Guid.TryParse(letter.Headers[CloudEventHeaders.Id], out _));
            Assert.True(DateTimeOffset.TryParse(letter.Headers[CloudEventHeaders.Time], System.Globalization.CultureInfo.InvariantCulture, out _));
            Assert.Equal(CloudEventHeaders.SpecVersion, letter.Headers[CloudEventHeaders.SpecVersionHeader]);
        });
        Assert.NotEqual(letters[0].Headers[CloudEventHeaders.Id], letters[1].Headers[CloudEventHeaders.Id]);
        var known = letters.Single(l => l.Headers[CloudEventHeaders.SourceRecordId] == "DL-COHORT");
        Assert.Equal(64, known.Key!.Length);
        Assert.Equal(known.Key, known.Headers[CloudEventHeaders.Subject]);
        var unknown = letters.Single(l => l.Headers[CloudEventHeaders.SourceRecordId] == "DL-BADID");
        Assert.Equal($"{University}/DL-BADID", unknown.Key);
        Assert.False(unknown.Headers.ContainsKey(CloudEventHeaders.Subject));
    }

    [Fact]
    public async Task Resending_the_same_batch_answers_duplicates_and_appends_nothing()
    {
        await using var harness = await IngestHarness.CreateAsync(postgres);
        var records = IngestHarness.Sample("certification.valid.json");
        await harness.Pipeline.IngestAsync(Batch(records, RecordKind.Certification), TestTimeout.Token());

        // A restarted process has its own pipeline; the registry in PostgreSQL remembers.
        var again = await harness.NewPipeline().IngestAsync(Batch(records, RecordKind.Certification), TestTimeout.Token());

        Assert.Equal(records.Count, again.Duplicates);
        Assert.All(again.Outcomes, o => Assert.Null(o.EnvelopeId));
        Assert.Equal(records.Count, await harness.CountAsync(RecordKind.Certification));
    }

    [Fact]
    public async Task One_bad_record_never_sinks_the_batch()
    {
        await using var harness = await IngestHarness.CreateAsync(postgres);
        var good = IngestHarness.Sample("vacancy.valid.json");
        IReadOnlyList<byte[]> mixed = [good[0], "{not json"u8.ToArray(), "[1,2]"u8.ToArray(), good[1], good[0]];

        var result = await harness.Pipeline.IngestAsync(Batch(mixed, RecordKind.Vacancy), TestTimeout.Token());

        Assert.Equal(
            [IngestStatus.Accepted, IngestStatus.Rejected, IngestStatus.Rejected, IngestStatus.Accepted, IngestStatus.Duplicate],
            result.Outcomes.Select(o => o.Status));
        Assert.Equal("input.not-json", result.Outcomes[1].Problems[0].Code);
        Assert.Equal(2, await harness.CountAsync(RecordKind.Vacancy));
        Assert.Equal(2, await harness.CountAsync(Topics.DeadLetter));
        Assert.Equal((2, 1, 2), (result.Accepted, result.Duplicates, result.Rejected));
    }

    [Fact]
    public async Task Mapping_problems_reject_a_record_that_would_otherwise_pass()
    {
        await using var harness = await IngestHarness.CreateAsync(postgres);
        var record = IngestHarness.Sample("vacancy.valid.json")[0];
        var problem = new Exchange.Core.Validation.Problem("/payMin", "csv.bad-integer", "bad", "错误");

        var result = await harness.Pipeline.IngestAsync(
            new IngestBatch(RecordKind.Vacancy, University, [new IngestRecord("row 2", record) { MappingProblems = [problem] }]),
            TestTimeout.Token());

        Assert.Equal(problem, Assert.Single(Assert.Single(result.Outcomes).Problems));
        Assert.Equal(0, await harness.CountAsync(RecordKind.Vacancy));
    }

    [Fact]
    public void Redaction_removes_resident_ids_under_any_name()
    {
        var redacted = Encoding.UTF8.GetString(RejectedRecordLetter.Redact(
            """{"recordId":"x","residentID":"410102200304120222","notes":["id 41010220030412022X here"],"certificateNumber":"51010420021103037143"}"""u8));

        Assert.DoesNotContain("4101022003041202", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("certificateNumber", redacted, StringComparison.Ordinal);
        Assert.Equal("x", JsonNode.Parse(redacted)!["recordId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Dead_letter_of_a_record_with_ids_as_record_id_number_and_property_name_carries_no_id_in_key_headers_or_value()
    {
        await using var harness = await IngestHarness.CreateAsync(postgres);
        const string Id = "410102200304120222";
        var record = JsonNode.Parse(IngestHarness.Sample("graduate.valid.json")[0])!.AsObject();
        record["recordId"] = Id;
        record["extra"] = JsonValue.Create(410102200304120222L);
        record[Id] = "named by an id";
        record["preferences"]!["notes"] = new JsonObject { ["deep"] = new JsonArray("在 " + Id + " 里") };

        var result = await harness.Pipeline.IngestAsync(Batch([JsonSerializer.SerializeToUtf8Bytes(record)]), TestTimeout.Token());

        var outcome = Assert.Single(result.Outcomes);
        Assert.Equal(IngestStatus.Rejected, outcome.Status);
        Assert.DoesNotContain(Id, outcome.RecordId ?? "", StringComparison.Ordinal);
        Assert.All(outcome.Problems, p => Assert.DoesNotContain(Id, p.Pointer + p.Message + p.MessageZh, StringComparison.Ordinal));
        var letter = Assert.Single(await harness.ReadAllAsync(Topics.DeadLetter));
        var everything = letter.Key + string.Concat(letter.Headers.Select(h => h.Key + h.Value)) + Encoding.UTF8.GetString(letter.Value.Span);
        Assert.False(ResidentIdScrubber.ContainsResidentId(everything), everything);
        Assert.Contains(ResidentIdScrubber.Marker, everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accepted_record_with_an_id_in_free_text_is_stored_with_the_id_replaced()
    {
        await using var harness = await IngestHarness.CreateAsync(postgres);
        var record = JsonNode.Parse(IngestHarness.Sample("graduate.valid.json")[0])!.AsObject();
        record["skills"] = new JsonArray("Excel", "同学身份证１１０１０５１９４９１２３１００２Ｘ");

        var result = await harness.Pipeline.IngestAsync(Batch([JsonSerializer.SerializeToUtf8Bytes(record)]), TestTimeout.Token());

        Assert.Equal(IngestStatus.Accepted, Assert.Single(result.Outcomes).Status);
        var stored = JsonNode.Parse(Assert.Single(await harness.ReadAllAsync(Topics.For(RecordKind.Graduate))).Value.Span)!;
        Assert.Equal("同学身份证" + ResidentIdScrubber.Marker, (string)stored["skills"]![1]!);
    }

    private static IngestBatch Batch(IReadOnlyList<byte[]> records, RecordKind kind = RecordKind.Graduate) =>
        new(kind, University, [.. records.Select((r, i) => new IngestRecord(FormattableString.Invariant($"row {i + 1}"), r))]);
}
