using Exchange.Index.Resolution.Comparisons;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Exchange.Cli.Settings;

/// <summary>
/// Refuses a configured key under the hub's own names (<c>Exchange:</c>, <c>ConnectionStrings:</c>)
/// that is no setting of the reference. The configuration binder ignores a key no property has, so
/// <c>Exchange:Kafka:Bootstrap</c> for <c>BootstrapServers</c> would leave the hub on its embedded
/// log, and <c>ConnectionStrings:Exchnage</c> on its embedded database, without a word.
/// </summary>
public sealed class UnknownSettings
{
    private static readonly string[] CheckedNamespaces = ["Exchange", "ConnectionStrings"];

    private static readonly Lazy<UnknownSettings> Reference = new(() => new UnknownSettings(
        SettingsReference.Keys().SelectMany(s => s.Settings).Select(s => s.Key)));

    private readonly IReadOnlyList<string[]> _known;

    /// <param name="knownKeys">Every setting's key, with <c>0</c> for a list index and <c>&lt;…&gt;</c> for a key of the user's own.</param>
    public UnknownSettings(IEnumerable<string> knownKeys)
    {
        ArgumentNullException.ThrowIfNull(knownKeys);
        _known = [.. knownKeys.Select(k => k.Split(ConfigurationPath.KeyDelimiter))];
    }

    /// <summary>Stops the start, as a wrong setting does, when <paramref name="configuration"/> holds a key the hub does not read.</summary>
    public static void Refuse(IConfiguration configuration)
    {
        var problems = Reference.Value.Problems(configuration);
        if (problems.Count > 0)
            throw new OptionsValidationException(nameof(UnknownSettings), typeof(UnknownSettings), problems);
    }

    /// <summary>One line per key with a value that is not a setting, naming it and, when one is close, the setting meant.</summary>
    public IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        // A section (a JSON object) has no value of its own; only the keys that carry one are settings. A
        // namespace's name alone (an environment variable EXCHANGE) is not the hub's.
        foreach (var (key, _) in configuration.AsEnumerable().Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase))
        {
            var segments = key.Split(ConfigurationPath.KeyDelimiter);
            if (segments.Length < 2 || !CheckedNamespaces.Contains(segments[0], StringComparer.OrdinalIgnoreCase)
                || _known.Any(known => Matches(known, segments)))
                continue;
            problems.Add(Closest(segments) is { } meant
                ? $"{key}: is not a setting the hub reads; did you mean {meant}? (docs/settings.md)"
                : $"{key}: is not a setting the hub reads (docs/settings.md lists them).");
        }
        return problems;
    }

    private static bool Matches(string[] known, string[] segments) =>
        known.Length == segments.Length && known.Zip(segments).All(pair => Matches(pair.First, pair.Second));

    // The binder fills a list from whatever its entries are called, so an index matches any name, as a key of the user's own does.
    private static bool Matches(string known, string segment) =>
        IsPlaceholder(known) || string.Equals(known, segment, StringComparison.OrdinalIgnoreCase);

    private static bool IsPlaceholder(string known) => known == "0" || known.StartsWith('<');

    // The setting a misspelt key most likely meant: a slip of a letter or two anywhere in the key, or the same
    // parent with a name begun or cut short (Bootstrap for BootstrapServers). Null when nothing is that close.
    private string? Closest(string[] segments)
    {
        const int MaxSlips = 2;
        var given = string.Join(ConfigurationPath.KeyDelimiter, segments).ToLowerInvariant();
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var known in _known.Where(k => k.Length == segments.Length))
        {
            // The key as the user would write it: their own names where the setting leaves them free.
            var filled = known.Select((segment, i) => IsPlaceholder(segment) ? segments[i] : segment).ToArray();
            var candidate = string.Join(ConfigurationPath.KeyDelimiter, filled);
            var distance = StringMetrics.EditDistance<char>(given, candidate.ToLowerInvariant(), MaxSlips);
            if (distance > MaxSlips && !NameCutShort(filled, segments))
                continue;
            if (distance < bestDistance)
                (best, bestDistance) = (candidate, distance);
        }
        return best;
    }

    private static bool NameCutShort(string[] known, string[] segments)
    {
        var last = segments.Length - 1;
        for (var i = 0; i < last; i++)
        {
            if (!string.Equals(known[i], segments[i], StringComparison.OrdinalIgnoreCase))
                return false;
        }
        return segments[last].Length >= 4
            && (known[last].StartsWith(segments[last], StringComparison.OrdinalIgnoreCase) || segments[last].StartsWith(known[last], StringComparison.OrdinalIgnoreCase));
    }
}
