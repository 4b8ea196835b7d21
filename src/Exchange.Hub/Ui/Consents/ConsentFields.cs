using Exchange.Core.Validation;
using Exchange.Hub.Ui.Agreements;

namespace Exchange.Hub.Ui.Consents;

/// <summary>
/// The ids of the consent form's fields, and which field each part of the canonical consent record
/// fills, so that a problem the API's validation finds (a JSON pointer) lands on its field.
/// </summary>
public static class ConsentFields
{
    public const string RecordId = "record-id";
    public const string ResidentId = "resident-id";
    public const string GranteeOrganisation = AgreementFields.GranteeOrganisation;
    public const string GranteeRole = AgreementFields.GranteeRole;
    public const string Categories = AgreementFields.Categories;
    public const string Purposes = AgreementFields.Purposes;
    public const string ValidFrom = AgreementFields.ValidFrom;
    public const string ValidThrough = AgreementFields.ValidThrough;
    public const string GivenAt = "given-at";
    public const string EvidenceMethod = "evidence-method";
    public const string EvidenceReference = "evidence-reference";

    /// <summary>The search form's fields.</summary>
    public const string SubjectKey = "subject-key";
    public const string SearchResidentId = "search-resident-id";

    /// <summary>The fields in the order the form shows them, which is the order the summary lists their problems in.</summary>
    public static readonly string[] Order =
        [RecordId, ResidentId, GranteeOrganisation, GranteeRole, Categories, Purposes, ValidFrom, ValidThrough, GivenAt, EvidenceMethod, EvidenceReference];

    // Longest prefix first: /grantee/role before /grantee.
    private static readonly (string Pointer, string Field)[] ByPointer =
    [
        ("/recordId", RecordId),
        ("/residentId", ResidentId),
        ("/grantee/organisationCreditCode", GranteeOrganisation),
        ("/grantee/role", GranteeRole),
        ("/grantee", GranteeOrganisation),
        ("/purposes", Purposes),
        ("/dataCategories", Categories),
        ("/validFrom", ValidFrom),
        ("/validThrough", ValidThrough),
        ("/givenAt", GivenAt),
        ("/evidence/method", EvidenceMethod),
        ("/evidence/reference", EvidenceReference),
        ("/evidence", EvidenceMethod),
    ];

    /// <summary>
    /// The field a problem of the API's validation is about; empty for the record as a whole. A
    /// missing property is reported at its parent, naming the property: it lands on that property's field.
    /// </summary>
    public static string For(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var pointer = problem.Pointer;
        if (problem.Code == ProblemCodes.SchemaRequired && problem.Message.Split('\'') is [_, var property, ..])
            pointer = $"{pointer.TrimEnd('/')}/{property}";
        foreach (var (prefix, field) in ByPointer)
        {
            if (pointer == prefix || pointer.StartsWith(prefix + "/", StringComparison.Ordinal))
                return field;
        }
        return "";
    }
}
