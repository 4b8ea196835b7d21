using Exchange.Core.Hosting;
using Exchange.Core.Identifiers;

namespace Exchange.Core.Tests;

/// <summary>What every log line loses before it is written: resident ids, query strings and linkage keys.</summary>
public sealed class LogRedactionTests
{
    private const string Key = "3f9a0c1d2e4b5a6978877665544332211ffeeddccbbaa0099887766554433221";

    [Theory]
    [InlineData("GET /v1/subjects?access_token=abc", "GET /v1/subjects" + LogRedaction.QueryMarker)]
    [InlineData("url \"https://hub/x?id=1&b=2\" done", "url \"https://hub/x" + LogRedaction.QueryMarker + "\" done")]
    [InlineData("/a?b <tag>", "/a" + LogRedaction.QueryMarker + " <tag>")]
    [InlineData("is it ? yes", "is it ? yes")] // a question mark after a space is prose
    [InlineData("?leading", "?leading")]
    [InlineData("why?", "why" + LogRedaction.QueryMarker)] // after a word character: redacted, erring on the safe side
    public void Query_string_after_a_path_character_is_replaced(string text, string expected)
    {
        Assert.Equal(expected, LogRedaction.Redact(text));
    }

    [Theory]
    [InlineData("key " + Key + " merged", "key " + LogRedaction.SubjectKeyMarker + " merged")]
    [InlineData(Key, LogRedaction.SubjectKeyMarker)]
    [InlineData("k=" + Key + ",", "k=" + LogRedaction.SubjectKeyMarker + ",")]
    [InlineData(Key + Key, Key + Key)] // 128 hex characters: a longer hash, not a key
    [InlineData("a" + Key, "a" + Key)] // 65 hex characters
    [InlineData("3F9A0C1D2E4B5A6978877665544332211FFEEDDCCBBAA0099887766554433221", "3F9A0C1D2E4B5A6978877665544332211FFEEDDCCBBAA0099887766554433221")]
    public void Linkage_key_of_exactly_64_lower_case_hex_characters_is_replaced(string text, string expected)
    {
        Assert.Equal(expected, LogRedaction.Redact(text));
    }

    [Fact]
    public void Resident_id_query_and_key_in_one_line_are_all_replaced()
    {
        var line = $"subject 110101199003077777 key {Key} from /v1/graduates?residentId=110101199003077777";

        Assert.Equal(
            $"subject {ResidentIdScrubber.Marker} key {LogRedaction.SubjectKeyMarker} from /v1/graduates{LogRedaction.QueryMarker}",
            LogRedaction.Redact(line));
    }

    [Fact]
    public void Redaction_of_a_long_line_timed_out_and_threw_out_of_the_logger()
    {
        // A long hex run and a long query string: a pattern matcher with a time limit gave up on
        // them under load and its exception crashed the host. Redaction must finish on any text.
        var hex = new string('a', 40_000_000);
        var line = $"/x?{hex} {Key} {hex}";

        var redacted = LogRedaction.Redact(line);

        Assert.StartsWith("/x" + LogRedaction.QueryMarker + " " + LogRedaction.SubjectKeyMarker + " ", redacted, StringComparison.Ordinal);
        Assert.Equal(hex.Length, redacted.Length - ("/x" + LogRedaction.QueryMarker + " " + LogRedaction.SubjectKeyMarker + " ").Length);
    }
}
