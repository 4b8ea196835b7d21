using Exchange.Core.Model;

namespace Exchange.Adapters.Pull;

/// <summary>
/// One university REST source. The adapter GETs
/// <c>{BaseAddress}/{ResourcePath}?updatedSince={cursor}&amp;page={n}&amp;pageSize={PageSize}</c> and
/// expects <c>{ "items": [ … ], "nextPage": n | null }</c>, items sorted by their cursor field,
/// ascending.
/// </summary>
public sealed record UniversityRestOptions
{
    /// <summary>The instance's name, unique in the hub; its checkpoint key.</summary>
    public required string Name { get; init; }

    /// <summary>The API root, e.g. <c>https://sis.example.edu.cn/api/</c>.</summary>
    public required Uri BaseAddress { get; init; }

    /// <summary>The university's unified social credit code, the records' source organisation.</summary>
    public required string SourceOrganisation { get; init; }

    /// <summary>The kind of record the items are.</summary>
    public RecordKind Kind { get; init; } = RecordKind.Graduate;

    /// <summary>The collection's path under the base address.</summary>
    public string ResourcePath { get; init; } = "students";

    /// <summary>Items asked for per page.</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>Dotted path of the items array in a page.</summary>
    public string ItemsPath { get; init; } = "items";

    /// <summary>Dotted path of the next page number in a page; null or absent ends the round.</summary>
    public string NextPagePath { get; init; } = "nextPage";

    /// <summary>The item property holding the change time (RFC 3339); removed from the record before ingest.</summary>
    public string CursorField { get; init; } = "updatedAt";

    /// <summary>The item property holding the canonical record; null when the item is the record itself.</summary>
    public string? RecordField { get; init; }

    /// <summary>Pages fetched per round at most.</summary>
    public int MaxPagesPerRound { get; init; } = 1_000;

    /// <summary>Retries of a failed page.</summary>
    public RetryPolicy Retry { get; init; } = new();

    /// <summary>When to stop asking this source for a while after repeated failures.</summary>
    public CircuitBreakerPolicy CircuitBreaker { get; init; } = new();
}
