using System.Security.Cryptography;
using System.Text;
using Exchange.Core.Identifiers;

namespace Exchange.Core.Pseudonymisation;

/// <summary>
/// Turns a resident id into a linkage key: HMAC-SHA256 under the deployment secret over the
/// normalised 18-character id, so the same person links across sources while the key reveals
/// nothing without the secret. A legacy 15-digit id is upgraded first, so both forms link.
/// </summary>
public sealed class LinkageKeys
{
    /// <summary>Shortest secret accepted: the HMAC block holds 64 bytes; fewer than 32 is guessable.</summary>
    public const int MinimumSecretBytes = 32;

    private readonly byte[] _secret;

    /// <summary>Creates the key maker from the deployment secret.</summary>
    /// <exception cref="ArgumentException">The secret is shorter than <see cref="MinimumSecretBytes"/>.</exception>
    public LinkageKeys(ReadOnlySpan<byte> secret)
    {
        if (secret.Length < MinimumSecretBytes)
            throw new ArgumentException($"The pseudonymisation secret must be at least {MinimumSecretBytes} bytes.", nameof(secret));
        _secret = secret.ToArray();
    }

    /// <summary>
    /// The linkage key of a resident id, as lower-case hex; null when the id does not parse, so
    /// that a malformed id is never hashed into a key that looks valid.
    /// </summary>
    public string? KeyFor(string residentId)
    {
        var parsed = ResidentId.Parse(residentId);
        if (parsed.Id is not { } id)
            return null;

        Span<byte> utf8 = stackalloc byte[18];
        Encoding.ASCII.GetBytes(id.Normalised, utf8);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_secret, utf8, mac);
        return Convert.ToHexStringLower(mac);
    }
}
