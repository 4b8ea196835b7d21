using Exchange.Core.Hosting;
using Exchange.Core.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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

public sealed class ListSettingsTests
{
    [Fact]
    public void An_entry_of_a_list_the_binder_cannot_read_is_refused_not_left_out()
    {
        var failures = Failures(new Dictionary<string, string?>
        {
            ["Exchange:Test:Folders:0:Name"] = "first",
            ["Exchange:Test:Folders:0:Kind"] = "Vacancy",
            ["Exchange:Test:Folders:1:Name"] = "second",
            ["Exchange:Test:Folders:1:Kind"] = "vacancies",
            ["Exchange:Test:Folders:2:Name"] = "third",
            ["Exchange:Test:Folders:2:Ports:0"] = "8080",
            ["Exchange:Test:Folders:2:Ports:1"] = "eighty",
        });

        Assert.Equal(
        [
            "Exchange:Test:Folders:1:Kind: 'vacancies' is not one of Graduate, Vacancy, Certification, Policy, Service, Placement, Consent, Feedback.",
            "Exchange:Test:Folders:2:Ports:1: 'eighty' is not a whole number.",
        ], failures);
    }

    [Fact]
    public void Lists_the_binder_reads_whole_pass()
    {
        var failures = Failures(new Dictionary<string, string?>
        {
            ["Exchange:Test:Folders:0:Name"] = "first",
            ["Exchange:Test:Folders:0:Ports:0"] = "8080",
            ["Exchange:Test:Names:0"] = "anything",
        });

        Assert.Empty(failures);
    }

    private static IReadOnlyList<string> Failures(Dictionary<string, string?> settings)
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddValidatedOptions<ListedFolders>("Exchange:Test");
        using var provider = services.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ListedFolders>>().Value;
            return [];
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException refusal)
        {
            return [.. refusal.Failures];
        }
    }

    private sealed class ListedFolders
    {
        public List<ListedFolder> Folders { get; set; } = [];

        public List<string> Names { get; set; } = [];
    }

    private sealed record ListedFolder
    {
        public required string Name { get; init; }

        public RecordKind Kind { get; init; } = RecordKind.Graduate;

        public List<int> Ports { get; init; } = [];
    }
}
