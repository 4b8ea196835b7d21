using System.Text;
using System.Text.RegularExpressions;
using Exchange.Cli.Settings;
using Microsoft.Extensions.Configuration;

namespace Exchange.Cli.Tests;

public sealed partial class UnknownSettingsTests
{
    private static readonly UnknownSettings Check = new(SettingsReference.Keys().SelectMany(s => s.Settings).Select(s => s.Key));

    [Theory]
    [InlineData("Exchange:Kafka:Bootstrap", "Exchange:Kafka:BootstrapServers")]
    [InlineData("Exchange:Kafak:Mock", "Exchange:Kafka:Mock")]
    [InlineData("exchange:ingest:maxbodybyte", "Exchange:Ingest:MaxBodyBytes")]
    [InlineData("Exchange:Clients:2:Organization", "Exchange:Clients:2:Organisation")]
    [InlineData("Exchange:Tokens:Issuers:0:Audience:0", "Exchange:Tokens:Issuers:0:Audiences:0")]
    [InlineData("ConnectionStrings:Exchnage", "ConnectionStrings:Exchange")]
    public void A_misspelt_setting_is_named_with_the_setting_it_resembles(string given, string meant)
    {
        var problems = Check.Problems(Configuration((given, "1")));

        Assert.Equal([$"{given}: is not a setting the hub reads; did you mean {meant}? (docs/settings.md)"], problems);
    }

    [Fact]
    public void A_key_like_no_setting_is_named_without_a_guess()
    {
        var problems = Check.Problems(Configuration(("Exchange:Frobnicate", "on"), ("ConnectionStrings:Reporting", "Host=x")));

        Assert.Equal([
            "ConnectionStrings:Reporting: is not a setting the hub reads (docs/settings.md lists them).",
            "Exchange:Frobnicate: is not a setting the hub reads (docs/settings.md lists them).",
        ], problems);
    }

    [Fact]
    public void Every_setting_of_the_reference_is_taken_in_any_case_with_list_entries_and_names_of_the_users_own()
    {
        var keys = SettingsReference.Keys().SelectMany(s => s.Settings).Select(s => s.Key).ToList();
        // Entries numbered past 0, keys the user names (a librdkafka property has dots), and keys in another case.
        var given = keys.Select((key, i) => (Key(key, i % 2 == 0 ? key.ToLowerInvariant() : key), "1")).ToArray();

        Assert.Empty(Check.Problems(Configuration(given)));
        Assert.Contains(given, g => g.Item1.Equals("Exchange:Kafka:ProducerConfig:linger.ms", StringComparison.OrdinalIgnoreCase));

        static string Key(string pattern, string cased) =>
            string.Join(':', cased.Split(':').Select(segment => segment switch
            {
                "0" => "3",
                _ when segment.StartsWith('<') => "linger.ms",
                _ => segment,
            }));
    }

    [Fact]
    public void Keys_outside_the_hubs_names_and_sections_without_a_value_of_their_own_are_left_alone()
    {
        var json = """{ "Exchange": { "Kafka": { "Mock": 3, "ProducerConfig": {} } }, "Logging": { "LogLevel": { "Nonsense": "Debug" } }, "Kestrel": { "Limits": {} } }""";
        var configuration = new ConfigurationBuilder()
            .AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json)))
            .AddInMemoryCollection([new("urls", "http://127.0.0.1:5080"), new("Exchange", "an environment variable EXCHANGE")])
            .Build();

        Assert.Empty(Check.Problems(configuration));
    }

    [Fact]
    public void Every_setting_the_docs_tell_a_user_to_give_is_one_the_hub_takes()
    {
        var root = CliRunner.RepositoryRoot;
        var documents = Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md").Append(Path.Combine(root, "README.md")).ToList();
        var given = documents
            .SelectMany(path => GivenSetting().Matches(File.ReadAllText(path)).Select(m => (Path.GetFileName(path), Key: m.Groups["key"].Value.Replace("__", ":", StringComparison.Ordinal))))
            .Distinct()
            .ToList();

        Assert.True(given.Count > 20, $"only {given.Count} settings found in the docs");
        var refused = given.Where(g => Check.Problems(Configuration((g.Key, "x"))).Count > 0).Select(g => $"{g.Item1}: {g.Key}").ToList();
        Assert.True(refused.Count == 0, "The hub would refuse these settings the docs give:\n" + string.Join('\n', refused));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();

    // KEY=VALUE as a --setting or an environment variable, in either spelling.
    [GeneratedRegex(@"(?<key>(?:Exchange|ConnectionStrings)(?::|__)[A-Za-z0-9_.:<>-]+)=")]
    private static partial Regex GivenSetting();
}
