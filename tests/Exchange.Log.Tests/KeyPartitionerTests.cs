using System.Text;

namespace Exchange.Log.Tests;

public sealed class KeyPartitionerTests
{
    // The vectors of Kafka's own UtilsTest.testMurmur2.
    [Theory]
    [InlineData("21", -973932308)]
    [InlineData("foobar", -790332482)]
    [InlineData("a-little-bit-long-string", -985981536)]
    [InlineData("a-little-bit-longer-string", -1486304829)]
    [InlineData("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971)]
    [InlineData("abc", 479470107)]
    public void Murmur2_matches_kafkas_java_implementation(string key, int expected) =>
        Assert.Equal(expected, KeyPartitioner.Murmur2(Encoding.UTF8.GetBytes(key)));

    [Fact]
    public void A_key_always_maps_to_the_same_partition_within_range()
    {
        for (var i = 0; i < 1000; i++)
        {
            var partition = KeyPartitioner.PartitionFor($"subject-{i}", 6);
            Assert.InRange(partition, 0, 5);
            Assert.Equal(partition, KeyPartitioner.PartitionFor($"subject-{i}", 6));
        }
    }
}
