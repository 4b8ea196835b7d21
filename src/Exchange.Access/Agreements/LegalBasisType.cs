using Exchange.Core.Validation;

namespace Exchange.Access.Agreements;

/// <summary>
/// The kind of legal basis an agreement rests on. It decides how aggregate statistics count the
/// provider's subjects: under consent, only subjects who consented to statistics for the grantee;
/// under a statutory duty of the grantee (PIPL art. 13(3)), every subject, with the basis named in
/// the audit. Individual-level reads need consent whatever the basis.
/// </summary>
public enum LegalBasisType
{
    /// <summary>The subjects' consent; the default.</summary>
    Consent,

    /// <summary>A duty the grantee has by law or regulation, such as a bureau's statutory employment statistics.</summary>
    StatutoryDuty,
}

/// <summary>Names of legal basis types, as the API and the <c>agreement</c> table write them.</summary>
public static class LegalBasisTypes
{
    /// <summary>The problem code of a <c>legalBasisType</c> the hub does not know; docs/access.md lists it.</summary>
    public const string UnknownProblemCode = "agreement.unknown-legal-basis-type";

    /// <summary>The code, e.g. <c>statutory-duty</c>.</summary>
    public static string Name(this LegalBasisType type) => type switch
    {
        LegalBasisType.Consent => "consent",
        LegalBasisType.StatutoryDuty => "statutory-duty",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>Parses a type's code; absent means the default, consent.</summary>
    public static bool TryParse(string? name, out LegalBasisType type)
    {
        type = LegalBasisType.Consent;
        if (name is null)
            return true;
        foreach (var candidate in Enum.GetValues<LegalBasisType>())
        {
            if (string.Equals(candidate.Name(), name, StringComparison.Ordinal))
            {
                type = candidate;
                return true;
            }
        }
        return false;
    }

    /// <summary>The problem for a <c>legalBasisType</c> that is neither <c>consent</c> nor <c>statutory-duty</c>.</summary>
    public static Problem UnknownProblem(string name) => new(
        "/legalBasisType",
        UnknownProblemCode,
        $"legalBasisType '{name}' is not a legal basis type: use \"consent\" (the default) or \"statutory-duty\".",
        $"法律依据类型“{name}”无效：请使用 \"consent\"（个人同意，默认）或 \"statutory-duty\"（法定职责）。");
}
