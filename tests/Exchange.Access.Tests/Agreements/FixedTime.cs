namespace Exchange.Access.Tests.Agreements;

/// <summary>A clock that stands still, so tests judge stored versions at known instants.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
