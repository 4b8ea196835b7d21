using System.Security.Cryptography;
using System.Text;

namespace Exchange.Access.Decisions;

/// <summary>
/// The handles callers see instead of the linkage key. The linkage key itself never leaves the
/// hub: it is a keyed hash of the resident id, and two parties comparing it could link their
/// data behind the subject's back. A pseudonymous handle differs per grantee organisation for
/// the same reason; an identified handle (released only with consent to identity) is the same
/// for every grantee.
/// </summary>
public sealed class SubjectHandles : IDisposable
{
    /// <summary>Prefix of a pseudonymous candidate handle.</summary>
    public const string CandidatePrefix = "cand_";

    /// <summary>Prefix of an identified subject handle.</summary>
    public const string IdentifiedPrefix = "subj_";

    private const int HandleLength = 26;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    // A keyed HMAC per thread: one-shot HMAC re-keys a native context on every call, which was
    // a fifth of a decision's cost.
    private readonly ThreadLocal<HMACSHA256> _mac;

    /// <param name="secret">The deployment's handle secret, at least 32 bytes; distinct from the pseudonymisation secret.</param>
    public SubjectHandles(byte[] secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Length < 32)
        {
            throw new ArgumentException("The handle secret must be at least 32 bytes.", nameof(secret));
        }

        byte[] key = [.. secret];
        _mac = new ThreadLocal<HMACSHA256>(() => new HMACSHA256(key), trackAllValues: true);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var mac in _mac.Values)
        {
            mac.Dispose();
        }

        _mac.Dispose();
    }

    /// <summary>Whether <paramref name="text"/> has the shape of a handle (either prefix, then 26 base32 characters), not whether one was given out.</summary>
    public static bool IsHandle(string? text) =>
        text is not null
        && (text.StartsWith(CandidatePrefix, StringComparison.Ordinal) || text.StartsWith(IdentifiedPrefix, StringComparison.Ordinal))
        && text.Length == CandidatePrefix.Length + HandleLength
        && text.AsSpan(CandidatePrefix.Length).IndexOfAnyExcept(Alphabet) < 0;

    /// <summary><c>cand_</c> + base32(HMAC-SHA256(secret, organisation ␊ subject key)) cut to 26 characters.</summary>
    public string Candidate(string granteeOrganisation, string subjectKey) => Handle(CandidatePrefix, granteeOrganisation, subjectKey);

    /// <summary><c>subj_</c> + base32(HMAC-SHA256(secret, ␀ ␊ subject key)) cut to 26 characters; no organisation code contains ␀.</summary>
    public string Identified(string subjectKey) => Handle(IdentifiedPrefix, "\0", subjectKey);

    private string Handle(string prefix, string scope, string subjectKey)
    {
        var length = Encoding.UTF8.GetByteCount(scope) + 1 + Encoding.UTF8.GetByteCount(subjectKey);
        var heap = length <= 512 ? null : new byte[length];
        Span<byte> input = heap ?? stackalloc byte[length];
        var written = Encoding.UTF8.GetBytes(scope, input);
        input[written++] = (byte)'\n';
        Encoding.UTF8.GetBytes(subjectKey, input[written..]);

        Span<byte> mac = stackalloc byte[32];
        _mac.Value!.TryComputeHash(input[..length], mac, out _);
        Span<char> chars = stackalloc char[prefix.Length + HandleLength];
        prefix.AsSpan().CopyTo(chars);
        Base32(mac, chars[prefix.Length..]);
        return new string(chars);
    }

    // RFC 4648 base32, lower case, no padding: only as many characters as the handle needs.
    private static void Base32(ReadOnlySpan<byte> bytes, Span<char> output)
    {
        int buffer = 0, bits = 0, index = 0, o = 0;
        while (o < output.Length)
        {
            if (bits < 5)
            {
                buffer = (buffer << 8) | bytes[index++];
                bits += 8;
            }

            bits -= 5;
            output[o++] = Alphabet[(buffer >> bits) & 31];
        }
    }
}
