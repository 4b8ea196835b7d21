using System.Security.Cryptography;
using System.Text.Json;
using Exchange.Core.Envelope;
using Exchange.Core.Json;
using Exchange.Core.Model;

namespace Exchange.Core.Pseudonymisation;

/// <summary>
/// The ingest boundary's last step: replaces the subject's clear identifiers with a linkage
/// key and seals the record in an envelope. Nothing after this sees a clear resident id.
/// </summary>
public sealed class Pseudonymiser(LinkageKeys keys, TimeProvider clock)
{
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
            if (subjectKey is null)
                throw new InvalidOperationException($"A {kind.Name()} record reached pseudonymisation without a valid resident id; validate first.");
            sealedRecord = subject.WithoutClearIdentifiers();
        }

        var bytes = RecordJson.SerializeToUtf8Bytes(sealedRecord, kind);
        using var document = JsonDocument.Parse(bytes);
        return new RecordEnvelope
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            Kind = kind,
            SchemaVersion = RecordKinds.SchemaVersion,
            SourceOrganisation = sourceOrganisation,
            SourceRecordId = record.RecordId,
            ContentHash = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            SubjectKey = subjectKey,
            ReceivedAt = clock.GetUtcNow(),
            Record = document.RootElement.Clone(),
        };
    }
}
