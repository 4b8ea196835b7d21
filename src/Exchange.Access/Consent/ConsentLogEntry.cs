using Exchange.Core.Validation;
using Exchange.Log;

namespace Exchange.Access.Consent;

/// <summary>
/// One message of the consent topic, as the consent projection applies it: a version of a
/// consent record, or a withdrawal that names a consent by its sender and record id.
/// </summary>
public abstract record ConsentLogEntry(LogPosition Position)
{
    /// <summary>The message's identity (its <c>ce_id</c>), which the store keeps beside its position.</summary>
    public string? MessageId { get; init; }

    /// <summary>A consent record as it was sent (a new consent, or a new version of one).</summary>
    public sealed record Version(LogPosition Position, ConsentGrant Grant) : ConsentLogEntry(Position);

    /// <summary>A withdrawal of one named consent, e.g. a steward's on the graduate's behalf.</summary>
    public sealed record Withdrawal(LogPosition Position, string SourceOrganisation, string SourceRecordId, DateTimeOffset At) : ConsentLogEntry(Position);
}

/// <summary>What applying one entry did.</summary>
public enum ConsentAppliedStatus
{
    /// <summary>The store changed.</summary>
    Applied,
    /// <summary>The store held this already.</summary>
    Unchanged,
    /// <summary>The entry was applied before (a redelivery) and skipped.</summary>
    AlreadyApplied,
    /// <summary>The store refused it (e.g. a withdrawn consent sent again as active); the problems say why.</summary>
    Refused,
}

/// <summary>The outcome of one entry.</summary>
public sealed record ConsentApplied(ConsentLogEntry Entry, ConsentAppliedStatus Status, IReadOnlyList<Problem> Problems)
{
    /// <summary>True when a new consent row was made.</summary>
    public bool Inserted { get; init; }

    /// <summary>True when an active consent was withdrawn and the change event written.</summary>
    public bool WithdrawalRecorded { get; init; }
}
