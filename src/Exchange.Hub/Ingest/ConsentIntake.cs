using Exchange.Access.Clients;
using Exchange.Access.Consent;
using Exchange.Access.Decisions;
using Exchange.Adapters.Ingest;
using Exchange.Core.Model;
using Exchange.Core.Pseudonymisation;
using Exchange.Core.Validation;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Hl7.Fhir.Serialization;

namespace Exchange.Hub.Ingest;

/// <summary>
/// Consents that arrive through the push API take effect at once: accepted consent records are
/// also written to the access layer's consent store, and FHIR R4 Consent resources (alone or in a
/// Bundle) are mapped and stored there. Reads are judged against the store, so a consent that only
/// reached the log would release nothing.
/// </summary>
internal sealed class ConsentIntake(RecordValidator validator, LinkageKeys keys, ConsentStore store, PolicySnapshotCache policy, WritePolicy writePolicy)
{
    private static readonly System.Text.Json.JsonSerializerOptions s_fhir = new System.Text.Json.JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    /// <summary>Stores the consents of accepted records of a push.</summary>
    public async Task StoreAcceptedAsync(IReadOnlyList<IngestRecord> records, IngestResult result, string sourceOrganisation, CancellationToken cancellationToken)
    {
        var changed = false;
        foreach (var outcome in result.Outcomes.Where(o => o.Status == IngestStatus.Accepted))
        {
            var validation = validator.Validate(RecordKind.Consent, records[outcome.Index].Utf8Json.Span);
            if (validation.Record is not ConsentRecord record || keys.KeyFor(record.ResidentId!) is not { } subjectKey)
                continue;
            var grant = ConsentGrant.FromRecord((ConsentRecord)record.WithoutClearIdentifiers(), subjectKey, sourceOrganisation);
            if (grant.Grant is not null)
                changed |= (await store.UpsertAsync(grant.Grant, cancellationToken)).Status != ConsentUpsertStatus.Unchanged;
        }
        if (changed)
            policy.Invalidate();
    }

    /// <summary>
    /// Maps and stores every Consent of a FHIR Bundle (or a single Consent) that the write policy
    /// lets the caller record; one outcome each, and the refusals for the audit.
    /// </summary>
    public async Task<FhirConsentIntake> StoreFhirAsync(ReadOnlyMemory<byte> body, ClientIdentity caller, CancellationToken cancellationToken)
    {
        var sourceOrganisation = caller.Organisation;
        var outcomes = new List<PushOutcome>();
        var refused = new List<(IReadOnlyList<Problem>, string?)>();
        Resource? resource;
        try
        {
            resource = System.Text.Json.JsonSerializer.Deserialize<Resource>(body.Span, s_fhir);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or DeserializationFailedException)
        {
            return Single(new Problem("", "fhir.invalid", $"The body is not a FHIR R4 resource: {ex.Message}", "请求体不是有效的 FHIR R4 资源。"));
        }

        var consents = resource switch
        {
            Hl7.Fhir.Model.Consent consent => [(consent, "Consent")],
            Bundle bundle => bundle.Entry.Select((e, i) => (e.Resource as Hl7.Fhir.Model.Consent, $"Bundle.entry[{i}].resource")).ToList(),
            _ => [],
        };
        if (consents.Count == 0)
            return Single(new Problem("", "fhir.unmapped-resource", "Send a Consent or a Bundle of Consent resources.", "请提交 Consent 资源或其 Bundle。"));

        var changed = false;
        for (var i = 0; i < consents.Count; i++)
        {
            var (consent, origin) = consents[i];
            if (consent is null)
            {
                outcomes.Add(Rejected(i, origin, null, [new Problem(origin, "fhir.unmapped-resource", "This entry is not a Consent.", "该条目不是 Consent 资源。")]));
                continue;
            }
            var mapped = FhirConsentMapper.Map(consent, sourceOrganisation, keys.KeyFor);
            if (mapped.Grant is null)
            {
                outcomes.Add(Rejected(i, origin, consent.Id, mapped.Problems));
                continue;
            }
            if (await writePolicy.CheckConsentAsync(caller, mapped.Grant, cancellationToken) is { } notAllowed)
            {
                outcomes.Add(Rejected(i, origin, consent.Id, [notAllowed]));
                refused.Add(([notAllowed], mapped.Grant.SubjectKey));
                continue;
            }
            var stored = await store.UpsertAsync(mapped.Grant, cancellationToken);
            changed |= stored.Status is ConsentUpsertStatus.Inserted or ConsentUpsertStatus.Updated;
            outcomes.Add(stored.Status switch
            {
                ConsentUpsertStatus.Rejected => Rejected(i, origin, consent.Id, stored.Problems),
                ConsentUpsertStatus.Unchanged => new PushOutcome(i, origin, mapped.Grant.SourceRecordId, "duplicate", null, null),
                _ => new PushOutcome(i, origin, mapped.Grant.SourceRecordId, "accepted", null, null),
            });
        }
        if (changed)
            policy.Invalidate();
        return new FhirConsentIntake(new PushResponse(outcomes.Count(o => o.Status == "accepted"), outcomes.Count(o => o.Status == "duplicate"),
            outcomes.Count(o => o.Status == "rejected"), outcomes), refused);
    }

    private static PushOutcome Rejected(int index, string origin, string? recordId, IReadOnlyList<Problem> problems) =>
        new(index, origin, recordId, "rejected", null, RecordProblem.For(problems));

    private static FhirConsentIntake Single(Problem problem) => new(new PushResponse(0, 0, 1, [Rejected(0, "body", null, [problem])]), []);
}

/// <summary>The answer to a FHIR consent push, and the consents the write policy refused (with their subjects), for the audit.</summary>
internal sealed record FhirConsentIntake(PushResponse Response, IReadOnlyList<(IReadOnlyList<Problem> Problems, string? SubjectKey)> Refused);
