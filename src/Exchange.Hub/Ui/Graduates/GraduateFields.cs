namespace Exchange.Hub.Ui.Graduates;

/// <summary>The ids of the graduate's forms' fields, which error messages point at, and their problem codes.</summary>
public static class GraduateFields
{
    public const string University = "university";
    public const string ResidentId = "resident-id";

    /// <summary>A resident id the development sign-in cannot pseudonymise (its shape, check character or birth date is wrong).</summary>
    public const string ResidentIdInvalidCode = "graduate.resident-id-invalid";
}
