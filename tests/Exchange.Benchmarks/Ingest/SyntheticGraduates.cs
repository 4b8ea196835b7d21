using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Exchange.Core.Identifiers;

namespace Exchange.Benchmarks.Ingest;

/// <summary>
/// Valid graduate records shaped like <c>samples/graduate.valid.json[0]</c>, each with its own
/// record id, student id, name and resident id (a county code current since before 2000, a birth
/// date equal to birthDate, a sequence whose parity matches sex, the right MOD 11-2 check
/// character), all of the one registered university. Deterministic for a given count.
/// </summary>
internal static class SyntheticGraduates
{
    public const string Organisation = "12100000400000624D";
    public const string InstitutionCode = "4111010001";

    // Counties of schemas/codes/admin-division.json with no retirement and introduced by 1990.
    private static readonly string[] s_regions =
        ["110101", "110102", "110105", "110106", "110108", "310101", "320102", "410102", "410103", "410105", "420102", "440103", "440104", "510104", "510105"];
    private static readonly string[] s_surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"];
    private static readonly string[] s_givenNames = ["晓雯", "子涵", "浩然", "欣怡", "宇轩", "梓萱", "一诺", "思远", "雨桐", "俊杰", "佳怡", "明轩", "文博", "静怡"];
    private static readonly JsonWriterOptions s_writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Records are generated in chunks of this many, each chunk from its own seed.</summary>
    public const int ChunkSize = 10_000;

    /// <summary>Creates <paramref name="count"/> records as compact UTF-8 JSON, one array each.</summary>
    public static byte[][] Create(int count) => CreateRange(0, count);

    /// <summary>
    /// Records <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> − 1, the
    /// same as those indices of a larger <see cref="Create"/>: a stream of new records can be made
    /// piece by piece. <paramref name="first"/> must start a chunk.
    /// </summary>
    public static byte[][] CreateRange(int first, int count)
    {
        if (first % ChunkSize != 0)
            throw new ArgumentException($"The first record must start a chunk of {ChunkSize:N0}.", nameof(first));
        var records = new byte[count][];
        var firstChunk = first / ChunkSize;
        Parallel.For(firstChunk, firstChunk + (count + ChunkSize - 1) / ChunkSize, chunk =>
        {
            var random = new Random(20260630 + chunk);
            var buffer = new ArrayBufferWriter<byte>(2048);
            for (var i = chunk * ChunkSize; i < Math.Min(first + count, (chunk + 1) * ChunkSize); i++)
            {
                buffer.ResetWrittenCount();
                Write(buffer, i, random);
                records[i - first] = buffer.WrittenSpan.ToArray();
            }
        });
        return records;
    }

    private static void Write(IBufferWriter<byte> buffer, int index, Random random)
    {
        var female = random.Next(2) == 0;
        var birth = new DateOnly(2000, 1, 1).AddDays(random.Next(5 * 365));
        var region = s_regions[random.Next(s_regions.Length)];
        var sequence = random.Next(500) * 2 + (female ? 0 : 1);
        var first17 = string.Create(CultureInfo.InvariantCulture, $"{region}{birth:yyyyMMdd}{sequence:D3}");
        var residentId = first17 + ResidentId.ComputeCheckCharacter(first17);

        using var json = new Utf8JsonWriter(buffer, s_writer);
        json.WriteStartObject();
        json.WriteString("recordId", string.Create(CultureInfo.InvariantCulture, $"BENCH-{index:D8}"));
        json.WriteString("institutionCode", InstitutionCode);
        json.WriteString("studentId", string.Create(CultureInfo.InvariantCulture, $"22{index:D8}"));
        json.WriteString("residentId", residentId);
        json.WriteString("name", s_surnames[random.Next(s_surnames.Length)] + s_givenNames[random.Next(s_givenNames.Length)]);
        json.WriteString("sex", female ? "2" : "1");
        json.WriteString("birthDate", birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        json.WriteString("originRegion", region);
        json.WriteString("educationLevel", "21");
        json.WriteString("majorCode", "120203K");
        json.WriteString("majorName", "会计学");
        json.WriteString("enrolmentDate", "2022-09-01");
        json.WriteString("graduationDate", "2026-06-30");
        json.WriteNumber("cohort", 2026);
        json.WriteStartArray("skills");
        json.WriteStringValue("财务报表分析");
        json.WriteStringValue("Excel");
        json.WriteStringValue("英语六级");
        json.WriteEndArray();
        json.WriteStartArray("certificates");
        json.WriteStartObject();
        json.WriteString("name", "全国大学英语六级");
        json.WriteString("issuer", "教育部教育考试院");
        json.WriteString("obtainedOn", "2024-08-20");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteStartObject("preferences");
        json.WriteStartArray("regions");
        json.WriteStringValue("410100");
        json.WriteStringValue("110000");
        json.WriteEndArray();
        json.WriteStartArray("occupations");
        json.WriteStringValue("2-06");
        json.WriteEndArray();
        json.WriteNumber("minMonthlyPay", 5000);
        json.WriteStartArray("contractTypes");
        json.WriteStringValue("open-ended");
        json.WriteStringValue("fixed-term");
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartArray("hardshipFlags");
        json.WriteStringValue("minimum-living-allowance");
        json.WriteEndArray();
        json.WriteStartObject("contact");
        json.WriteString("phone", string.Create(CultureInfo.InvariantCulture, $"138{index % 100_000_000:D8}"));
        json.WriteString("email", string.Create(CultureInfo.InvariantCulture, $"student{index}@example.edu.cn"));
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>Request bodies of <paramref name="batchSize"/> records each: NDJSON, one record a line.</summary>
    public static List<RecordBatch> Batches(byte[][] records, int batchSize)
    {
        var batches = new List<RecordBatch>((records.Length + batchSize - 1) / batchSize);
        for (var start = 0; start < records.Length; start += batchSize)
        {
            var count = Math.Min(batchSize, records.Length - start);
            var length = 0;
            for (var i = start; i < start + count; i++)
                length += records[i].Length + 1;
            var body = new byte[length];
            var at = 0;
            foreach (var record in records.AsSpan(start, count))
            {
                record.CopyTo(body, at);
                at += record.Length;
                body[at++] = (byte)'\n';
            }
            batches.Add(new RecordBatch(count, body));
        }
        return batches;
    }

    /// <summary>Writes the records as NDJSON for psql's <c>\copy</c>.</summary>
    public static async Task WriteNdjsonAsync(string path, IEnumerable<RecordBatch> batches, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 20, useAsync: true);
        foreach (var batch in batches)
            await file.WriteAsync(batch.Body, cancellationToken);
    }
}

/// <summary>One request body and how many records it holds.</summary>
internal sealed record RecordBatch(int Count, byte[] Body);
