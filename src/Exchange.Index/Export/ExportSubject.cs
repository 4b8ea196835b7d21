using Exchange.Index.Queries;

namespace Exchange.Index.Export;

/// <summary>One subject of an export page: the linkage key it is released under and its records in force of the kinds asked for.</summary>
/// <param name="SubjectKey">The subject's first linkage key in sort order, so that the caller's handle is the same in every export.</param>
/// <param name="Records">The subject's records in force.</param>
public sealed record ExportSubject(string SubjectKey, IReadOnlyList<SubjectRecord> Records);
