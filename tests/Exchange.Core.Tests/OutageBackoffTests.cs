using Exchange.Core.Hosting;

namespace Exchange.Core.Tests;

public sealed class OutageBackoffTests
{
    [Fact]
    public void Waits_double_up_to_the_longest_and_start_again_at_one_second_once_an_attempt_has_worked()
    {
        var backoff = new OutageBackoff();
        Assert.Equal([1, 2, 4, 8, 15, 15], Enumerable.Range(0, 6).Select(_ => backoff.Next().TotalSeconds));

        backoff.Recovered();

        Assert.Equal([1, 2], Enumerable.Range(0, 2).Select(_ => backoff.Next().TotalSeconds));
    }
}
