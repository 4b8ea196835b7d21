using Exchange.Core.Model;

namespace Exchange.Log;

/// <summary>The hub's topic names: one per record kind, the dead-letter topic and the stewards' index decisions.</summary>
public static class Topics
{
    /// <summary>Rejected records and messages a consumer could not process, with the reason in headers.</summary>
    public const string DeadLetter = "exchange.deadletter.v1";

    /// <summary>
    /// Stewards' decisions about the merged index (accept or reject a review, split a link): the
    /// index is a projection of the log, so what a steward decides reaches it through the log too.
    /// </summary>
    public const string IndexDecisions = "exchange.index-decision.v1";

    /// <summary>The topic of a record kind: <c>exchange.&lt;kind&gt;.v1</c>, e.g. <c>exchange.graduate.v1</c>.</summary>
    public static string For(RecordKind kind) => $"exchange.{kind.Name()}.{RecordKinds.SchemaVersion}";

    /// <summary>Every standard topic: one per record kind, the dead-letter topic, then the index decisions.</summary>
    public static IReadOnlyList<string> All { get; } = [.. RecordKinds.All.Select(For), DeadLetter, IndexDecisions];
}
