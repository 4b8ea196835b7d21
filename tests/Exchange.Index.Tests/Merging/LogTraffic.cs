using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Core.Envelope;
using Exchange.Core.Json;
using Exchange.Core.Model;
using Exchange.Core.Pseudonymisation;
using Exchange.Index.Merging;
using Exchange.Log;
using Exchange.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Exchange.Index.Tests.Merging;

/// <summary>
/// What senders put on the log over a while: graduates and certifications of many people, several
/// versions of many records interleaved over the whole log, versions sent again, appends retried,
/// and now and then a message that is no sealed record.
/// </summary>
internal static class LogTraffic
{
    private const string Sender = "12100000400000624D";
    private static readonly LinkageKeys Keys = new(SHA256.HashData("log traffic"u8));
    private static readonly string[] Majors = ["会计学", "审计学", "财务管理", "金融学", "软件工程", "护理学", "法学"];

    /// <summary>Appends the records of <paramref name="people"/> people; returns every message with where it was stored and its envelope (none for the poison).</summary>
    public static async Task<List<MergeInput>> AppendAsync(IEventLog log, int people, Random random)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 8, 0, 0, TimeSpan.Zero));
        var pseudonymiser = new Pseudonymiser(Keys, clock);
        var records = new List<(RecordKind Kind, Queue<JsonObject> Versions)>();
        for (var person = 0; person < people; person++)
        {
            var residentId = ResidentIdFor(person);
            for (var g = random.Next(1, 3); g > 0; g--)
                records.Add((RecordKind.Graduate, new Queue<JsonObject>(Enumerable.Range(0, random.Next(1, 5)).Select(_ => Graduate($"G-{person}-{g}", residentId, random)))));
            for (var c = random.Next(0, 3); c > 0; c--)
                records.Add((RecordKind.Certification, new Queue<JsonObject>(Enumerable.Range(0, random.Next(1, 4)).Select(_ => Certification($"C-{person}-{c}", residentId, random)))));
        }

        var stream = new List<(RecordKind Kind, LogMessage Message, RecordEnvelope? Envelope)>();
        var sent = new List<(RecordKind Kind, JsonObject Record)>();
        while (records.Count > 0)
        {
            var i = random.Next(records.Count);
            var (kind, versions) = records[i];
            var record = versions.Dequeue();
            if (versions.Count == 0)
                records.RemoveAt(i);
            clock.Advance(TimeSpan.FromSeconds(1));
            var envelope = Seal(pseudonymiser, kind, record);
            stream.Add((kind, CloudEventHeaders.ToMessage(envelope), envelope));
            sent.Add((kind, record));

            var roll = random.NextDouble();
            if (roll < 0.05)
            {
                // A version sent before, sent again: the same content, sealed anew.
                var (againKind, againRecord) = sent[random.Next(sent.Count)];
                var again = Seal(pseudonymiser, againKind, againRecord);
                stream.Add((againKind, CloudEventHeaders.ToMessage(again), again));
            }
            else if (roll < 0.08)
            {
                // An append retried: the very same message twice.
                stream.Add(stream[random.Next(stream.Count)]);
            }
            else if (roll < 0.085)
            {
                stream.Add(Poison(envelope, kind, stream.Count));
            }
        }

        var appended = new List<MergeInput>(stream.Count);
        foreach (var chunk in stream.Chunk(250))
        {
            foreach (var run in chunk.GroupBy(s => s.Kind))
            {
                var messages = run.ToList();
                var positions = await log.AppendAsync(Topics.For(run.Key), [.. messages.Select(m => m.Message)], TestTimeout.Token());
                appended.AddRange(messages.Zip(positions, (m, p) => new MergeInput(p, m.Envelope)));
            }
        }
        return appended;
    }

    // Unreadable JSON, or a record of another kind than its topic's.
    private static (RecordKind, LogMessage, RecordEnvelope?) Poison(RecordEnvelope envelope, RecordKind kind, int n)
    {
        var message = CloudEventHeaders.ToMessage(envelope with { Id = Guid.NewGuid() });
        return n % 2 == 0
            ? (kind, message with { Value = Encoding.UTF8.GetBytes("{\"recordId\": ") }, null)
            : (kind, message with { Headers = new Dictionary<string, string>(message.Headers) { [CloudEventHeaders.Type] = CloudEventHeaders.TypeFor(RecordKind.Vacancy) } }, null);
    }

    // Women (an even sequence, as in the samples) born on consecutive days, a hundred a day.
    private static string ResidentIdFor(int person)
    {
        var body = string.Create(CultureInfo.InvariantCulture, $"410102{new DateOnly(2003, 4, 12).AddDays(person / 100):yyyyMMdd}{200 + 2 * (person % 100):D3}");
        return body + Core.Identifiers.ResidentId.ComputeCheckCharacter(body);
    }

    private static RecordEnvelope Seal(Pseudonymiser pseudonymiser, RecordKind kind, JsonObject record) =>
        pseudonymiser.Seal(RecordJson.Deserialize(kind, JsonSerializer.SerializeToUtf8Bytes(record)), kind, Sender);

    private static JsonObject Graduate(string recordId, string residentId, Random random)
    {
        var graduate = IndexTestData.Sample("graduate");
        graduate["recordId"] = recordId;
        graduate["residentId"] = residentId;
        graduate["majorName"] = Majors[random.Next(Majors.Length)];
        return graduate;
    }

    private static JsonObject Certification(string recordId, string residentId, Random random)
    {
        var certification = IndexTestData.Sample("certification");
        certification["recordId"] = recordId;
        certification["residentId"] = residentId;
        certification["validThrough"] = $"{random.Next(2026, 2031)}-12-31";
        return certification;
    }
}
