using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Hub.Paging;

namespace Exchange.Hub.Changes;

/// <summary>
/// The change feed's cursors and event ids. A cursor is a position in the index's one global
/// order of changes, encrypted and authenticated (AES-GCM, a fresh nonce each time) for one
/// subscriber and purpose: the caller can neither read the position, nor compare two cursors, nor
/// use one made for another subscriber, nor forge one. A raw position would let a subscriber count
/// the changes it was not shown, and so learn that hidden subjects exist. An event id is a keyed
/// hash of the subscriber and the position: stable (a redelivered topic message keeps its id) and
/// as opaque. Both keys are derived from the deployment's handle secret, so every instance of the
/// hub reads the cursors of every other.
/// </summary>
public sealed class ChangeCursor
{
    private const int PositionBytes = 8;
    private const string EventIdPrefix = "chg_";
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    private readonly SealedPosition _cursors;
    private readonly byte[] _eventKey;

    /// <param name="secret">The deployment's handle secret (<c>Exchange:Secrets:Handles</c>).</param>
    public ChangeCursor(byte[] secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        _cursors = new SealedPosition(secret, "exchange change-feed cursor v1");
        _eventKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: Encoding.ASCII.GetBytes("exchange change-feed event id v1"));
    }

    /// <summary>The cursor of <paramref name="position"/> for this subscriber and purpose.</summary>
    public string Encode(ClientIdentity subscriber, Purpose purpose, long position)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        return _cursors.Seal(position, Scope(subscriber, purpose));
    }

    /// <summary>The position a cursor stands for; false when it is malformed, tampered with, or made for another subscriber or purpose.</summary>
    public bool TryDecode(string? cursor, ClientIdentity subscriber, Purpose purpose, out long position)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        return _cursors.TryOpen(cursor, Scope(subscriber, purpose), out position);
    }

    /// <summary>The id of the change at <paramref name="position"/> as this subscriber sees it: <c>chg_</c> and 26 base32 characters.</summary>
    public string EventId(ClientIdentity subscriber, Purpose purpose, long position)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        var scope = Scope(subscriber, purpose);
        var input = new byte[scope.Length + PositionBytes];
        scope.CopyTo(input, 0);
        BinaryPrimitives.WriteInt64BigEndian(input.AsSpan(scope.Length), position);
        var mac = HMACSHA256.HashData(_eventKey, input);
        var chars = new char[26];
        int buffer = 0, bits = 0, index = 0;
        for (var o = 0; o < chars.Length; o++)
        {
            if (bits < 5)
            {
                buffer = (buffer << 8) | mac[index++];
                bits += 8;
            }
            bits -= 5;
            chars[o] = Alphabet[(buffer >> bits) & 31];
        }
        return EventIdPrefix + new string(chars);
    }

    private static byte[] Scope(ClientIdentity subscriber, Purpose purpose) =>
        Encoding.UTF8.GetBytes($"{subscriber.ClientId}\n{subscriber.Organisation}\n{purpose.Name()}");
}
