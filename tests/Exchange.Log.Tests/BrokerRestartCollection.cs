namespace Exchange.Log.Tests;

/// <summary>
/// Tests that take a mock broker down and bring it up again, run alone. Taken down, a mock broker
/// closes its listener and frees its port; brought up, it binds that same port again, and
/// librdkafka aborts the whole test process when it cannot. A mock cluster started meanwhile by a
/// test running in parallel binds a free port of the same kind and can take exactly that one.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrokerRestartCollection
{
    public const string Name = "broker restarts";
}
