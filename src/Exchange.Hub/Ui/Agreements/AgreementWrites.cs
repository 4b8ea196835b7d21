using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Access.Decisions;
using Exchange.Hub.Steward;

namespace Exchange.Hub.Ui.Agreements;

/// <summary>What a posted form came to: the store's answer, or the problems that kept it from the store.</summary>
public sealed record FormWrite(AgreementWriteResult? Result, FormProblems Problems)
{
    public bool IsRecorded => Result?.IsRecorded == true;
}

/// <summary>
/// The pages' writes, through the steward API's own steps: the request's mapping and rules
/// (<see cref="AgreementMapping.ToTerms"/>), the agreement store, then the policy cache invalidated,
/// so that the next read is judged by the new version.
/// </summary>
public sealed class AgreementWrites(AgreementStore store, PolicySnapshotCache policy)
{
    public Task<FormWrite> CreateAsync(AgreementForm form, ClientIdentity steward, CancellationToken cancellationToken) =>
        WriteAsync(form, terms => store.CreateAsync(terms, steward.ClientId, cancellationToken));

    public Task<FormWrite> ReviseAsync(Guid id, int expectedVersion, AgreementForm form, ClientIdentity steward, CancellationToken cancellationToken) =>
        WriteAsync(form, terms => store.ReviseAsync(id, expectedVersion, terms, steward.ClientId, cancellationToken));

    public async Task<AgreementWriteResult> RevokeAsync(Guid id, int expectedVersion, ClientIdentity steward, CancellationToken cancellationToken) =>
        Invalidating(await store.RevokeAsync(id, expectedVersion, steward.ClientId, cancellationToken));

    private async Task<FormWrite> WriteAsync(AgreementForm form, Func<AgreementTerms, Task<AgreementWriteResult>> write)
    {
        var problems = new FormProblems();
        var request = form.ToRequest(problems);
        var (terms, errors) = request.ToTerms();
        if (terms is null)
            AgreementProblems.Add(problems, form, errors, AgreementProblems.Coded(request.CodedProblems()));
        if (terms is null || problems.Any)
            return new FormWrite(null, problems);
        var result = Invalidating(await write(terms));
        if (result.Status == AgreementWriteStatus.Invalid)
            problems.Add(AgreementProblems.ForTerms(result.Reason ?? "", form));
        return new FormWrite(result, problems);
    }

    private AgreementWriteResult Invalidating(AgreementWriteResult result)
    {
        if (result.IsRecorded)
            policy.Invalidate();
        return result;
    }
}
