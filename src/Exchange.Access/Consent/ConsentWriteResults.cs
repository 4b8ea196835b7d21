using Exchange.Core.Validation;

namespace Exchange.Access.Consent;

/// <summary>What an upsert did.</summary>
public enum ConsentUpsertStatus
{
    /// <summary>A new consent was stored.</summary>
    Inserted,
    /// <summary>The stored consent was replaced by a different version of the same record.</summary>
    Updated,
    /// <summary>The same content was stored already; nothing was written.</summary>
    Unchanged,
    /// <summary>The grant was refused; see the problems.</summary>
    Rejected,
}

/// <summary>The outcome of <see cref="ConsentStore.UpsertAsync"/>.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Problems">Why it was rejected; empty otherwise.</param>
/// <param name="WithdrawalRecorded">True when this write withdrew the consent and wrote a change event.</param>
public sealed record ConsentUpsertResult(ConsentUpsertStatus Status, IReadOnlyList<Problem> Problems, bool WithdrawalRecorded = false);

/// <summary>What a withdrawal did.</summary>
public enum ConsentWithdrawStatus
{
    /// <summary>The consent is withdrawn from the given instant and a change event was written.</summary>
    Withdrawn,
    /// <summary>It was withdrawn already; nothing changed.</summary>
    AlreadyWithdrawn,
    /// <summary>No such consent.</summary>
    NotFound,
}
