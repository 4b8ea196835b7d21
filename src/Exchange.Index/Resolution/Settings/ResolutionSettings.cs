using System.Text.Json;
using System.Text.Json.Serialization;

namespace Exchange.Index.Resolution.Settings;

/// <summary>
/// Entity resolution configured as data: the fields read from a record, how each is compared,
/// the blocking rules, the training and the thresholds. Read from JSON (docs/merge.md describes
/// every property); <see cref="Parse"/> checks it whole and names each problem.
/// </summary>
public sealed class ResolutionSettings
{
    /// <summary><c>dedupe</c> (pairs within the records), <c>link</c> (only pairs from different sources) or <c>link-and-dedupe</c>.</summary>
    public string LinkType { get; init; } = "dedupe";

    /// <summary>How <c>exchange link</c> reads a file; the engine itself does not use it.</summary>
    public InputSettings Input { get; init; } = new();

    public List<FieldSettings> Fields { get; init; } = [];

    /// <summary>The field holding the pseudonymous linkage key, or null when records have none.</summary>
    public string? LinkageKey { get; init; }

    public List<ComparisonSettings> Comparisons { get; init; } = [];

    public BlockingSettings Blocking { get; init; } = new();

    public TrainingSettings Training { get; init; } = new();

    public ThresholdSettings Thresholds { get; init; } = new();

    internal static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 16,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Reads and checks settings; throws <see cref="ResolutionSettingsException"/> naming every problem.</summary>
    public static ResolutionSettings Parse(string json)
    {
        ResolutionSettings? settings;
        try
        {
            settings = JsonSerializer.Deserialize<ResolutionSettings>(json, Json);
        }
        catch (JsonException e)
        {
            throw new ResolutionSettingsException([new SettingsProblem(e.Path ?? "$", SettingsProblem.Codes.Json, e.Message)]);
        }
        if (settings is null)
            throw new ResolutionSettingsException([new SettingsProblem("$", SettingsProblem.Codes.Json, "The settings are null.")]);
        ResolutionSchema.Compile(settings);
        return settings;
    }

