using Exchange.Core.Model;

namespace Exchange.Log;

/// <summary>The hub's topic names: one per record kind, plus the dead-letter topic.</summary>
public static class Topics
{
    /// <summary>Rejected records and messages a consumer could not process, with the reason in headers.</summary>
    public const string DeadLetter = "exchange.deadletter.v1";

    /// <summary>The topic of a record kind: <c>exchange.&lt;kind&gt;.v1</c>, e.g. <c>exchange.graduate.v1</c>.</summary>
    public static string For(RecordKind kind) => $"exchange.{kind.Name()}.{RecordKinds.SchemaVersion}";

    /// <summary>Every standard topic: one per record kind, then the dead-letter topic.</summary>
    public static IReadOnlyList<string> All { get; } = [.. RecordKinds.All.Select(For), DeadLetter];
}
