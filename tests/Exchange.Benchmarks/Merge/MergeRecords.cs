using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Exchange.Core.Identifiers;
using Exchange.Core.Json;
using Exchange.Core.Model;
using Exchange.Core.Pseudonymisation;
using Exchange.Log;

namespace Exchange.Benchmarks.Merge;

/// <summary>
/// Sealed records as the ingest boundary puts them on the log, deterministic for a given count. Of
/// every 20, in order: 14 graduates of new people, 3 certifications and 2 placements of people
/// already seen, and 1 second version of a graduate already seen (a new phone number). Record i is
/// received 1 ms after record i - 1, so a second version is always the newer one.
/// </summary>
internal static class MergeRecords
{
    public const string University = "12100000400000624D";
    public const string CivilAffairs = "11410100MB00000018";

    private const int Block = 20;
    private const int GraduatesPerBlock = 14;
    private const int CertificationSlots = 17;
    private const int PlacementSlots = 19;

    private static readonly DateTimeOffset s_firstReceived = new(2026, 7, 1, 8, 0, 0, TimeSpan.Zero);

    // Counties of schemas/codes/admin-division.json in force since before 2000.
    private static readonly string[] s_regions =
        ["110101", "110102", "110105", "110106", "110108", "310101", "320102", "410102", "410103", "410105", "420102", "440103", "440104", "510104", "510105"];
    private static readonly string[] s_surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"];
    private static readonly string[] s_givenNames = ["晓雯", "子涵", "浩然", "欣怡", "宇轩", "梓萱", "一诺", "思远", "雨桐", "俊杰", "佳怡", "明轩", "文博", "静怡"];
    private static readonly (string Code, string Name)[] s_majors = [("120203K", "会计学"), ("080901", "计算机科学与技术"), ("020301K", "金融学"), ("050201", "英语")];

    private static readonly Pseudonymiser s_pseudonymiser = new(new LinkageKeys(SHA256.HashData("merge benchmark"u8)), TimeProvider.System);

    /// <summary>How many records of each sort the first <paramref name="records"/> hold.</summary>
    public static RecordMix Mix(int records, bool keyless)
    {
        int graduates = 0, certifications = 0, placements = 0, versions = 0;
        for (var slot = 0; slot < Block; slot++)
        {
            var count = records / Block + (slot < records % Block ? 1 : 0);
            switch (SortOf(slot))
            {
                case Sort.Graduate: graduates += count; break;
                case Sort.Certification: certifications += count; break;
                case Sort.Placement: placements += count; break;
                default: versions += count; break;
            }
        }
        return new RecordMix(graduates, certifications, placements, versions, keyless);
    }

    /// <summary>Records <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> - 1 as log messages, sealed in parallel.</summary>
    /// <remarks>With <paramref name="keyless"/>, the slot of a second version holds an alumni-office record of the person instead: its own record id, no resident id.</remarks>
    public static (string Topic, LogMessage Message)[] Create(int start, int count, bool keyless)
    {
        var messages = new (string, LogMessage)[count];
        Parallel.For(0, count, i => messages[i] = Create(start + i, keyless));
        return messages;
    }

    private static (string Topic, LogMessage Message) Create(int index, bool keyless)
    {
        var block = index / Block;
        var slot = index % Block;
        var sort = SortOf(slot);
        // People of earlier records only: those of this block's graduate slots come before it.
        var person = sort == Sort.Graduate
            ? block * GraduatesPerBlock + slot
            : (int)(Mix64((ulong)index) % (ulong)(block * GraduatesPerBlock + GraduatesPerBlock));
        var residentId = ResidentIdOf(person);
        var (kind, organisation, json) = sort switch
        {
            Sort.Graduate => (RecordKind.Graduate, University, Graduate(person, residentId, phone: string.Create(CultureInfo.InvariantCulture, $"138{person % 100_000_000:D8}"))),
            Sort.Certification => (RecordKind.Certification, CivilAffairs, Certification(index, residentId)),
            Sort.Placement => (RecordKind.Placement, University, Placement(index, residentId)),
            _ when keyless => (RecordKind.Graduate, University,
                Graduate(person, residentId, phone: string.Create(CultureInfo.InvariantCulture, $"139{index % 100_000_000:D8}"), alumniRecord: index)),
            _ => (RecordKind.Graduate, University, Graduate(person, residentId, phone: string.Create(CultureInfo.InvariantCulture, $"139{index % 100_000_000:D8}"))),
        };
        var received = s_firstReceived.AddMilliseconds(index);
        var envelope = s_pseudonymiser.Seal(RecordJson.Deserialize(kind, Encoding.UTF8.GetBytes(json)), kind, organisation)
            with { Id = Guid.CreateVersion7(received), ReceivedAt = received };
        return (Topics.For(kind), CloudEventHeaders.ToMessage(envelope));
    }

