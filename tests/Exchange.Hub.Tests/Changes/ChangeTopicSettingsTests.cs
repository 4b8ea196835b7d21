using Exchange.Access.Tokens;
using Exchange.Hub.Changes;

namespace Exchange.Hub.Tests.Changes;

/// <summary>The checks on <c>Exchange:Changes:Topics</c> made at start: each problem names its setting.</summary>
public sealed class ChangeTopicSettingsTests
{
    private static readonly List<ClientRegistration> Clients =
    [
        new() { Issuer = "https://issuer.example", ClientId = "huawei-hr", Organisation = "914403001922038216", Role = "employer", Scopes = ["index:read"] },
        new() { Issuer = "https://issuer.example", ClientId = "hrss-henan", Organisation = "11410000005184201M", Role = "bureau", Scopes = ["reports:read"] },
    ];

    [Fact]
    public void A_registered_index_reader_with_a_known_purpose_is_accepted()
    {
        Assert.Empty(ChangeTopic.Problems([new ChangeTopic { Client = "huawei-hr", Purpose = "matching" }], Clients));
        Assert.Equal("exchange.changes.v1.huawei-hr", new ChangeTopic { Client = "huawei-hr" }.Topic);
    }

    [Theory]
    [InlineData("", "matching", "Exchange:Changes:Topics:0:Client is required")]
    [InlineData("nobody", "matching", "Exchange:Changes:Topics:0:Client")]
    [InlineData("hrss-henan", "matching", "is not registered for the scope index:read")]
    [InlineData("huawei hr", "matching", "cannot name a topic")]
    [InlineData("huawei-hr", "marketing", "Exchange:Changes:Topics:0:Purpose 'marketing'")]
    public void A_bad_entry_is_refused_naming_its_setting(string client, string purpose, string expected)
    {
        var problems = ChangeTopic.Problems([new ChangeTopic { Client = client, Purpose = purpose }], Clients).ToList();

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_client_listed_twice_is_refused()
    {
        var problems = ChangeTopic.Problems(
            [new ChangeTopic { Client = "huawei-hr", Purpose = "matching" }, new ChangeTopic { Client = "huawei-hr", Purpose = "research" }], Clients);

        Assert.Contains(problems, p => p.StartsWith("Exchange:Changes:Topics:1:Client", StringComparison.Ordinal) && p.Contains("one topic per client", StringComparison.Ordinal));
    }
}
