using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Core.Validation;
using Exchange.Hub.Ui.Language;

namespace Exchange.Hub.Ui.Agreements;

/// <summary>
/// Ties the steward API's validation errors (keyed by JSON property, in English, with the coded
/// bilingual problems beside them) to the form's fields, and gives each its Chinese words.
/// </summary>
public static class AgreementProblems
{
    private static readonly AgreementTerms ValidTerms = new(null, Grantee.OfRole(PartyRole.Matcher),
        new HashSet<DataCategory> { DataCategory.Identity }, new HashSet<Purpose> { Purpose.Matching },
        new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 1), "basis");

    // The terms' rules answer in English words only. Their messages are learnt by asking the rules
    // themselves, so that a reworded rule still lands on its field; a new rule shows its English
    // message under the summary's general heading until it is added here.
    private static readonly (string? Message, Func<AgreementForm, string> Field, Func<UiText, string> Text)[] TermRules =
    [
        ((ValidTerms with { Grantee = new Grantee(null, null) }).Invalidity(), _ => AgreementFields.GranteeOrganisation, t => t.GranteeNotOne),
        ((ValidTerms with { Categories = new HashSet<DataCategory>() }).Invalidity(),
            form => form.Categories.Count == 0 ? AgreementFields.Categories : AgreementFields.Purposes, t => t.NoCategoryOrPurpose),
        ((ValidTerms with { ValidThrough = ValidTerms.ValidFrom.AddDays(-1) }).Invalidity(), _ => AgreementFields.ValidThrough, t => t.PeriodReversed),
        ((ValidTerms with { LegalBasis = " " }).Invalidity(), _ => AgreementFields.LegalBasis, t => t.LegalBasisMissing),
    ];

    private static readonly string[] FieldOrder =
    [
        AgreementFields.Provider, AgreementFields.GranteeOrganisation, AgreementFields.GranteeRole, AgreementFields.Categories,
        AgreementFields.Purposes, AgreementFields.ValidFrom, AgreementFields.ValidThrough, AgreementFields.LegalBasis, AgreementFields.LegalBasisType, AgreementFields.OnWithdrawal,
    ];

    /// <summary>Adds the API's errors for <paramref name="form"/>, each on its field.</summary>
    public static void Add(FormProblems problems, AgreementForm form, IReadOnlyDictionary<string, string[]> errors, IEnumerable<Problem> coded)
    {
        var codedProblems = coded.ToList();
        foreach (var (key, messages) in errors)
        {
            foreach (var message in messages)
                problems.Add(ForKey(key, message, form, codedProblems));
        }
    }

    /// <summary>A reason the store gave for refusing terms (the same rules as <see cref="AgreementTerms.Invalidity"/>).</summary>
    public static FormProblem ForTerms(string message, AgreementForm form) => ForKey("agreement", message, form, []);

    /// <summary>The problems in the order of the form's fields, as the summary lists them.</summary>
    public static IEnumerable<FormProblem> InFieldOrder(this FormProblems problems) =>
        problems.All.OrderBy(p => Array.IndexOf(problems.FieldOrder ?? FieldOrder, p.Field) is var i and >= 0 ? i : int.MaxValue);

    /// <summary>The coded problems the API puts beside its validation errors.</summary>
    public static IEnumerable<Problem> Coded(IReadOnlyDictionary<string, object?> extensions) =>
        extensions.TryGetValue("problems", out var value) && value is IEnumerable<Problem> problems ? problems : [];

    private static FormProblem ForKey(string key, string message, AgreementForm form, List<Problem> coded)
    {
        switch (key)
        {
            case "onWithdrawal" when coded.Find(p => p.Code == WithdrawalTerms.UnknownProblemCode) is { } problem:
                return new FormProblem(AgreementFields.OnWithdrawal, problem.Code, problem.Message, problem.MessageZh);
            case "legalBasisType" when coded.Find(p => p.Code == LegalBasisTypes.UnknownProblemCode) is { } problem:
                return new FormProblem(AgreementFields.LegalBasisType, problem.Code, problem.Message, problem.MessageZh);
            case "grantee":
                return Own(AgreementFields.GranteeOrganisation, message, t => t.GranteeRequired);
            case "grantee.role":
                return Own(AgreementFields.GranteeRole, message, t => t.UnknownRole);
            case "categories":
                return Own(AgreementFields.Categories, message, t => t.UnknownCategory);
            case "purposes":
                return Own(AgreementFields.Purposes, message, t => t.UnknownPurpose);
        }
        foreach (var (ruleMessage, field, text) in TermRules)
        {
            if (string.Equals(ruleMessage, message, StringComparison.Ordinal))
                return Own(field(form), message, text);
        }
        return new FormProblem("", null, message, $"{UiTexts.Chinese.TermsInvalid}（{message}）");
    }

    private static FormProblem Own(string field, string english, Func<UiText, string> text) => new(field, null, english, text(UiTexts.Chinese));
}
