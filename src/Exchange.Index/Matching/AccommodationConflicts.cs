using System.Collections.Frozen;

namespace Exchange.Index.Matching;

/// <summary>
/// The one table of which job requirements (code list <c>job-requirement</c>) conflict with which
/// accommodation need. A need is named by its code in the list <c>accessibility-feature</c> — the
/// feature that meets it — or by that code's Chinese or English label, which is how universities
/// send it. A conflict is explained to the graduate and the employer; it never lowers a score or
/// removes anyone from a list. docs/read-api.md ("Match") prints this table.
/// </summary>
public static class AccommodationConflicts
{
    /// <summary>Need (accessibility-feature code) → requirements that conflict with it unless the job also offers the need's feature.</summary>
    public static FrozenDictionary<string, IReadOnlyList<string>> Table { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        // A wheelchair user or someone who cannot stand for long.
        ["step-free-access"] = ["prolonged-standing", "climbing", "heavy-lifting"],
        ["accessible-toilet"] = ["prolonged-standing", "climbing"],
        // A blind or low-vision graduate working with a screen reader.
        ["screen-reader"] = ["visual-only-work", "colour-vision", "driving"],
        // A deaf or hard-of-hearing graduate who signs.
        ["sign-language"] = ["frequent-phone-calls", "auditory-alarms"],
        ["flexible-hours"] = ["fixed-shifts"],
        ["remote-work"] = ["prolonged-standing", "driving"],
        ["adjusted-workstation"] = ["prolonged-standing", "heavy-lifting"],
        ["job-coach"] = [],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The requirements of <paramref name="requirements"/> that conflict with <paramref name="need"/> (a feature code).</summary>
    public static IEnumerable<string> Conflicting(string need, IReadOnlyList<string> requirements) =>
        Table.TryGetValue(need, out var conflicts) ? requirements.Where(conflicts.Contains) : [];
}