    /// <summary>The shipped settings for graduate, certification and placement records (docs/merge.md).</summary>
    public static ResolutionSettings Graduate()
    {
        using var stream = typeof(ResolutionSettings).Assembly.GetManifestResourceStream("Exchange.Index.Resolution.Settings.graduate.json")
            ?? throw new InvalidOperationException("The shipped graduate settings are missing from the build.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

public sealed class InputSettings
{
    /// <summary><c>csv</c> or <c>ndjson</c>; when null, taken from the file name's extension.</summary>
    public string? Format { get; init; }

    /// <summary>The CSV field separator; FEBRL files use <c>", "</c>.</summary>
    public string Delimiter { get; init; } = ",";

    /// <summary><c>utf-8</c> or <c>gb18030</c> (also read as GBK).</summary>
    public string Encoding { get; init; } = "utf-8";

    /// <summary>The column holding each record's id, unique in the input.</summary>
    public string IdColumn { get; init; } = "id";

    /// <summary>The column naming each record's source, for <c>link</c>; when null, each input file is a source.</summary>
    public string? SourceColumn { get; init; }
}

public sealed class FieldSettings
{
    public string Name { get; init; } = "";

    /// <summary><c>name</c> (a person's name, in characters or romanised), <c>text</c>, <c>date</c> or <c>code</c>.</summary>
    public string Type { get; init; } = "";

    /// <summary>The input column; or use <see cref="Columns"/> for a field made of several (institution and student id).</summary>
    public string? Column { get; init; }

    public List<string>? Columns { get; init; }

    /// <summary>For a date written with separators: <c>ymd</c> (default), <c>dmy</c> or <c>mdy</c>.</summary>
    public string? Order { get; init; }
}

public sealed class ComparisonSettings
{
    public string Name { get; init; } = "";

    public string Field { get; init; } = "";

    /// <summary>The agreement levels, strongest first; a pair takes the first level it meets, else the implicit last level "else".</summary>
    public List<LevelSettings> Levels { get; init; } = [];

    /// <summary>
    /// A field: the comparison counts only for pairs of which one record or both lack it, and adds
    /// nothing where both hold it. For a field that mostly follows that one (a cohort follows the
    /// birth year), so that it stands in where the stronger field is missing rather than counting the
    /// same evidence twice where it is not.
    /// </summary>
    public string? Missing { get; init; }
}

public sealed class LevelSettings
{
    /// <summary>
    /// <c>exact</c>, <c>folded</c>, <c>romanised</c>, <c>pinyin</c>, <c>edit</c> (<see cref="Max"/> edits), <c>jaro-winkler</c>
    /// (<see cref="Min"/> similarity), <c>day-month-swap</c>, <c>digits</c> (<see cref="Max"/> digits differ),
    /// <c>year</c>, <c>prefix</c> (<see cref="Length"/> characters). An <c>edit</c> level with a
    /// <see cref="Length"/> holds only when both values are at least that long (a name: in syllables),
    /// since one edit between two three-character names says more than between two names of two.
    /// </summary>
    public string Kind { get; init; } = "";

    public int? Max { get; init; }

    public double? Min { get; init; }

    public int? Length { get; init; }

    /// <summary>Adjust the level's weight by the frequency of the value (common values count for less).</summary>
    public bool Tf { get; init; }
}

public sealed class BlockingSettings
{
    public List<BlockingRuleSettings> Rules { get; init; } = [];
}

public sealed class BlockingRuleSettings
{
    public string Name { get; init; } = "";

    /// <summary>Key parts, all of which must be equal: <c>field</c> or <c>field:function</c> (docs/merge.md lists the functions).</summary>
    public List<string> Keys { get; init; } = [];

    /// <summary>A block with more records is not compared all against all (see <see cref="SortBy"/>).</summary>
    public int MaxBlockSize { get; init; } = 1000;

    /// <summary>A block past the cap is sorted by this field and each record compared with the next <see cref="Window"/>; null skips such a block.</summary>
    public string? SortBy { get; init; }

    public int Window { get; init; } = 20;

    /// <summary>
    /// A field: the rule then pairs only records of which at least one lacks it, so a record without a
    /// birth date meets every record sharing its other keys while dated records, found by rules on the
    /// date, are not compared again. A block costs its missing records times its size.
    /// </summary>
    public string? Missing { get; init; }
}

public sealed class TrainingSettings
{
    /// <summary>Blocking rules whose pairs train m by expectation–maximisation; the comparisons on their fields are not trained by that rule.</summary>
    public List<TrainingRuleSettings> Rules { get; init; } = [];

    /// <summary>Random pairs that estimate u.</summary>
    public int RandomPairs { get; init; } = 2_000_000;

    public int MaxIterations { get; init; } = 50;

    /// <summary>EM stops when no m moves by more than this.</summary>
    public double Tolerance { get; init; } = 1e-5;

    public int Seed { get; init; } = 20260101;

    /// <summary>Term-frequency tables keep values seen at least this often; rarer values count as seen once.</summary>
    public int TfMinimumCount { get; init; } = 2;
}

public sealed class TrainingRuleSettings
{
    public List<string> Keys { get; init; } = [];

    /// <summary>Pairs sampled from the rule's blocks at most.</summary>
    public int MaxPairs { get; init; } = 2_000_000;
}

public sealed class ThresholdSettings
{
    /// <summary><c>probability</c> (match probability, 0–1) or <c>weight</c> (match weight, log2 odds).</summary>
    public string Scale { get; init; } = "probability";

    /// <summary>At or above: linked automatically.</summary>
    public double Link { get; init; } = 0.99;

    /// <summary>At or above, below <see cref="Link"/>: clerical review; below: a new subject.</summary>
    public double Review { get; init; } = 0.5;

    /// <summary>
    /// When set, a record that no auto-link reached joins the entity of its strongest pair at or above
    /// <see cref="Review"/> when every other entity's strongest pair with it is at least this much
    /// match weight (log2 odds) weaker: no other entity is nearly as plausible, so the doubt the review
    /// band stands for (which of several people) is absent. Unset by default.
    /// </summary>
    public double? SoleCandidateMargin { get; init; }
}
