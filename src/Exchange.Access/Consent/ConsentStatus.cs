namespace Exchange.Access.Consent;

/// <summary>The status of a consent.</summary>
public enum ConsentStatus
{
    /// <summary>Given and not withdrawn.</summary>
    Active,
    /// <summary>Withdrawn; it released data only before its withdrawal time (PIPL art. 15).</summary>
    Withdrawn,
}

/// <summary>Codes of <see cref="ConsentStatus"/> (code list <c>consent-status</c>).</summary>
public static class ConsentStatuses
{
    /// <summary>The code, e.g. <c>withdrawn</c>.</summary>
    public static string Name(this ConsentStatus status) => status switch
    {
        ConsentStatus.Active => "active",
        ConsentStatus.Withdrawn => "withdrawn",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>Parses a code.</summary>
    public static bool TryParse(string? name, out ConsentStatus status)
    {
        (var ok, status) = name switch
        {
            "active" => (true, ConsentStatus.Active),
            "withdrawn" => (true, ConsentStatus.Withdrawn),
            _ => (false, default),
        };
        return ok;
    }
}
