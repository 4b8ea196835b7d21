namespace Exchange.Access.Agreements;

/// <summary>What became of a write to an agreement.</summary>
public enum AgreementWriteStatus
{
    /// <summary>The new version was recorded.</summary>
    Recorded,
    /// <summary>Someone recorded another version first: the expected version is stale. Reload and retry.</summary>
    Conflict,
    /// <summary>No agreement has this id.</summary>
    NotFound,
    /// <summary>The terms are not valid; <see cref="AgreementWriteResult.Reason"/> says why.</summary>
    Invalid,
    /// <summary>The agreement is already revoked; a revoked agreement is not revised (record a new one).</summary>
    Revoked,
}

/// <summary>The outcome of <see cref="AgreementStore"/> writes: expected failures are results, not exceptions.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Agreement">The version now current (the new one when recorded, the current one on conflict), if any.</param>
/// <param name="Reason">Why the terms are invalid.</param>
public sealed record AgreementWriteResult(AgreementWriteStatus Status, DataSharingAgreement? Agreement, string? Reason = null)
{
    /// <summary>True when the new version was recorded.</summary>
    public bool IsRecorded => Status == AgreementWriteStatus.Recorded;
}
