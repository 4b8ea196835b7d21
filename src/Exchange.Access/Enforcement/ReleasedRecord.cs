using System.Text.Json.Nodes;

namespace Exchange.Access.Enforcement;

/// <summary>One record released by a batch read: its kind, the handle the decision gave the subject, and the masked record.</summary>
/// <param name="Kind">The record kind's name.</param>
/// <param name="SubjectHandle">The caller's handle for the subject, as audited for this record.</param>
/// <param name="Record">The record with only the allowed fields.</param>
public sealed record ReleasedRecord(string Kind, string SubjectHandle, JsonObject Record);
