using Exchange.Core.Hosting;
using Exchange.Core.Model;
using Microsoft.Extensions.Configuration;

namespace Exchange.Core.Tests;

public sealed class SettingsRefusalTests
{
    [Fact]
    public void A_word_a_listed_setting_does_not_hold_is_refused_naming_every_word_it_does()
    {
        // Was answered "is not a value of type RecordKind", naming no word the setting takes.
        var failures = FailuresBinding("Exchange:Pull:DropFolders:0", "Kind", "graduates");

        Assert.Equal(
            ["Exchange:Pull:DropFolders:0:Kind: 'graduates' is not one of Graduate, Vacancy, Certification, Policy, Service, Placement, Consent, Feedback."],
            failures);
    }

    [Fact]
    public void A_number_a_whole_number_setting_cannot_hold_is_refused_in_an_operators_words()
    {
        var failures = FailuresBinding("Exchange:Pull:DropFolders:0", "Port", "many");

        Assert.Equal(["Exchange:Pull:DropFolders:0:Port: 'many' is not a whole number."], failures);
    }

    private static IReadOnlyList<string> FailuresBinding(string section, string setting, string value)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{section}:{setting}"] = value })
            .Build();
        var refusal = Assert.ThrowsAny<Exception>(() => configuration.GetSection(section).Get<ListedSettings>());
        Assert.True(SettingsRefusal.TryGetFailures(refusal, out var failures), refusal.ToString());
        return failures;
    }

    private sealed class ListedSettings
    {
        public RecordKind Kind { get; init; } = RecordKind.Graduate;

        public int Port { get; init; }
    }
}
