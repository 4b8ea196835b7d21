namespace Exchange.Hub.Ui.Agreements;

/// <summary>The ids of the agreement form's fields, which error messages point at and describe.</summary>
public static class AgreementFields
{
    public const string Provider = "provider-organisation";
    public const string GranteeOrganisation = "grantee-organisation";
    public const string GranteeRole = "grantee-role";
    public const string Categories = "categories";
    public const string Purposes = "purposes";
    public const string ValidFrom = "valid-from";
    public const string ValidThrough = "valid-through";
    public const string LegalBasis = "legal-basis";
    public const string OnWithdrawal = "on-withdrawal";
    public const string LegalBasisType = "legal-basis-type";

    /// <summary>The id of a field's error message, named by its <c>aria-describedby</c>.</summary>
    public static string ErrorId(string field) => field + "-error";

    /// <summary>A field's <c>aria-describedby</c>: its hint, when it has one, and its error, when it has one.</summary>
    public static string? DescribedBy(FormProblems problems, string field, bool hint)
    {
        var ids = new List<string>(2);
        if (hint)
            ids.Add(HintId(field));
        if (problems.Has(field))
            ids.Add(ErrorId(field));
        return ids.Count == 0 ? null : string.Join(' ', ids);
    }

    /// <summary>The id of a field's hint.</summary>
    public static string HintId(string field) => field + "-hint";

    /// <summary>The id of one choice of a group of checkboxes or radio buttons.</summary>
    public static string ChoiceId(string group, string code) => $"{group}-{code}";

    /// <summary>
    /// Where the error summary's link for a field sends focus: the field itself, or the first
    /// choice of a group, since a fieldset cannot hold focus.
    /// </summary>
    public static string FocusTarget(string field) => field switch
    {
        Categories => ChoiceId(Categories, Exchange.Access.Agreements.DataCategories.Name(default(Exchange.Access.Agreements.DataCategory))),
        Purposes => ChoiceId(Purposes, Exchange.Access.Agreements.DataCategories.Name(default(Exchange.Access.Agreements.Purpose))),
        OnWithdrawal => ChoiceId(OnWithdrawal, "retain"),
        LegalBasisType => ChoiceId(LegalBasisType, "consent"),
        _ => field,
    };
}
