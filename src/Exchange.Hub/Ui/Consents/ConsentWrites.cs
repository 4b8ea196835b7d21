using Exchange.Access.Clients;
using Exchange.Access.Consent;
using Exchange.Adapters.Ingest;
using Exchange.Core.Identifiers;
using Exchange.Hub.Ingest;
using Exchange.Hub.Ui.Agreements;

namespace Exchange.Hub.Ui.Consents;

/// <summary>What recording a consent through the form came to: the subject it is about, or the problems that kept it out.</summary>
public sealed record ConsentWrite(string? SubjectKey, string? RecordId, FormProblems Problems)
{
    public bool IsRecorded => SubjectKey is not null && !Problems.Any;
}

/// <summary>
/// The pages' consent writes, through the steward API's own path: the consent intake (validation,
/// write policy, pseudonymisation at the door, the log) and its wait until the consent store has
/// applied them, so that what the page shows next is in force.
/// </summary>
public sealed class ConsentWrites
{
    private readonly ConsentIntake _consents;
    private readonly ConsentStore _store;

    internal ConsentWrites(ConsentIntake consents, ConsentStore store)
    {
        _consents = consents;
        _store = store;
    }

    public async Task<ConsentWrite> RecordAsync(ConsentForm form, ClientIdentity steward, CancellationToken cancellationToken)
    {
        var problems = new FormProblems { FieldOrder = ConsentFields.Order };
        var (result, inForce) = await _consents.RecordAsync([new IngestRecord("form", form.ToRecordJson())], steward, envelopeIds: null, cancellationToken);
        var outcome = result.Outcomes[0];
        if (outcome.Status == IngestStatus.Rejected)
        {
            // Scrubbed as the API's answer is: a problem never repeats a resident id.
            foreach (var problem in ResidentIdScrubber.Scrub(outcome.Problems))
                problems.Add(new FormProblem(ConsentFields.For(problem), problem.Code, problem.Message, problem.MessageZh));
            return new ConsentWrite(null, null, problems);
        }
        if (!inForce)
        {
            problems.Add(ConsentTexts.Problem("", c => c.NotYetInForce));
            return new ConsentWrite(null, outcome.RecordId, problems);
        }
        var stored = await _store.FindAsync(steward.Organisation, outcome.RecordId!, cancellationToken);
        return new ConsentWrite(stored?.SubjectKey, outcome.RecordId, problems);
    }

    /// <summary>Withdraws a consent from now on, as <c>POST /v1/steward/consents/{sourceOrganisation}/{sourceRecordId}/withdraw</c> does.</summary>
    public async Task<ConsentWithdrawal> WithdrawAsync(string sourceOrganisation, string sourceRecordId, ClientIdentity steward, CancellationToken cancellationToken)
    {
        var stored = await _store.FindAsync(sourceOrganisation, sourceRecordId, cancellationToken);
        if (stored is null)
            return new ConsentWithdrawal(ConsentWithdrawalOutcome.NotFound, null);
        if (stored.Status == ConsentStatus.Withdrawn)
            return new ConsentWithdrawal(ConsentWithdrawalOutcome.AlreadyWithdrawn, stored);
        return await _consents.WithdrawAsync(stored, steward, cancellationToken)
            ? new ConsentWithdrawal(ConsentWithdrawalOutcome.Withdrawn, stored)
            : new ConsentWithdrawal(ConsentWithdrawalOutcome.NotYetInForce, stored);
    }
}

public enum ConsentWithdrawalOutcome
{
    Withdrawn,
    AlreadyWithdrawn,
    NotFound,
    NotYetInForce,
}

/// <summary>What a withdrawal came to, and the consent as it was found.</summary>
public sealed record ConsentWithdrawal(ConsentWithdrawalOutcome Outcome, ConsentGrant? Consent);
