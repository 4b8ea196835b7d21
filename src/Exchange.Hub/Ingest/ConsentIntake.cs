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
    /// in force; <c>InForce</c> is false when the wait timed out.
    /// </summary>
    public async Task<(IngestResult Result, bool InForce)> RecordAsync(IReadOnlyList<IngestRecord> records, ClientIdentity caller, CancellationToken cancellationToken)
    {
        var batch = new IngestBatch(RecordKind.Consent, caller.Organisation, records)
        {
            Authorise = (record, subjectKey, ct) => writePolicy.CheckAsync(caller, record, subjectKey, ct),
        };
        var result = await pipeline.IngestAsync(batch, cancellationToken);
        var appended = result.Outcomes.Where(o => o.Position is not null).Select(o => o.Position!.Value).ToList();
        return (result, await projection.WaitUntilAppliedAsync(appended, InForceTimeout, cancellationToken));
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
    /// </summary>
    public static (IReadOnlyList<IngestRecord> Records, Problem? BodyProblem) FromFhir(ReadOnlyMemory<byte> body, string sourceOrganisation)
    {
        Resource? resource;
        try
        {
            resource = System.Text.Json.JsonSerializer.Deserialize<Resource>(body.Span, s_fhir);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or DeserializationFailedException)
        {
            return ([], new Problem("", "fhir.invalid", $"The body is not a FHIR R4 resource: {ex.Message}", "请求体不是有效的 FHIR R4 资源。"));
        }

        var consents = resource switch
        {
            Hl7.Fhir.Model.Consent consent => [(consent, "Consent")],
            Bundle bundle => bundle.Entry.Select((e, i) => (e.Resource as Hl7.Fhir.Model.Consent, $"Bundle.entry[{i}].resource")).ToList(),
            _ => [],
        };
        if (consents.Count == 0)
            return ([], new Problem("", "fhir.unmapped-resource", "Send a Consent or a Bundle of Consent resources.", "请提交 Consent 资源或其 Bundle。"));

        var records = new List<IngestRecord>(consents.Count);
        foreach (var (consent, origin) in consents)
        {
            if (consent is null)
            {
                records.Add(Unmapped(origin, new Problem(origin, "fhir.unmapped-resource", "This entry is not a Consent.", "该条目不是 Consent 资源。")));
                continue;
            }
            var (record, problems) = FhirConsentMapper.ToRecord(consent, sourceOrganisation);
            records.Add(record is null
                ? Unmapped(origin, problems)
                : new IngestRecord(origin, RecordJson.SerializeToUtf8Bytes(record, RecordKind.Consent)));
        }
        return (records, null);
    }

    // An entry that maps to no record still gets its own outcome and dead letter: an empty record
    // carrying the mapping problems, which reject it whatever validation says.
    private static IngestRecord Unmapped(string origin, params IReadOnlyList<Problem> problems) =>
        new(origin, "{}"u8.ToArray()) { MappingProblems = problems };
}
