namespace Exchange.Testing;

public static class TestTimeout
{
    // A stuck server call should fail its own test with a cancellation rather than hang the run.
    public static CancellationToken Token() => new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token;
}
