using Exchange.Hub.Ui.Language;

namespace Exchange.Hub.Ui.Agreements;

/// <summary>One problem of a form, tied to the field it is about, in both languages.</summary>
/// <param name="Field">The id of the field (or group) it is about.</param>
/// <param name="Code">The problem code, when the rule that found it has one.</param>
/// <param name="English">The message in English.</param>
/// <param name="Chinese">The message in Chinese.</param>
public sealed record FormProblem(string Field, string? Code, string English, string Chinese)
{
    public string In(UiLanguage language) => language == UiLanguage.English ? English : Chinese;
}

/// <summary>The problems of one submitted form, in the order of its fields.</summary>
public sealed class FormProblems
{
    private readonly List<FormProblem> _problems = [];

    public IReadOnlyList<FormProblem> All => _problems;

    /// <summary>The form's fields in the order it shows them, for the summary; null for the agreement form's.</summary>
    public string[]? FieldOrder { get; init; }

    public bool Any => _problems.Count > 0;

    public void Add(FormProblem problem) => _problems.Add(problem);

    /// <summary>A problem whose words are the pages' own: the English message is <paramref name="english"/>, else the English text.</summary>
    public void Add(string field, Func<UiText, string> text, string? english, string? code = null) =>
        _problems.Add(new FormProblem(field, code, english ?? text(UiTexts.English), text(UiTexts.Chinese)));

    /// <summary>The problems of one field, for its message and its <c>aria-describedby</c>.</summary>
    public IEnumerable<FormProblem> Of(string field) => _problems.Where(p => p.Field == field);

    public bool Has(string field) => _problems.Exists(p => p.Field == field);
}
