namespace Exchange.Index.Export;

/// <summary>A subject that withdrew a consent or had fields erased, by each linkage key it is known by.</summary>
/// <param name="Change"><c>consent.withdrawn</c> or <c>subject.purged</c>.</param>
/// <param name="At">When the merger recorded the change.</param>
/// <param name="SubjectKeys">Every linkage key of the subject: a caller may know it under any of them.</param>
public sealed record ExportWithdrawal(string Change, DateTimeOffset At, IReadOnlyList<string> SubjectKeys);
