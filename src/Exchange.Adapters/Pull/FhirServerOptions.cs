namespace Exchange.Adapters.Pull;

/// <summary>One government FHIR R4 server publishing certifications.</summary>
public sealed record FhirServerOptions
{
    /// <summary>The instance's name, unique in the hub; its checkpoint key.</summary>
    public required string Name { get; init; }

    /// <summary>The FHIR base, e.g. <c>https://fhir.mca.example.gov.cn/r4/</c>.</summary>
    public required Uri BaseAddress { get; init; }

    /// <summary>The bureau's unified social credit code, the records' source organisation.</summary>
    public required string SourceOrganisation { get; init; }

    /// <summary>The resource type searched.</summary>
    public string ResourceType { get; init; } = "Observation";

    /// <summary>Extra search parameters, e.g. <c>code=https://graduate-exchange.org/fhir/CodeSystem/hardship-type|</c>, without a leading &amp;.</summary>
    public string? ExtraQuery { get; init; }

    /// <summary>Entries asked for per page (<c>_count</c>).</summary>
    public int Count { get; init; } = 100;

    /// <summary>Pages followed per round at most.</summary>
    public int MaxPagesPerRound { get; init; } = 1_000;

    /// <summary>Retries of a failed page.</summary>
    public RetryPolicy Retry { get; init; } = new();

    /// <summary>When to stop asking this source for a while after repeated failures.</summary>
    public CircuitBreakerPolicy CircuitBreaker { get; init; } = new();
}
