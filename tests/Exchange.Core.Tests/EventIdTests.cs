using System.Reflection;
using Exchange.Core.Hosting;

namespace Exchange.Core.Tests;

public sealed class EventIdTests
{
    [Fact]
    public void Every_event_id_is_used_once_and_lies_in_a_range_of_its_part()
    {
        var ids = typeof(EventIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (Name: f.Name, Id: (int)f.GetRawConstantValue()!))
            .ToList();

        Assert.NotEmpty(ids);
        Assert.Empty(ids.GroupBy(e => e.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Name))}"));
        Assert.All(ids, e => Assert.True(e.Id is >= 1000 and <= 1199 or >= 3000 and <= 3299 or >= 4000 and <= 4199 or >= 5000 and <= 5099 or >= 5300 and <= 5349 or >= 5400 and <= 5449, $"{e.Name} = {e.Id} is outside every range"));
    }
}
