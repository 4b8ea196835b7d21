using Exchange.Core.Identifiers;

namespace Exchange.Core.Validation;

/// <summary>
/// The problem with a resident id that does not parse, in both languages: one wording for the
/// record rules and for anything else that takes a resident id (a steward's search by id). The
/// messages never repeat the id.
/// </summary>
public static class ResidentIdProblems
{
    /// <summary>The problem at <paramref name="pointer"/> for <paramref name="error"/>; null for <see cref="ResidentIdError.None"/>.</summary>
    public static Problem? Of(ResidentIdError error, string pointer) => error switch
    {
        ResidentIdError.Format => new(pointer, ProblemCodes.SchemaPattern, "A resident id has 17 digits and a digit or X, or 15 digits.",
            "公民身份号码应为 17 位数字加 1 位数字或 X，或 15 位数字。"),
        ResidentIdError.CheckCharacter => new(pointer, ProblemCodes.ResidentIdCheckCharacter,
            "The resident id's check character is wrong (GB 11643, ISO 7064 MOD 11-2).", "公民身份号码校验码错误（GB 11643，ISO 7064 MOD 11-2）。"),
        ResidentIdError.BirthDate => new(pointer, ProblemCodes.ResidentIdBirthDate, "The birth date inside the resident id is not a calendar date.",
            "公民身份号码中的出生日期不是有效日期。"),
        _ => null,
    };
}
