namespace Exchange.Index.Matching;

/// <summary>
/// One reason a graduate and a vacancy fit (or, with no points, a conflict explained): a stable
/// code, the points it adds to the score, the values it names, its text in Chinese and English,
/// and the data categories a reader learns from it — the release service shows it only to a caller
/// released every one of them, and a neutral reason otherwise.
/// </summary>
/// <param name="Code">A code of <see cref="MatchReasons"/>, e.g. <c>skills-overlap</c>.</param>
/// <param name="Points">What the reason adds to the score; never negative.</param>
/// <param name="Values">The values named (skills, codes, amounts).</param>
/// <param name="Text">English.</param>
/// <param name="TextZh">Chinese.</param>
/// <param name="Reveals">The data categories (code list <c>data-category</c>, e.g. <c>disability</c>) of the graduate's data the reason discloses.</param>
public sealed record MatchReason(string Code, int Points, IReadOnlyList<string> Values, string Text, string TextZh, IReadOnlySet<string> Reveals);
