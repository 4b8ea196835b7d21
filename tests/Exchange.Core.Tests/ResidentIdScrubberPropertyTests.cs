using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsCheck;
using Exchange.Core.Identifiers;

namespace Exchange.Core.Tests;

/// <summary>
/// Generated ids in generated text and JSON: none survives scrubbing, in any of its written forms;
/// and the scanner agrees with a slow reference written from the rule with a regular expression.
/// </summary>
public sealed partial class ResidentIdScrubberPropertyTests
{
    // Filler never holds a digit or a hex letter, so whatever surrounds a generated id leaves it an id.
    private const string Filler = "gkmpqrstuvwyzGKMPQRSTUVWYZxX 身份证号码学生张晓雯备注，。：、（）;:/-_\"'\\\n\t";

    private static readonly Gen<string> GenFiller = Gen.Char[Filler].Array[0, 12].Select(c => new string(c));
    private static readonly Gen<char> GenSeparator = Gen.Char[Filler];

    /// <summary>A valid id: any region, any birth date of the range, any sequence; the check character computed.</summary>
    private static readonly Gen<string> GenId =
        Gen.Select(Gen.Int[110000, 829999], Gen.DateOnly[new DateOnly(1900, 1, 1), new DateOnly(2099, 12, 31)], Gen.Int[0, 999])
            .Select((region, birth, sequence) =>
            {
                var first17 = FormattableString.Invariant($"{region}{birth:yyyyMMdd}{sequence:D3}");
                return first17 + ResidentId.ComputeCheckCharacter(first17);
            });

    /// <summary>One of the ways an id is written: as is, lower-case x, full width, or its legacy 15 digits.</summary>
    private static readonly Gen<string> GenWrittenId = Gen.Select(GenId, Gen.Int[0, 4]).Select((id, form) => form switch
    {
        0 => id,
        1 => id.ToLowerInvariant(),
        2 => FullWidth(id),
        3 => Legacy(id),
        _ => FullWidth(Legacy(id)),
    });

    // Digits that are not an id: at most 14 in a row, always apart from the ids.
    private static readonly Gen<string> GenNoise = Gen.Char['0', '9'].Array[1, 14].Select(d => " " + new string(d) + " ");

    private static readonly Gen<string> GenText =
        Gen.Select(GenFiller, Gen.Frequency((3, GenWrittenId), (1, GenNoise), (1, GenFiller)), GenSeparator)
            .Select((before, middle, after) => before + middle + after)
            .Array[1, 8]
            .Select(string.Concat);

    [Fact]
    public void No_generated_id_survives_scrubbing_of_text()
    {
        GenText.Sample(text => AssertNoIdSurvives(text, ResidentIdScrubber.Scrub(text)), iter: 5_000);
    }

    [Fact]
    public void No_generated_id_survives_scrubbing_of_json()
    {
        GenJson(3).Sample(node =>
        {
            var input = Encoding.UTF8.GetBytes(node?.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "null");
            var output = ResidentIdScrubber.ScrubJson(input, 64);
            Assert.NotNull(output);
            var text = Encoding.UTF8.GetString(output);
            AssertNoIdSurvives(Encoding.UTF8.GetString(input), text);
            // Every number spelling of an id generated below has 15 or more digits; noise has fewer.
            Assert.DoesNotMatch(NumberOf15Digits(), text);
        }, iter: 2_000, print: node => node?.ToJsonString() ?? "null");
    }

    [Fact]
    public void Scanner_agrees_with_the_reference_rule()
    {
        GenTricky.Sample(text =>
        {
            var expected = ReferenceScrub(text);
            Assert.Equal(expected, ResidentIdScrubber.Scrub(text));
            var found = !ReferenceEquals(expected, text);
            Assert.Equal(found, ResidentIdScrubber.ContainsResidentId(text));
            Assert.Equal(found, ResidentIdScrubber.ContainsResidentId(Encoding.UTF8.GetBytes(text)));
        }, iter: 50_000);
    }

    private static void AssertNoIdSurvives(string input, string output)
    {
        foreach (Match match in ReferenceCandidate().Matches(ToAscii(input)))
        {
            var id = match.Value.ToUpperInvariant();
            var legacy = id.Length == 18 ? Legacy(id) : id;
            foreach (var form in new[] { id, legacy, FullWidth(id), FullWidth(legacy) })
                Assert.DoesNotContain(form, output.ToUpperInvariant(), StringComparison.Ordinal);
        }

        var ascii = ToAscii(output);
        for (var i = 0; i + 15 <= ascii.Length; i++)
        {
            if (!char.IsAsciiDigit(ascii[i]))
                continue;
            Assert.NotEqual(ResidentIdError.None, ResidentId.Parse(ascii.Substring(i, 15)).Error);
            if (i + 18 <= ascii.Length)
                Assert.NotEqual(ResidentIdError.None, ResidentId.Parse(ascii.Substring(i, 18)).Error);
        }
        Assert.False(ResidentIdScrubber.ContainsResidentId(output));
        Assert.Same(output, ResidentIdScrubber.Scrub(output));
    }

