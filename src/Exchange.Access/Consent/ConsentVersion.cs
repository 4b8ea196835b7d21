namespace Exchange.Access.Consent;

/// <summary>
/// One version of a consent as the store took it in: its number (1 for the first), what the
/// version did, when it was recorded, and the consent as that version said it.
/// </summary>
public sealed record ConsentVersion(int Number, string Change, DateTimeOffset RecordedAt, ConsentGrant Consent)
{
    /// <summary>The first version the store took in, whatever its status.</summary>
    public const string Received = "received";

    /// <summary>The sender sent the consent again with something changed, still in force.</summary>
    public const string Revised = "revised";

    /// <summary>The consent was withdrawn: by a withdrawal, or by a version that says so.</summary>
    public const string Withdrawn = "withdrawn";
}
