using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Exchange.Index.Merging;
using Exchange.Index.Resolution.Chinese;
using Exchange.Testing;

namespace Exchange.Index.Tests.Merging;

/// <summary>
/// The index keeps each graduate's comparison values and blocking keys as read by one build, and
/// reads them again only when the fingerprint they were written under differs from the build's.
/// So the fingerprint must change whenever what is read changes: with the settings, with the
/// character tables, and with the code that reads a record (its version).
/// </summary>
public sealed class StoredValuesReadingTests
{
    private static readonly Lazy<Exchange.Index.Resolution.Training.ResolutionModel> Model = new(() => new ResolutionOptions().LoadModel()!);

    // Graduates chosen to pass through every step of reading: a compound surname, traditional and
    // variant characters, a character outside the basic plane, a romanised name, a name with a
    // separator, missing birth dates and contacts, a linkage key.
    private static readonly (string Json, string? LinkageKey)[] ReferenceGraduates =
    [
        ("""{"recordId":"R-1","name":"欧阳晓雯","sex":"2","birthDate":"2001-03-04","institutionCode":"4111010001","studentId":"2201210345","originRegion":"410102","cohort":2024,"contact":{"phone":"13800138000"}}""", null),
        ("""{"recordId":"R-2","name":"張偉","sex":"1","birthDate":"2002-11-30","institutionCode":"4151010610","studentId":"2022141460118","originRegion":"510104","cohort":2025}""", null),
        ("""{"recordId":"R-3","name":"王伟","sex":"1","institutionCode":"4111010001","studentId":"2201210346","originRegion":"410105","cohort":2026,"contact":{"email":"wei.wang@example.edu.cn"}}""", null),
        ("""{"recordId":"R-4","name":"Zhang Xiaowen","sex":"2","birthDate":"2003-04-12","institutionCode":"4111010001","studentId":"2201210347","originRegion":"410102","cohort":2026}""", null),
        ("""{"recordId":"R-5","name":"买买提·艾力","sex":"1","birthDate":"2000-07-01","institutionCode":"4165010755","studentId":"107552020001","originRegion":"650102","cohort":2024}""", "lk-7f3a9c"),
        ("""{"recordId":"R-6","name":"𠮷田丽","sex":"2","birthDate":"2001-12-09","institutionCode":"4132010284","studentId":"201902","originRegion":"320102","cohort":2023,"contact":{"phone":"13900139000"}}""", "lk-0b41de"),
        ("""{"recordId":"R-7","name":"李 娜","sex":"2","institutionCode":"4132010284","studentId":"201903","cohort":2023}""", null),
    ];

    // What the reference graduates are read as, by fingerprint. A change that moves what is read
    // under a fingerprint already here must bump StoredComparisonValues.ReadingVersion, so that
    // indexes written before it are read again; then the new fingerprint's reading is added here.
    private static readonly Dictionary<string, string> PinnedReadings = new(StringComparer.Ordinal)
    {
        ["de216cfce6a078a4867bd879585b5bf4e0ff22440f71cf19b005b1736f1af4fe"] = "1199aaceaa7fd376efd6f017b669a60a783cd45e94b596ecefbf19b4aec261a5",
    };

    [Fact]
    public void The_fingerprint_changes_with_the_character_tables_and_the_reading_version_as_well_as_the_settings()
    {
        var settings = Model.Value.Schema.Settings;
        var shipped = StoredComparisonValues.Fingerprint(settings, StoredComparisonValues.ReadingVersion, CharacterTables.Digest);

        Assert.Equal(shipped, new SubjectResolver(Model.Value).StoredValuesFingerprint);
        Assert.NotEqual(shipped, StoredComparisonValues.Fingerprint(settings, StoredComparisonValues.ReadingVersion, new string('0', 64)));
        Assert.NotEqual(shipped, StoredComparisonValues.Fingerprint(settings, StoredComparisonValues.ReadingVersion + 1, CharacterTables.Digest));
        var otherSettings = new Exchange.Index.Resolution.Settings.ResolutionSettings
        {
            Fields = settings.Fields,
            Blocking = new() { Rules = settings.Blocking.Rules.Skip(1).ToList() },
        };
        Assert.NotEqual(shipped, StoredComparisonValues.Fingerprint(otherSettings, StoredComparisonValues.ReadingVersion, CharacterTables.Digest));
    }

    [Fact]
    public void The_character_tables_digest_is_of_the_tables_embedded()
    {
        // Computed apart, over the files the build embeds, so the digest cannot quietly cover less.
        var root = RepositoryFolder.Root;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var name in (string[])["fold.txt", "pinyin.txt"])
        {
            var bytes = File.ReadAllBytes(Path.Combine(root, "data", "chinese", name));
            hash.AppendData(Encoding.UTF8.GetBytes($"{name}\n{bytes.Length}\n"));
            hash.AppendData(bytes);
        }

        Assert.Equal(Convert.ToHexStringLower(hash.GetHashAndReset()), CharacterTables.Digest);
    }

    [Fact]
    public void Under_one_fingerprint_a_graduate_is_always_read_as_the_same_stored_values()
    {
        var resolver = new SubjectResolver(Model.Value);
        var reading = Reading(resolver);

        Assert.True(PinnedReadings.TryGetValue(resolver.StoredValuesFingerprint, out var pinned),
            $"No reading is pinned for the fingerprint {resolver.StoredValuesFingerprint}. Add [\"{resolver.StoredValuesFingerprint}\"] = \"{reading}\" to PinnedReadings.");
        Assert.True(pinned == reading,
            $"The reference graduates are read differently ({reading}) under a fingerprint already pinned ({pinned}): indexes written before " +
            "would keep values and keys read the old way. Bump StoredComparisonValues.ReadingVersion, then pin the new fingerprint's reading.");
    }

    private static string Reading(SubjectResolver resolver)
    {
        var text = new StringBuilder();
        for (var i = 0; i < ReferenceGraduates.Length; i++)
        {
            using var record = JsonDocument.Parse(ReferenceGraduates[i].Json);
            var (values, keys) = resolver.ValuesAndKeys(new Guid(i + 1, 0, 0, new byte[8]), record.RootElement, ReferenceGraduates[i].LinkageKey);
            text.Append(JsonSerializer.Serialize(values)).Append('|').AppendJoin(',', keys.Order()).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