    private static Gen<JsonNode?> GenJson(int depth)
    {
        var idNumber = Gen.Select(GenId, Gen.Int[0, 4]).Select((id, form) =>
        {
            var digits = id[..17] + (char)('0' + (id[17] == 'X' ? 0 : id[17] - '0'));
            var spelled = form switch
            {
                0 => digits,
                1 => digits[..1] + "." + digits[1..] + "E17",
                2 => digits + ".0",
                3 => "0." + digits + "e+18",
                _ => "-" + Legacy(digits),
            };
            return (JsonNode?)JsonNode.Parse(spelled);
        });
        var leaf = Gen.Frequency(
            (3, GenText.Select(t => (JsonNode?)JsonValue.Create(t))),
            (2, idNumber),
            (1, Gen.Int[-99_999, 99_999].Select(n => (JsonNode?)JsonValue.Create(n))),
            (1, Gen.Bool.Select(b => b ? (JsonNode?)JsonValue.Create(true) : null)));
        if (depth == 0)
            return leaf;
        var child = GenJson(depth - 1);
        var array = child.Array[0, 4].Select(items => (JsonNode?)new JsonArray(items));
        var obj = Gen.Select(Gen.OneOf(GenFiller, GenText), child).Array[0, 4].Select(members =>
        {
            var o = new JsonObject();
            foreach (var (name, value) in members)
                o.TryAdd(name, value);
            return (JsonNode?)o;
        });
        return Gen.Frequency((2, leaf), (1, array), (2, obj));
    }

    // Pieces that sit on the edges of the rule: id-shaped runs one digit short or long, X and full
    // width in and out of place, hex letters that join a run into a hex word or not.
    private static readonly Gen<string> GenTricky =
        Gen.Frequency(
            (4, Gen.Select(GenId, Gen.Int[-2, 1], Gen.Int[0, 3]).Select((id, cut, form) =>
            {
                var run = cut < 0 ? id[..(18 + cut)] : id + new string('7', cut);
                return form switch { 0 => run, 1 => Legacy(id), 2 => FullWidth(run), _ => run.ToLowerInvariant() };
            })),
            (2, Gen.Char['0', '9'].Array[1, 20].Select(d => new string(d))),
            (2, Gen.Char["abcdefABCDEF"].Array[1, 20].Select(c => new string(c))),
            (2, Gen.Char["xXＸｘ１g中-，：（"].Array[1, 2].Select(c => new string(c))))
        .Array[1, 8]
        .Select(string.Concat);

    /// <summary>The rule, spelled slowly: a candidate run bounded by non-digits, a real birth date, not in a hex word of 32.</summary>
    private static string ReferenceScrub(string text)
    {
        var ascii = ToAscii(text);
        var result = new StringBuilder();
        var copied = 0;
        foreach (Match match in ReferenceCandidate().Matches(ascii))
        {
            var candidate = match.Value;
            // A disability certificate number: an 18-character id, then category 1-7 and grade 1-4.
            if (candidate.Length == 20)
            {
                if (candidate[18] is < '1' or > '7' || candidate[19] is < '1' or > '4')
                    continue;
                candidate = candidate[..18];
            }
            var date = candidate.Length == 18 ? candidate.Substring(6, 8) : candidate.Substring(6, 6);
            var real = candidate.Length == 18
                ? date[..2] is "19" or "20" && IsDate(date)
                : IsDate("19" + date) || IsDate("20" + date);
            if (!real || InHexWord(text, match.Index, match.Length))
                continue;
            result.Append(text, copied, match.Index - copied).Append(ResidentIdScrubber.Marker);
            copied = match.Index + match.Length;
        }
        return copied == 0 ? text : result.Append(text, copied, text.Length - copied).ToString();
    }

    private static bool IsDate(string yyyyMMdd) =>
        DateOnly.TryParseExact(yyyyMMdd, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static bool InHexWord(string text, int index, int length)
    {
        if (!text.AsSpan(index, length).ContainsAnyExceptInRange('0', '9'))
        {
            var start = index;
            while (start > 0 && char.IsAsciiHexDigit(text[start - 1]))
                start--;
            var end = index + length;
            while (end < text.Length && char.IsAsciiHexDigit(text[end]))
                end++;
            return end - start >= 32;
        }
        return false;
    }

    private static string ToAscii(string text) => string.Create(text.Length, text, (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            span[i] = c is >= '０' and <= '９' ? (char)(c - '０' + '0') : c is 'Ｘ' or 'ｘ' ? (char)(c - 'Ｘ' + 'X') : c;
        }
    });

    private static string FullWidth(string ascii) => string.Concat(ascii.Select(c => c switch
    {
        >= '0' and <= '9' => (char)(c - '0' + '０'),
        'X' => 'Ｘ',
        'x' => 'ｘ',
        _ => c,
    }));

    private static string Legacy(string id18) => id18[..6] + id18[8..17];

    [GeneratedRegex("(?<![0-9])(?:[0-9]{17}[0-9Xx][0-9]{2}|[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9])")]
    private static partial Regex ReferenceCandidate();

    [GeneratedRegex("[0-9]{15}|[0-9]\\.[0-9]{14}")]
    private static partial Regex NumberOf15Digits();
}
