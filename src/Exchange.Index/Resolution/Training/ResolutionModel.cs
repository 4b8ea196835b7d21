using System.Globalization;
using System.Text.Json;
using Exchange.Index.Resolution.Settings;

namespace Exchange.Index.Resolution.Training;

/// <summary>
/// A trained Fellegi–Sunter model: the settings it was trained for, the prior, m and u for each
/// level of each comparison, and the term-frequency tables. Train once (<see cref="ModelTrainer"/>),
/// save as JSON, load and score with it anywhere.
/// </summary>
public sealed class ResolutionModel
{
    internal ResolutionModel(ResolutionSchema schema, double prior, double[][] m, double[][] u, TermFrequencies?[] tf, TrainingReport report)
    {
        Schema = schema;
        Prior = prior;
        M = m;
        U = u;
        Tf = tf;
        Report = report;
    }

    public ResolutionSchema Schema { get; }

    /// <summary>The probability that two records of an admissible pair, drawn at random, are the same person.</summary>
    public double Prior { get; }

    /// <summary>m[comparison][level]: the probability of the level among matches (the last level is "else").</summary>
    internal double[][] M { get; }

    /// <summary>u[comparison][level]: the probability of the level among non-matches.</summary>
    internal double[][] U { get; }

    internal TermFrequencies?[] Tf { get; }

    public TrainingReport Report { get; }

    /// <summary>m of a comparison's level, by comparison name and level index (the last is "else").</summary>
    public double MProbability(string comparison, int level) => M[IndexOf(comparison)][level];

    public double UProbability(string comparison, int level) => U[IndexOf(comparison)][level];

    public TermFrequencies? TermFrequencies(string comparison) => Tf[IndexOf(comparison)];

    private int IndexOf(string comparison) =>
        Array.FindIndex(Schema.Comparisons, c => c.Name == comparison) is var i and >= 0
            ? i
            : throw new ArgumentException($"No comparison '{comparison}'.", nameof(comparison));

    public string ToJson()
    {
        var document = new ModelDocument
        {
            Version = 1,
            Settings = Schema.Settings,
            Prior = Prior,
            Comparisons = [.. Schema.Comparisons.Select(c => new ComparisonDocument
            {
                Name = c.Name,
                Levels = [.. Enumerable.Range(0, c.LevelCount).Select(l => new LevelDocument { Label = c.LabelOf(l), M = M[c.Index][l], U = U[c.Index][l] })],
                Tf = Tf[c.Index] is { } tf ? new TfDocument
                {
                    Records = tf.Records,
                    MinimumCount = tf.MinimumCount,
                    Counts = tf.Counts.OrderBy(p => p.Key).ToDictionary(p => p.Key.ToString("x16", CultureInfo.InvariantCulture), p => p.Value),
                } : null,
            })],
            Training = Report,
        };
        return JsonSerializer.Serialize(document, ResolutionSettings.Json);
    }

    /// <summary>Loads a saved model; throws <see cref="ResolutionSettingsException"/> when it does not fit its own settings.</summary>
    public static ResolutionModel FromJson(string json)
    {
        ModelDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<ModelDocument>(json, ResolutionSettings.Json);
        }
        catch (JsonException e)
        {
            throw new ResolutionSettingsException([new SettingsProblem(e.Path ?? "$", SettingsProblem.Codes.Json, e.Message)]);
        }
        if (document?.Settings is null || document.Version != 1)
            throw new ResolutionSettingsException([new SettingsProblem("$", SettingsProblem.Codes.ModelMismatch, "Not a version 1 resolution model.")]);
        var schema = ResolutionSchema.Compile(document.Settings);
        if (document.Comparisons.Count != schema.Comparisons.Length)
            throw Mismatch("$.comparisons", "The model's comparisons do not match its settings.");
        var m = new double[schema.Comparisons.Length][];
        var u = new double[schema.Comparisons.Length][];
        var tf = new TermFrequencies?[schema.Comparisons.Length];
        foreach (var c in schema.Comparisons)
        {
            var saved = document.Comparisons[c.Index];
            if (saved.Name != c.Name || saved.Levels.Count != c.LevelCount)
                throw Mismatch($"$.comparisons[{c.Index}]", $"Comparison '{saved.Name}' does not match the settings' '{c.Name}' and its levels.");
            m[c.Index] = [.. saved.Levels.Select(l => l.M)];
            u[c.Index] = [.. saved.Levels.Select(l => l.U)];
            if (m[c.Index].Concat(u[c.Index]).Any(p => p is <= 0 or > 1 || double.IsNaN(p)))
                throw Mismatch($"$.comparisons[{c.Index}].levels", "Every m and u lies in (0, 1].");
            if (saved.Tf is { } t)
            {
                var counts = new Dictionary<long, int>(t.Counts.Count);
                foreach (var (key, count) in t.Counts)
                {
                    if (!long.TryParse(key, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hash))
                        throw Mismatch($"$.comparisons[{c.Index}].tf.counts", $"'{key}' is not a 16-digit hexadecimal hash.");
                    counts[hash] = count;
                }
                tf[c.Index] = new TermFrequencies(t.Records, t.MinimumCount, counts);
            }
        }
        if (document.Prior is <= 0 or >= 1)
            throw Mismatch("$.prior", "The prior lies strictly between 0 and 1.");
        return new ResolutionModel(schema, document.Prior, m, u, tf, document.Training ?? new TrainingReport());
    }

    private static ResolutionSettingsException Mismatch(string path, string message) =>
        new([new SettingsProblem(path, SettingsProblem.Codes.ModelMismatch, message)]);

    private sealed class ModelDocument
    {
        public int Version { get; init; }
        public ResolutionSettings? Settings { get; init; }
        public double Prior { get; init; }
        public List<ComparisonDocument> Comparisons { get; init; } = [];
        public TrainingReport? Training { get; init; }
    }

    private sealed class ComparisonDocument
    {
        public string Name { get; init; } = "";
        public List<LevelDocument> Levels { get; init; } = [];
        public TfDocument? Tf { get; init; }
    }

    private sealed class LevelDocument
    {
        public string Label { get; init; } = "";
        public double M { get; init; }
        public double U { get; init; }
    }

    private sealed class TfDocument
    {
        public long Records { get; init; }
        public int MinimumCount { get; init; }
        public Dictionary<string, int> Counts { get; init; } = [];
    }
}

/// <summary>How a model was trained: what a steward needs to judge it.</summary>
public sealed class TrainingReport
{
    public long Records { get; init; }
    public long RandomPairs { get; init; }
    public long LabelledPairs { get; init; }
    public List<EmRun> Em { get; init; } = [];
    public long CandidatePairs { get; init; }
    /// <summary>The share of candidate pairs estimated to be matches.</summary>
    public double CandidateMatchShare { get; init; }
}

/// <summary>One expectation–maximisation run over one training rule's pairs.</summary>
public sealed record EmRun(string Rule, long Pairs, int Iterations, bool Converged, double MatchShare, List<string> Trained);
