using Exchange.Core.Codes;

namespace Exchange.Index.Matching;

/// <summary>
/// The code lists a match explains itself in: Chinese and English labels of accessibility
/// features, job requirements, inclusive-hiring commitments and hardship types, and the way from a
/// graduate's accommodation need (sent as a feature code or as its label) to the feature code.
/// </summary>
public sealed class MatchVocabulary
{
    private readonly CodeList _features;
    private readonly CodeList _requirements;
    private readonly CodeList _inclusive;
    private readonly CodeList _hardship;
    private readonly Dictionary<string, string> _needToFeature = new(StringComparer.OrdinalIgnoreCase);

    public MatchVocabulary(CodeListCatalog codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        _features = codes[CodeListNames.AccessibilityFeature];
        _requirements = codes[CodeListNames.JobRequirement];
        _inclusive = codes[CodeListNames.InclusiveHiring];
        _hardship = codes[CodeListNames.HardshipType];
        foreach (var entry in _features.Entries)
        {
            _needToFeature[entry.Code] = entry.Code;
            _needToFeature[entry.Zh] = entry.Code;
            if (entry.En is not null)
                _needToFeature[entry.En] = entry.Code;
        }
    }

    /// <summary>The shipped code lists' vocabulary.</summary>
    public static MatchVocabulary Shipped { get; } = new(CodeListCatalog.Shipped);

    /// <summary>The accessibility-feature code a need names, or null for a need in words of its own.</summary>
    public string? FeatureFor(string need) => _needToFeature.TryGetValue(need.Trim(), out var code) ? code : null;

    public (string Zh, string En) Feature(string code) => Label(_features, code);

    public (string Zh, string En) Requirement(string code) => Label(_requirements, code);

    public (string Zh, string En) Inclusive(string code) => Label(_inclusive, code);

    public (string Zh, string En) Hardship(string code) => Label(_hardship, code);

    private static (string Zh, string En) Label(CodeList list, string code) =>
        list.Find(code) is { } entry ? (entry.Zh, entry.En ?? entry.Zh) : (code, code);
}
