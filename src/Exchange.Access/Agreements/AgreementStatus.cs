namespace Exchange.Access.Agreements;

/// <summary>The status a version of a data-sharing agreement records.</summary>
public enum AgreementStatus
{
    /// <summary>The agreement holds over its validity period.</summary>
    Active,
    /// <summary>The agreement was revoked: from this version on it releases nothing.</summary>
    Revoked,
}

/// <summary>Codes of <see cref="AgreementStatus"/> as stored.</summary>
public static class AgreementStatuses
{
    /// <summary>The lower-case code, e.g. <c>revoked</c>.</summary>
    public static string Name(this AgreementStatus status) => status switch
    {
        AgreementStatus.Active => "active",
        AgreementStatus.Revoked => "revoked",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>Parses a stored code; anything else is a broken database, not an input error.</summary>
    public static AgreementStatus Parse(string name) => name switch
    {
        "active" => AgreementStatus.Active,
        "revoked" => AgreementStatus.Revoked,
        _ => throw new FormatException($"Unknown agreement status '{name}'."),
    };
}
