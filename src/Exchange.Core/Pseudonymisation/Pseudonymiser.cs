using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Exchange.Core.Envelope;
using Exchange.Core.Identifiers;
using Exchange.Core.Json;
using Exchange.Core.Model;

namespace Exchange.Core.Pseudonymisation;

/// <summary>
/// The ingest boundary's last step: replaces the subject's clear identifiers with a linkage
/// key, scrubs any resident id left in free text, and seals the record in an envelope. Nothing
/// after this sees a clear resident id.
/// </summary>
public sealed class Pseudonymiser(LinkageKeys keys, TimeProvider clock)
{
    /// <summary>The linkage key of a resident id; null when there is none or it does not parse.</summary>
    public string? SubjectKeyOf(string? residentId) => residentId is null ? null : keys.KeyFor(residentId);

    /// <summary>
    /// Seals a validated record.
    /// </summary>
    /// <exception cref="InvalidOperationException">A subject record's resident id does not parse:
    /// validation rejects such records first, so reaching here is a caller bug.</exception>
    public RecordEnvelope Seal(ICanonicalRecord record, RecordKind kind, string sourceOrganisation)
    {
        string? subjectKey = null;
        var sealedRecord = record;
        if (record is ISubjectRecord subject)
        {
            subjectKey = subject.ResidentId is { } clear ? keys.KeyFor(clear) : null;
            // Only a graduate may come without a resident id: entity resolution finds its person.
            if (subjectKey is null && (subject.ResidentId is not null || record is not GraduateRecord))
                throw new InvalidOperationException($"A {kind.Name()} record reached pseudonymisation without a valid resident id; validate first.");
            sealedRecord = subject.WithoutClearIdentifiers();
        }

        var bytes = RecordJson.SerializeToUtf8Bytes(sealedRecord, kind);
        if (ResidentIdScrubber.JsonContainsResidentId(bytes, RecordJson.MaxDepth))
        {
            // Free text that carries an id (a comment, an evidence reference): the id is replaced
            // by the scrubber's marker and the rest of the text kept. Validation has already
            // refused ids in identifier fields and numbers, so only strings change here.
            sealedRecord = RecordJson.Deserialize(kind, ResidentIdScrubber.ScrubJson(bytes, RecordJson.MaxDepth)!);
            bytes = RecordJson.SerializeToUtf8Bytes(sealedRecord, kind);
        }
        return new RecordEnvelope
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            Kind = kind,
            SchemaVersion = RecordKinds.SchemaVersion,
            SourceOrganisation = sourceOrganisation,
            SourceRecordId = record.RecordId,
            ContentHash = ContentHashOf(subjectKey, bytes),
            SubjectKey = subjectKey,
            ReceivedAt = clock.GetUtcNow(),
            // The log message's value is these very bytes: the JSON the content hash was taken of.
            RecordUtf8 = bytes,
        };
    }

    /// <summary>
    /// The content hash of a sealed record: SHA-256 of its canonical JSON, preceded by its linkage
    /// key and a line feed when it has one. The resident id leaves the JSON when it is sealed, so
    /// without the key a record whose only change is a corrected resident id would hash as the
    /// version it corrects, and be dropped as its duplicate.
    /// </summary>
    public static string ContentHashOf(string? subjectKey, ReadOnlySpan<byte> canonicalJson)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        if (subjectKey is null)
        {
            SHA256.HashData(canonicalJson, hash);
            return Convert.ToHexStringLower(hash);
        }

        // One buffer and a one-shot hash: an incremental hash object per record costs the ingest
        // door a native handle and a finaliser for every record it seals.
        var prefixLength = Encoding.ASCII.GetByteCount(subjectKey) + 1;
        var buffer = ArrayPool<byte>.Shared.Rent(prefixLength + canonicalJson.Length);
        try
        {
            var written = Encoding.ASCII.GetBytes(subjectKey, buffer);
            buffer[written] = (byte)'\n';
            canonicalJson.CopyTo(buffer.AsSpan(prefixLength));
            SHA256.HashData(buffer.AsSpan(0, prefixLength + canonicalJson.Length), hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }
}
