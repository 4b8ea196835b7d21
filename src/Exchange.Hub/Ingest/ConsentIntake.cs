using Exchange.Access.Clients;
using Exchange.Access.Consent;
using Exchange.Access.Decisions;
using Exchange.Adapters.Ingest;
using Exchange.Core.Json;
using Exchange.Core.Model;
using Exchange.Core.Validation;
using Exchange.Log;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;

namespace Exchange.Hub.Ingest;

/// <summary>
/// Consents into the hub: every consent — a canonical record, a FHIR R4 Consent, pushed or
/// recorded by a steward — takes the ingest path into the log (validated, judged by the write
/// policy, pseudonymised, appended), and the consent projection alone writes the store. A writer
/// is answered only once the projection has applied what it appended, so a consent, and above
/// all a withdrawal, binds the very next read.
/// </summary>
internal sealed class ConsentIntake(IngestPipeline pipeline, WritePolicy writePolicy, ConsentProjection projection, IEventLog log, TimeProvider clock)
{
    /// <summary>How long a writer waits for the projection before answering 503 (what it wrote is in the log and will apply).</summary>
    public static readonly TimeSpan InForceTimeout = TimeSpan.FromSeconds(30);

    private static readonly System.Text.Json.JsonSerializerOptions s_fhir = new System.Text.Json.JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    /// <summary>
    /// Ingests consent records of <paramref name="caller"/> and waits until the accepted ones are
    /// in force; <c>InForce</c> is false when the wait timed out. <paramref name="envelopeIds"/>
    /// are the ids a keyed request fixes (see <see cref="IngestBatch.EnvelopeIds"/>), or null.
    /// </summary>
    public async Task<(IngestResult Result, bool InForce)> RecordAsync(IReadOnlyList<IngestRecord> records, ClientIdentity caller,
        Func<int, Guid>? envelopeIds, CancellationToken cancellationToken)
    {
        var batch = new IngestBatch(RecordKind.Consent, caller.Organisation, records)
        {
            Authorise = (record, subjectKey, ct) => writePolicy.CheckAsync(caller, record, subjectKey, ct),
            EnvelopeIds = envelopeIds,
        };
        var result = await pipeline.IngestAsync(batch, cancellationToken);
        var appended = result.Outcomes.Where(o => o.Position is not null).Select(o => o.Position!.Value).ToList();
        // Accepted without a position: appended by an earlier attempt of this request, somewhere
        // in the topic as it stands; in force once the projection has reached its end.
        if (result.Outcomes.Any(o => o.Status == IngestStatus.Accepted && o.Position is null))
            appended.AddRange(await EndOfTopicAsync(Topics.For(RecordKind.Consent), cancellationToken));
        return (result, await projection.WaitUntilAppliedAsync(appended, InForceTimeout, cancellationToken));
    }

    private async Task<IReadOnlyList<LogPosition>> EndOfTopicAsync(string topic, CancellationToken cancellationToken)
    {
        var ends = new List<LogPosition>();
        var partitions = await log.GetPartitionCountAsync(topic, cancellationToken) ?? 0;
        for (var partition = 0; partition < partitions; partition++)
        {
            var watermarks = await log.GetWatermarksAsync(topic, partition, cancellationToken);
            if (watermarks.High > watermarks.Low)
                ends.Add(new LogPosition(topic, partition, watermarks.High - 1));
        }
        return ends;
    }

    /// <summary>Appends a withdrawal of one stored consent, on the subject's behalf, and waits until it is in force.</summary>
    public async Task<bool> WithdrawAsync(ConsentGrant consent, ClientIdentity steward, CancellationToken cancellationToken)
    {
        var positions = await log.AppendAsync(Topics.For(RecordKind.Consent), [ConsentProjection.WithdrawalMessageFor(consent, steward.Organisation, clock.GetUtcNow())], cancellationToken);
        return await projection.WaitUntilAppliedAsync(positions, InForceTimeout, cancellationToken);
    }

    /// <summary>
    /// The consent records a FHIR body stands for — one Consent, or every entry of a Bundle — each
    /// as a canonical record with its mapping problems, or the problem with the body as a whole.
    /// Each entry is answered on its own: a Consent that is not valid R4 is one rejected entry
    /// whose problems name the offending elements, and the entries beside it go on.
    /// </summary>
    public static (IReadOnlyList<IngestRecord> Records, Problem? BodyProblem) FromFhir(ReadOnlyMemory<byte> body, string sourceOrganisation)
    {
        Resource? resource;
        IReadOnlyList<CodedException> errors;
        try
        {
            resource = System.Text.Json.JsonSerializer.Deserialize<Resource>(body.Span, s_fhir);
            errors = [];
        }
        catch (DeserializationFailedException ex)
        {
            // The SDK reads on past what it cannot accept and says where each error is, so the
            // errors can be charged to the entries they are in.
            resource = ex.PartialResult as Resource;
            errors = [.. ex.Exceptions];
        }
        catch (System.Text.Json.JsonException ex)
        {
            return ([], FhirConsentProblems.NotJson(ex.Message));
        }

        var entries = resource switch
        {
            Hl7.Fhir.Model.Consent consent => [new FhirEntry("Consent", consent, errors)],
            Bundle bundle => FhirEntry.Of(bundle, errors),
            _ => null,
        };
        var root = resource?.TypeName ?? "Resource";
        if (entries is null)
            return ([], errors.Count > 0 ? FhirConsentProblems.NotR4(errors[0], root) : FhirConsentProblems.NotConsentOrBundle());
        // An error outside every entry is in the Bundle itself: no entry can be trusted to be what was sent.
        if (errors.FirstOrDefault(e => !entries.Any(entry => entry.Errors.Contains(e))) is { } bundleError)
            return ([], FhirConsentProblems.NotR4(bundleError, root));

        return (entries.Select(e => ToRecord(e, root, sourceOrganisation)).ToList(), null);
    }

    private static IngestRecord ToRecord(FhirEntry entry, string root, string sourceOrganisation)
    {
        if (entry.Errors.Count > 0)
            return IngestRecord.Unmapped(entry.Origin, [.. entry.Errors.Select(e => FhirConsentProblems.InvalidElement(e, root))]);
        switch (entry.Resource)
        {
            case null:
                return IngestRecord.Unmapped(entry.Origin, FhirConsentProblems.EntryWithoutResource(entry.EntryPath));
            case Hl7.Fhir.Model.Consent consent:
                var (record, problems) = FhirConsentMapper.ToRecord(consent, sourceOrganisation);
                return record is null
                    ? IngestRecord.Unmapped(entry.Origin, [.. problems.Select(p => p with { Pointer = entry.Rebase(p.Pointer) })])
                    : new IngestRecord(entry.Origin, RecordJson.SerializeToUtf8Bytes(record, RecordKind.Consent));
            default:
                return IngestRecord.Unmapped(entry.Origin, FhirConsentProblems.NotAConsent(entry.Origin, entry.Resource.TypeName));
        }
    }
}
