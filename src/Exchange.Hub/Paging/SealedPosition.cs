using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Exchange.Hub.Paging;

/// <summary>
/// A position in some order, sealed into an opaque cursor: encrypted and authenticated with
/// AES-GCM (a fresh nonce each time) under a key derived from the deployment's handle secret for
/// one use, and bound to a scope (who reads, for what). The holder can neither read the position,
/// nor compare two cursors, nor forge one, nor use one made for another scope. A readable position
/// would tell a reader how far a read went past what it was shown, and so that hidden subjects exist.
/// </summary>
public sealed class SealedPosition
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const int PositionBytes = 8;
    private const int Length = NonceBytes + PositionBytes + TagBytes;

    private readonly byte[] _key;

    /// <param name="secret">The deployment's handle secret (<c>Exchange:Secrets:Handles</c>): every instance of the hub opens the cursors of every other.</param>
    /// <param name="use">What the cursors are for, so that one kind of cursor is never taken for another (<c>exchange change-feed cursor v1</c>).</param>
    public SealedPosition(byte[] secret, string use)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentException.ThrowIfNullOrEmpty(use);
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: Encoding.ASCII.GetBytes(use));
    }

    /// <summary>The cursor of <paramref name="position"/> for <paramref name="scope"/>.</summary>
    public string Seal(long position, ReadOnlySpan<byte> scope)
    {
        Span<byte> buffer = stackalloc byte[Length];
        var nonce = buffer[..NonceBytes];
        RandomNumberGenerator.Fill(nonce);
        Span<byte> plain = stackalloc byte[PositionBytes];
        BinaryPrimitives.WriteInt64BigEndian(plain, position);
        using var aes = new AesGcm(_key, TagBytes);
        aes.Encrypt(nonce, plain, buffer.Slice(NonceBytes, PositionBytes), buffer[(NonceBytes + PositionBytes)..], scope);
        return Base64Url.EncodeToString(buffer);
    }

    /// <summary>The position a cursor stands for; false when it is malformed, tampered with, or sealed for another scope or use.</summary>
    public bool TryOpen(string? cursor, ReadOnlySpan<byte> scope, out long position)
    {
        position = 0;
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 2 * Length || !Base64Url.IsValid(cursor, out var decodedLength) || decodedLength != Length)
            return false;
        Span<byte> bytes = stackalloc byte[Length];
        if (Base64Url.DecodeFromChars(cursor, bytes) != Length)
            return false;
        Span<byte> plain = stackalloc byte[PositionBytes];
        try
        {
            using var aes = new AesGcm(_key, TagBytes);
            aes.Decrypt(bytes[..NonceBytes], bytes.Slice(NonceBytes, PositionBytes), bytes[(NonceBytes + PositionBytes)..], plain, scope);
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
        position = BinaryPrimitives.ReadInt64BigEndian(plain);
        return position >= 0;
    }
}
