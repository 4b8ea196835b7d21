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
    TimeProvider? clock = null,
    IngestTelemetry? telemetry = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>Records judged, checked and appended together.</summary>
    public const int ChunkSize = 500;

    /// <summary>Ingests a batch and answers every record's outcome.</summary>
    /// <exception cref="EventLogException">The event log could not store a chunk.</exception>
    /// <remarks>
    /// Chunks flow through two stages that overlap: judging (validate and seal on every core,
    /// then authorise) and looking a chunk up in the duplicate registry happen while the chunk
    /// before it is being appended. At most one chunk is appending and one being judged, so a
    /// large batch never queues more than two chunks of work. Appends keep the input order, and a
    /// chunk is registered only once its append succeeded; when an append fails, no later chunk
    /// is appended.
    /// </remarks>
    public async Task<IngestResult> IngestAsync(IngestBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var activity = IngestTelemetry.Source.StartActivity("ingest " + batch.Kind.Name());
        activity?.SetTag("exchange.kind", batch.Kind.Name());
        activity?.SetTag("exchange.source_organisation", batch.SourceOrganisation);
        activity?.SetTag("exchange.records", batch.Records.Count);
        var outcomes = new IngestOutcome[batch.Records.Count];
        // Identities admitted earlier in this batch: a later chunk is looked up before the earlier one is registered.
        var admitted = new HashSet<RecordIdentity>();
        Task? appending = null;
        try
        {
            for (var start = 0; start < batch.Records.Count; start += ChunkSize)
            {
                var judged = await JudgeChunkAsync(batch, start, Math.Min(ChunkSize, batch.Records.Count - start), outcomes, cancellationToken);
                var fresh = await SelectFreshAsync(batch, judged.Sealed, admitted, outcomes, cancellationToken);
                if (appending is not null)
                    await appending;
                appending = AppendChunkAsync(batch, fresh, judged.DeadLetters, outcomes, cancellationToken);
            }

            if (appending is not null)
                await appending;
        }
        catch when (appending is { IsCompleted: false })
        {
            // Judging failed while a chunk was appending: let that append (and its registration) finish first.
            await Task.WhenAny(appending);
            _ = appending.Exception; // observed: the judging failure is the one reported
            throw;
        }

        var result = new IngestResult(outcomes);
        telemetry?.Ingested(batch.Kind.Name(), result);
        activity?.SetTag("exchange.ingest.accepted", result.Accepted);
        activity?.SetTag("exchange.ingest.duplicates", result.Duplicates);
        activity?.SetTag("exchange.ingest.rejected", result.Rejected);
        logger.BatchIngested(batch.Kind.Name(), batch.SourceOrganisation, result.Accepted, result.Duplicates, result.Rejected);
        return result;
    }

    private sealed record JudgedChunk(List<(int Index, RecordEnvelope Envelope)> Sealed, List<LogMessage> DeadLetters);

    // What each record of a chunk came to in the parallel stage.
    // A sealed record (with its typed form, for the write check), or the dead letter of a rejected one.
    private readonly record struct Judgement(ICanonicalRecord? Record, RecordEnvelope? Envelope, LogMessage? DeadLetter);

    private async Task<JudgedChunk> JudgeChunkAsync(IngestBatch batch, int start, int count, IngestOutcome[] outcomes, CancellationToken cancellationToken)
    {
        // Validation and sealing are CPU work on each record alone: spread across the cores.
        var judgements = new Judgement[count];
        Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            judgements[i] = Judge(batch, start + i, outcomes));

        var sealedRecords = new List<(int Index, RecordEnvelope Envelope)>(count);
        var deadLetters = new List<LogMessage>();
        for (var i = 0; i < count; i++)
        {
            var index = start + i;
            var (typed, envelope, deadLetter) = judgements[i];
            if (deadLetter is not null)
            {
                deadLetters.Add(deadLetter);
                continue;
            }

            // Whether this source may write the record can depend on the store (who holds the subject): one at a time.
            var problems = batch.Authorise is { } authorise
                ? ResidentIdScrubber.Scrub(await authorise(typed!, envelope!.SubjectKey, cancellationToken))
                : [];
            if (problems.Count == 0)
            {
                sealedRecords.Add((index, envelope!));
                continue;
            }

            var record = batch.Records[index];
            outcomes[index] = new IngestOutcome(index, record.Origin, envelope!.SourceRecordId, IngestStatus.Rejected, problems, null)
            {
                SubjectKey = envelope.SubjectKey,
            };
            deadLetters.Add(RejectedRecordLetter.For(batch.Kind, batch.SourceOrganisation, record, envelope.SourceRecordId, problems,
                envelope.SubjectKey, _clock.GetUtcNow()));
        }

        return new JudgedChunk(sealedRecords, deadLetters);
    }

    // Validates one record and seals it, or answers it rejected with its dead letter. Touches only its own outcome.
    private Judgement Judge(IngestBatch batch, int index, IngestOutcome[] outcomes)
    {
        var record = batch.Records[index];
        var validation = record.IsUnmapped ? RecordValidationResult.NotValidated : validator.Validate(batch.Kind, record.Utf8Json.Span);
        var problems = Combine(record.MappingProblems, validation.Problems);
        if (problems.Count == 0 && validation.IsValid)
        {
            var envelope = pseudonymiser.Seal(validation.Record!, batch.Kind, batch.SourceOrganisation);
            return new Judgement(validation.Record, batch.EnvelopeIds is { } ids ? envelope with { Id = ids(index) } : envelope, null);
        }

        // A rejected record's id and problems go back to the source and into the dead letter: never with a resident id in them.
        var recordId = ResidentIdScrubber.Scrub(validation.RecordId ?? RecordIdPeek.Peek(record.Utf8Json.Span));
        problems = ResidentIdScrubber.Scrub(problems);
        outcomes[index] = new IngestOutcome(index, ResidentIdScrubber.Scrub(record.Origin), recordId, IngestStatus.Rejected, problems, null);
        var residentId = (validation.Record as ISubjectRecord)?.ResidentId ?? RecordIdPeek.PeekResidentId(record.Utf8Json.Span);
        var deadLetter = RejectedRecordLetter.For(batch.Kind, batch.SourceOrganisation, record, recordId, problems,
            pseudonymiser.SubjectKeyOf(residentId), _clock.GetUtcNow());
        return new Judgement(null, null, deadLetter);
    }

    // One registry round trip for the chunk; a record seen before, or earlier in this batch, is a
    // duplicate — unless it was seen with this very envelope id: then this is the retry of a keyed
    // request whose first attempt appended it, and the record is answered as that attempt would have.
    private async Task<List<(int Index, RecordEnvelope Envelope)>> SelectFreshAsync(
        IngestBatch batch, List<(int Index, RecordEnvelope Envelope)> sealedRecords, HashSet<RecordIdentity> admitted, IngestOutcome[] outcomes,
        CancellationToken cancellationToken)
    {
        if (sealedRecords.Count == 0)
            return sealedRecords;

        var seen = await duplicates.FindSeenAsync(sealedRecords.Select(s => Identity(s.Envelope)).ToList(), cancellationToken);
        var fresh = new List<(int Index, RecordEnvelope Envelope)>(sealedRecords.Count);
        foreach (var (index, envelope) in sealedRecords)
        {
            var identity = Identity(envelope);
            var seenBefore = seen.TryGetValue(identity, out var appendedAs);
            if (seenBefore && appendedAs == envelope.Id && batch.EnvelopeIds is not null && admitted.Add(identity))
            {
                outcomes[index] = new IngestOutcome(index, batch.Records[index].Origin, envelope.SourceRecordId, IngestStatus.Accepted, [], envelope.Id)
                {
                    SubjectKey = envelope.SubjectKey,
                };
                continue;
            }
            if (seenBefore || !admitted.Add(identity))
            {
                outcomes[index] = new IngestOutcome(index, batch.Records[index].Origin, envelope.SourceRecordId, IngestStatus.Duplicate, [], null);
                continue;
            }
            fresh.Add((index, envelope));
        }
        return fresh;
    }

    private async Task AppendChunkAsync(
        IngestBatch batch, List<(int Index, RecordEnvelope Envelope)> fresh, List<LogMessage> deadLetters, IngestOutcome[] outcomes,
        CancellationToken cancellationToken)
    {
        if (fresh.Count > 0)
        {
            // Append first, then register: see the remarks on the class.
            var positions = await log.AppendAsync(Topics.For(batch.Kind), fresh.Select(f => CloudEventHeaders.ToMessage(f.Envelope)).ToList(), cancellationToken);
            await duplicates.MarkSeenAsync(fresh.Select(f => new SeenRecord(Identity(f.Envelope), batch.Kind, f.Envelope.SubjectKey, f.Envelope.Id)).ToList(), cancellationToken);

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

        if (deadLetters.Count > 0)
            await log.AppendAsync(Topics.DeadLetter, deadLetters, cancellationToken);
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
