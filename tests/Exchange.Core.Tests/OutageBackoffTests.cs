using Exchange.Core.Hosting;

namespace Exchange.Core.Tests;

public sealed class OutageBackoffTests
{
    [Fact]
    public void Waits_double_up_to_the_longest_while_attempts_fail_at_once()
    {
        var backoff = new OutageBackoff();

        Assert.Equal([1, 2, 4, 8, 15, 15], Enumerable.Range(0, 6).Select(_ => backoff.Next(TimeSpan.Zero).TotalSeconds));
    }

    [Fact]
    public void An_attempt_that_ran_as_long_as_the_longest_wait_ends_in_a_new_outage_that_starts_at_one_second()
    {
        var backoff = new OutageBackoff();
        foreach (var _ in Enumerable.Range(0, 4))
            backoff.Next(TimeSpan.FromSeconds(3));

        Assert.Equal(1, backoff.Next(OutageBackoff.Longest).TotalSeconds);
        Assert.Equal(2, backoff.Next(TimeSpan.FromSeconds(14)).TotalSeconds);
    }
}
