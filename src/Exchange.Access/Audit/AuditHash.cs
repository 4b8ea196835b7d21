using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Exchange.Access.Audit;

/// <summary>
/// The audit chain's hash: lower-case hex SHA-256 over a canonical serialisation of one entry.
/// The serialisation is a version tag followed by length-prefixed UTF-8 fields
/// (<c>len:bytes,</c>, netstring style), so no choice of field values can make two different
/// entries serialise alike — a separator character inside a value cannot shift a boundary.
/// </summary>
public static class AuditHash
{
    /// <summary>The first entry's previous hash: 64 zeros.</summary>
    public static readonly string Genesis = new('0', 64);

    private static readonly byte[] VersionTag = "exchange.audit.v1\n"u8.ToArray();

    // Strict: a lone surrogate would otherwise become U+FFFD, and two different values one hash input.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Rounds to the microsecond and converts to UTC — what PostgreSQL's <c>timestamptz</c> keeps —
    /// so the instant hashed at append is the instant read back at verify.
    /// </summary>
    public static DateTimeOffset Normalise(DateTimeOffset at)
    {
        const long TicksPerMicrosecond = 10;
        var ticks = at.UtcTicks;
        var rounded = (ticks + (TicksPerMicrosecond / 2)) / TicksPerMicrosecond * TicksPerMicrosecond;
        return new DateTimeOffset(Math.Min(rounded, DateTimeOffset.MaxValue.UtcTicks), TimeSpan.Zero);
    }

    /// <summary>The instant as hashed: UTC ISO-8601 with exactly six fractional digits.</summary>
    public static string FormatInstant(DateTimeOffset at) =>
        Normalise(at).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Computes the hash of the entry at <paramref name="sequence"/> chained to <paramref name="previousHash"/>.</summary>
    public static string Compute(long sequence, AuditRecord record, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(previousHash);
        var buffer = new ArrayBufferWriter<byte>(512);
        buffer.Write(VersionTag);
        Append(buffer, sequence.ToString(CultureInfo.InvariantCulture));
        Append(buffer, FormatInstant(record.At));
        Append(buffer, record.CallerClientId);
        Append(buffer, record.CallerOrganisation);
        Append(buffer, record.Purpose);
        Append(buffer, record.SubjectHandle);
        Append(buffer, record.Action);

        // The list's length first, so ["a,b"] and ["a", "b"] (or an empty list and no list) differ.
        Append(buffer, record.FieldsReleased.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var field in record.FieldsReleased)
        {
            Append(buffer, field);
        }

        Append(buffer, record.Decision);
        Append(buffer, record.Rule);
        Append(buffer, previousHash);
        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    /// <summary>True for a lower-case 64-digit hex string, the only form stored.</summary>
    public static bool IsWellFormed(string? hash) =>
        hash is { Length: 64 } && hash.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    private static void Append(ArrayBufferWriter<byte> buffer, string value)
    {
        var length = Utf8.GetByteCount(value);
        var prefix = buffer.GetSpan(20);
        Utf8Formatter.TryFormat(length, prefix, out var written);
        buffer.Advance(written);
        buffer.Write(":"u8);
        Utf8.GetBytes(value, buffer.GetSpan(length));
        buffer.Advance(length);
        buffer.Write(","u8);
    }
}
