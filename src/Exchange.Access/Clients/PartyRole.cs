namespace Exchange.Access.Clients;

/// <summary>The role of a registered organisation (code list <c>party-role</c>).</summary>
public enum PartyRole
{
    /// <summary>Pushes student records and services; writes only its own institution's records.</summary>
    University,
    /// <summary>Pushes vacancies and placements; writes only its own.</summary>
    Employer,
    /// <summary>Pushes certifications and policies; pulls aggregated reports.</summary>
    Bureau,
    /// <summary>Queries the merged, consent-filtered index.</summary>
    Matcher,
    /// <summary>Manages data-sharing agreements and consent rules; reads the audit.</summary>
    Steward,
}

/// <summary>Names of roles as they appear in tokens, agreements and code lists.</summary>
public static class PartyRoles
{
    /// <summary>The lower-case name, e.g. <c>university</c>.</summary>
    public static string Name(this PartyRole role) => role switch
    {
        PartyRole.University => "university",
        PartyRole.Employer => "employer",
        PartyRole.Bureau => "bureau",
        PartyRole.Matcher => "matcher",
        PartyRole.Steward => "steward",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>Parses a lower-case role name.</summary>
    public static bool TryParse(string? name, out PartyRole role)
    {
        foreach (var candidate in Enum.GetValues<PartyRole>())
        {
            if (string.Equals(candidate.Name(), name, StringComparison.Ordinal))
            {
                role = candidate;
                return true;
            }
        }
        role = default;
        return false;
    }
}