    private static Sort SortOf(int slot) => slot switch
    {
        < GraduatesPerBlock => Sort.Graduate,
        < CertificationSlots => Sort.Certification,
        < PlacementSlots => Sort.Placement,
        _ => Sort.SecondVersion,
    };

    // Person p has a resident id of its own: county, birth day and sequence all follow from p.
    private static string ResidentIdOf(int person)
    {
        var region = s_regions[person % s_regions.Length];
        var birth = new DateOnly(2000, 1, 1).AddDays(person / s_regions.Length % 1826);
        var sequence = person / (s_regions.Length * 1826) % 1000;
        var first17 = string.Create(CultureInfo.InvariantCulture, $"{region}{birth:yyyyMMdd}{sequence:D3}");
        return first17 + ResidentId.ComputeCheckCharacter(first17);
    }

    // An alumni-office record is the person's under a record id of its own, without the resident id.
    private static string Graduate(int person, string residentId, string phone, int? alumniRecord = null)
    {
        var id = ResidentId.Parse(residentId).Id!.Value;
        var (majorCode, majorName) = s_majors[person % s_majors.Length];
        var name = s_surnames[person % s_surnames.Length] + s_givenNames[person / s_surnames.Length % s_givenNames.Length];
        var recordId = alumniRecord is { } alumni
            ? string.Create(CultureInfo.InvariantCulture, $"BENCH-A-{alumni:D8}")
            : string.Create(CultureInfo.InvariantCulture, $"BENCH-G-{person:D8}");
        var resident = alumniRecord is null ? $"\"residentId\":\"{residentId}\"," : "";
        return string.Create(CultureInfo.InvariantCulture, $$$"""
            {"recordId":"{{{recordId}}}","institutionCode":"4111010001","studentId":"22{{{person:D8}}}",{{{resident}}}
             "name":"{{{name}}}","sex":"{{{id.SexCode}}}","birthDate":"{{{id.BirthDate:yyyy-MM-dd}}}","originRegion":"{{{id.Region}}}","educationLevel":"21",
             "majorCode":"{{{majorCode}}}","majorName":"{{{majorName}}}","enrolmentDate":"2022-09-01","graduationDate":"2026-06-30","cohort":2026,
             "skills":["财务报表分析","Excel","英语六级"],"certificates":[{"name":"全国大学英语六级","issuer":"教育部教育考试院","obtainedOn":"2024-08-20"}],
             "preferences":{"regions":["410100","110000"],"occupations":["2-06"],"minMonthlyPay":5000,"contractTypes":["open-ended","fixed-term"]},
             "hardshipFlags":["minimum-living-allowance"],"contact":{"phone":"{{{phone}}}","email":"student{{{person}}}@example.edu.cn"}}
            """);
    }

    private static string Certification(int index, string residentId) => string.Create(CultureInfo.InvariantCulture, $$"""
        {"recordId":"BENCH-C-{{index:D8}}","residentId":"{{residentId}}","certificationType":"minimum-living-allowance",
         "issuerCreditCode":"{{CivilAffairs}}","issuerName":"郑州市中原区民政局","issuerRegion":"410102",
         "validFrom":"2025-01-01","validThrough":"2026-12-31","status":"active"}
        """);

    private static string Placement(int index, string residentId) => string.Create(CultureInfo.InvariantCulture, $$"""
        {"recordId":"BENCH-P-{{index:D8}}","residentId":"{{residentId}}","destinationCode":"11","cohort":2026,
         "employerCreditCode":"91110000802100433B","employerName":"中国银行股份有限公司","occupationCode":"4-05","workRegion":"110101",
         "startDate":"2026-07-15","contractType":"fixed-term","monthlyPay":{{7000 + index % 20 * 100}},
         "followUps":[{"checkedOn":"2026-10-15","stillInPlace":true}]}
        """);

    // SplitMix64: a fixed, well-spread choice of person for record i.
    private static ulong Mix64(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    private enum Sort
    {
        Graduate,
        Certification,
        Placement,
        SecondVersion,
    }
}

/// <summary>What a generated set of records holds.</summary>
internal sealed record RecordMix(int Graduates, int Certifications, int Placements, int SecondVersions, bool Keyless)
{
    public int Records => Graduates + Certifications + Placements + SecondVersions;

    /// <summary>Every first-version graduate is a new person, and every other record names one of them.</summary>
    public int People => Graduates;

    /// <summary>Source records: every record but a second version is one (an alumni-office record is one).</summary>
    public int SourceRecords => Graduates + Certifications + Placements + (Keyless ? SecondVersions : 0);
}
