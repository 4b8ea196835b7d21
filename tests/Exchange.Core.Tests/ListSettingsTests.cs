using Exchange.Core.Hosting;
using Exchange.Core.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Exchange.Core.Tests;

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
