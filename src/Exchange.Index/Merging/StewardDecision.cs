using System.Text.Json;
using System.Text.Json.Serialization;
using Exchange.Log;

namespace Exchange.Index.Merging;

/// <summary>
/// A steward's decision about the merged index, as it travels on <see cref="Topics.IndexDecisions"/>.
/// It names records by envelope id — ids the log holds, the same in every replay — never by the
/// index's own subject or review numbers.
/// </summary>
/// <param name="Action"><see cref="Actions"/>: accept a review, reject one, or split a record off its subject.</param>
/// <param name="EnvelopeId">The record decided on: the one under review, or the one split off.</param>
/// <param name="OtherEnvelopeId">For a review: the record of the candidate subject it was compared with.</param>
/// <param name="StewardOrganisation">Who decided.</param>
/// <param name="StewardClientId">Through which client.</param>
/// <param name="DecidedAt">When.</param>
public sealed record StewardDecision(
    string Action,
    Guid EnvelopeId,
    Guid? OtherEnvelopeId,
    string StewardOrganisation,
    string StewardClientId,
    DateTimeOffset DecidedAt)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The decisions a steward can make.</summary>
    public static class Actions
    {
        /// <summary>The two records of a review are one person: their subjects merge into the older.</summary>
        public const string AcceptReview = "review.accept";

        /// <summary>The two records of a review are two people: the merger never links them again.</summary>
        public const string RejectReview = "review.reject";

        /// <summary>The record is not the person of its subject: it is split off into a subject of its own.</summary>
        public const string SplitLink = "link.split";
    }

    /// <summary>The message: keyed by one constant, so every decision lands in one partition, in the order decided.</summary>
    public LogMessage ToMessage() =>
        new("steward-decisions", new Dictionary<string, string> { ["content-type"] = "application/json" }, JsonSerializer.SerializeToUtf8Bytes(this, Json));

    /// <summary>The decision a message carries, or null when it is not one or names its steward by text PostgreSQL cannot hold (a NUL).</summary>
    public static StewardDecision? Read(ReadOnlySpan<byte> value)
    {
        try
        {
            var decision = JsonSerializer.Deserialize<StewardDecision>(value, Json);
            return decision is { Action: Actions.AcceptReview or Actions.RejectReview, OtherEnvelopeId: not null } or { Action: Actions.SplitLink }
                   && !$"{decision.StewardOrganisation}{decision.StewardClientId}".Contains('\0', StringComparison.Ordinal)
                ? decision
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
