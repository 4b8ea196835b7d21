namespace Exchange.Access.Audit;

/// <summary>
/// The chain's newest entry: its sequence number and hash. Publishing it somewhere the database's
/// administrators cannot write (a ticket, a transparency log, a signed e-mail) is what makes a
/// wholesale rewrite of the chain detectable later.
/// </summary>
/// <param name="Sequence">The last sequence number; 0 for an empty log.</param>
/// <param name="Hash">That entry's hash; <see cref="AuditHash.Genesis"/> for an empty log.</param>
public sealed record AuditHead(long Sequence, string Hash)
{
    /// <summary>The head of an empty log.</summary>
    public static AuditHead Empty { get; } = new(0, AuditHash.Genesis);

    /// <summary>Formats as <c>sequence:hash</c>, the form <see cref="TryParse"/> reads back.</summary>
    public override string ToString() => $"{Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)}:{Hash}";

    /// <summary>Reads <c>sequence:hash</c> with a lower-case 64-digit hex hash.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AuditHead? head)
    {
        head = null;
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon <= 0
            || !long.TryParse(text.AsSpan(0, colon), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sequence)
            || !AuditHash.IsWellFormed(text![(colon + 1)..]))
        {
            return false;
        }

        head = new AuditHead(sequence, text[(colon + 1)..]);
        return true;
    }
}
