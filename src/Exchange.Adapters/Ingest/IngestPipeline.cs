using Exchange.Core.Batches;
using Exchange.Core.Envelope;
using Exchange.Core.Identifiers;
using Exchange.Core.Model;
using Exchange.Core.Pseudonymisation;
using Exchange.Core.Validation;
using Exchange.Log;
using Microsoft.Extensions.Logging;

namespace Exchange.Adapters.Ingest;

/// <summary>
/// The one path every record takes into the hub, whether pushed or pulled: validate (schema and
/// rules) → reject with a dead letter, or seal (pseudonymise) → skip a duplicate → append to
/// <c>exchange.&lt;kind&gt;.v1</c>. One bad record never sinks the batch.
/// </summary>
/// <remarks>
/// <para>Delivery is at-least-once. A record is registered as seen only after its append
/// succeeded: a crash between the two leaves it unregistered, so a re-send appends it again, and
/// the merger drops the second copy by its content hash. The other order would lose a record
/// that was registered but never appended.</para>
/// <para>An event log that fails (an outage, not bad input) throws <see cref="EventLogException"/>
/// out of <see cref="IngestAsync"/>: records of the chunk in hand were not registered, so the
/// caller may retry the whole batch.</para>
/// </remarks>
public sealed class IngestPipeline(
    RecordValidator validator,
    Pseudonymiser pseudonymiser,
    IEventLog log,
    DuplicateRegistry duplicates,
    ILogger logger,
    TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>Records judged, checked and appended together.</summary>
    public const int ChunkSize = 500;

    /// <summary>Ingests a batch and answers every record's outcome.</summary>
    /// <exception cref="EventLogException">The event log could not store a chunk.</exception>
    public async Task<IngestResult> IngestAsync(IngestBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var outcomes = new IngestOutcome[batch.Records.Count];
        for (var start = 0; start < batch.Records.Count; start += ChunkSize)
        {
            await IngestChunkAsync(batch, start, Math.Min(ChunkSize, batch.Records.Count - start), outcomes, cancellationToken);
        }

        var result = new IngestResult(outcomes);
        logger.BatchIngested(batch.Kind.Name(), batch.SourceOrganisation, result.Accepted, result.Duplicates, result.Rejected);
        return result;
    }

    private async Task IngestChunkAsync(IngestBatch batch, int start, int count, IngestOutcome[] outcomes, CancellationToken cancellationToken)
    {
        var sealedRecords = new List<(int Index, RecordEnvelope Envelope)>(count);
        var deadLetters = new List<LogMessage>();

        for (var index = start; index < start + count; index++)
        {
            var record = batch.Records[index];
            var validation = record.IsUnmapped ? RecordValidationResult.NotValidated : validator.Validate(batch.Kind, record.Utf8Json.Span);
            var problems = Combine(record.MappingProblems, validation.Problems);
            if (problems.Count == 0 && validation.IsValid)
            {
                var envelope = pseudonymiser.Seal(validation.Record!, batch.Kind, batch.SourceOrganisation);
                problems = batch.Authorise is { } authorise
                    ? ResidentIdScrubber.Scrub(await authorise(validation.Record!, envelope.SubjectKey, cancellationToken))
                    : [];
                if (problems.Count == 0)
                {
                    sealedRecords.Add((index, envelope));
                    continue;
                }
                outcomes[index] = new IngestOutcome(index, record.Origin, envelope.SourceRecordId, IngestStatus.Rejected, problems, null)
                {
                    SubjectKey = envelope.SubjectKey,
                };
                deadLetters.Add(RejectedRecordLetter.For(batch.Kind, batch.SourceOrganisation, record, envelope.SourceRecordId, problems,
                    envelope.SubjectKey, _clock.GetUtcNow()));
                continue;
            }

            // A rejected record's id and problems go back to the source and into the dead letter: never with a resident id in them.
            var recordId = ResidentIdScrubber.Scrub(validation.RecordId ?? RecordIdPeek.Peek(record.Utf8Json.Span));
            problems = ResidentIdScrubber.Scrub(problems);
            outcomes[index] = new IngestOutcome(index, ResidentIdScrubber.Scrub(record.Origin), recordId, IngestStatus.Rejected, problems, null);
            var residentId = (validation.Record as ISubjectRecord)?.ResidentId ?? RecordIdPeek.PeekResidentId(record.Utf8Json.Span);
            deadLetters.Add(RejectedRecordLetter.For(batch.Kind, batch.SourceOrganisation, record, recordId, problems,
                pseudonymiser.SubjectKeyOf(residentId), _clock.GetUtcNow()));
        }

        await AppendNewAsync(batch, sealedRecords, outcomes, cancellationToken);

        if (deadLetters.Count > 0)
            await log.AppendAsync(Topics.DeadLetter, deadLetters, cancellationToken);
    }

    private async Task AppendNewAsync(IngestBatch batch, List<(int Index, RecordEnvelope Envelope)> sealedRecords, IngestOutcome[] outcomes, CancellationToken cancellationToken)
    {
        if (sealedRecords.Count == 0)
            return;

        var identities = sealedRecords.Select(s => Identity(s.Envelope)).ToList();
        var seen = await duplicates.FindSeenAsync(identities, cancellationToken);
        var inThisChunk = new HashSet<RecordIdentity>();
        var fresh = new List<(int Index, RecordEnvelope Envelope)>(sealedRecords.Count);
        foreach (var (index, envelope) in sealedRecords)
        {
            var identity = Identity(envelope);
            if (seen.Contains(identity) || !inThisChunk.Add(identity))
            {
                outcomes[index] = new IngestOutcome(index, batch.Records[index].Origin, envelope.SourceRecordId, IngestStatus.Duplicate, [], null);
                continue;
            }
            fresh.Add((index, envelope));
        }

        if (fresh.Count == 0)
            return;

        // Append first, then register: see the remarks on the class.
        var positions = await log.AppendAsync(Topics.For(batch.Kind), fresh.Select(f => CloudEventHeaders.ToMessage(f.Envelope)).ToList(), cancellationToken);
        await duplicates.MarkSeenAsync(fresh.Select(f => new SeenRecord(Identity(f.Envelope), batch.Kind, f.Envelope.SubjectKey)).ToList(), cancellationToken);

        for (var i = 0; i < fresh.Count; i++)
        {
            var (index, envelope) = fresh[i];
            outcomes[index] = new IngestOutcome(index, batch.Records[index].Origin, envelope.SourceRecordId, IngestStatus.Accepted, [], envelope.Id)
            {
                Position = positions[i],
                SubjectKey = envelope.SubjectKey,
            };
        }
    }

    private static RecordIdentity Identity(RecordEnvelope envelope) =>
        new(envelope.SourceOrganisation, envelope.SourceRecordId, envelope.ContentHash);

    // A mapping problem usually causes a schema problem at the same place (a bad date leaves the
    // field out); the mapping problem says it better, so the echo is dropped.
    private static IReadOnlyList<Problem> Combine(IReadOnlyList<Problem> mapping, IReadOnlyList<Problem> validation)
    {
        if (mapping.Count == 0)
            return validation;
        var pointers = mapping.Select(p => p.Pointer).ToHashSet(StringComparer.Ordinal);
        return [.. mapping, .. validation.Where(v => !pointers.Contains(v.Pointer) && !pointers.Contains(RequiredTarget(v)))];
    }

    // A schema.required problem points at the parent object; its message names the property.
    private static string RequiredTarget(Problem problem) =>
        problem.Code == ProblemCodes.SchemaRequired && problem.Message.Split('\'') is [_, var name, ..]
            ? $"{problem.Pointer}/{name}"
            : problem.Pointer;
}
