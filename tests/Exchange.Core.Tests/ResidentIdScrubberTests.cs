using System.Diagnostics;
using System.Globalization;
using System.Text;
using Exchange.Core.Identifiers;
using Exchange.Core.Validation;

namespace Exchange.Core.Tests;

/// <summary>What the scrubber recognises as a resident id in text, and what it leaves alone.</summary>
public sealed class ResidentIdScrubberTests
{
    private const string M = ResidentIdScrubber.Marker;

    [Theory]
    [InlineData("410102200304120222")] // valid check character
    [InlineData("510104200211030371")]
    [InlineData("11010519491231002X")] // check character X
    [InlineData("11010519491231002x")] // typed lower-case
    [InlineData("410102200304120223")] // mistyped check character: still an id
    [InlineData("110101199003077777")]
    [InlineData("110105491231002")] // legacy 15 digits
    [InlineData("410102200002290222")] // 29 February of a leap year
    [InlineData("410102190012310222")] // first year of the range
    [InlineData("410102209912310222")] // last year of the range
    public void Finds_id_that_is_the_whole_string(string id)
    {
        AssertFound(id, M);
    }

    [Theory]
    [InlineData("41010220030412022271")] // id, category 7 (multiple), grade 1
    [InlineData("41010220030412022214")]
    [InlineData("11010519491231002X24")] // an id ending in X, then hearing, grade 4
    [InlineData("１１０１０５１９４９１２３１００２Ｘ２４")]
    public void Finds_disability_certificate_number_an_id_followed_by_category_and_grade(string number)
    {
        AssertFound(number, M);
        AssertFound($"残疾证号{number}，", $"残疾证号{M}，");
    }

    [Theory]
    [InlineData("身份证110101199003077777号", "身份证" + M + "号")]
    [InlineData("ID110101199003077777", "ID" + M)]
    [InlineData("a11010119900307777Xb", "a" + M + "b")]
    [InlineData("学生（身份证号：410102200304120222）已核验。", "学生（身份证号：" + M + "）已核验。")]
    [InlineData("/v1/graduates/11010519491231002X/outcomes", "/v1/graduates/" + M + "/outcomes")]
    [InlineData("legacy=110105491231002&x=1", "legacy=" + M + "&x=1")]
    [InlineData("110105491231002X", M + "X")] // fifteen digits then a letter: the legacy form
    [InlineData("编号410102200304120222-1", "编号" + M + "-1")]
    public void Finds_id_embedded_in_text_and_keeps_the_text(string text, string expected)
    {
        AssertFound(text, expected);
    }

    [Fact]
    public void Replaces_every_id_in_a_string()
    {
        AssertFound(
            "甲410102200304120222，乙510104200211030371；丙110105491231002。丁11010519491231002x",
            "甲" + M + "，乙" + M + "；丙" + M + "。丁" + M);
    }

    [Theory]
    [InlineData("４１０１０２２００３０４１２０２２２")]
    [InlineData("１１０１０５１９４９１２３１００２Ｘ")]
    [InlineData("１１０１０５１９４９１２３１００２ｘ")]
    [InlineData("１１０１０５４９１２３１００２")]
    [InlineData("4101022003０4120222")] // mixed widths
    [InlineData("11010519491231002Ｘ")]
    public void Finds_id_written_in_full_width_characters(string id)
    {
        AssertFound("身份证号" + id + "。", "身份证号" + M + "。");
    }

    [Theory]
    [InlineData("111000000000131257")] // unified social credit codes, all digits
    [InlineData("911100001000044477")]
    [InlineData("12100000400000624D")] // credit code ending in a letter
    [InlineData("91440300192203821X")] // seventeen digits and X, but no birth date
    [InlineData("13800138000")] // phone number
    [InlineData("+86 138 0013 8000")]
    [InlineData("4101022003041202")] // 16-digit run holding a 15-digit legacy shape
    [InlineData("1101054912310025")]
    [InlineData("5110105491231002")]
    [InlineData("4101022003041202221")] // 19-digit runs holding an 18-digit id
    [InlineData("9410102200304120222")]
    [InlineData("11010519491231002X5")] // the X must not be followed by one digit alone
    [InlineData("41010220030412022281")] // 20 digits whose last two are no disability category (8) and grade
    [InlineData("41010220030412022215")] // grade 5 is no grade
    [InlineData("11010519491231002X715")] // the X and two digits run on: no certificate number
    [InlineData("１410102200304120222")] // a full-width digit also extends the run
    [InlineData("410102200304120222１")]
    [InlineData("410102200313120222")] // month 13
    [InlineData("410102200302300222")] // 30 February
    [InlineData("410102200302290222")] // 29 February of a common year
    [InlineData("410102190002290222")] // 1900 was not a leap year
    [InlineData("410102200304000222")] // day 0
    [InlineData("410102200304310222")] // 31 April
    [InlineData("410102189912310222")] // year before 1900
    [InlineData("410102210001010222")] // year after 2099
    [InlineData("110105491331002")] // legacy with month 13
    [InlineData("110105490230002")] // legacy with 30 February
    [InlineData("4101022003041202 22")] // split by a space
    [InlineData("12345678901234")] // fourteen digits
    [InlineData("")]
    public void Leaves_text_without_an_id_alone(string text)
    {
        AssertNotFound(text);
    }

    [Theory]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92a410102200304120222b7852b855abcde")]
    [InlineData("410102200304120222c44298fc1c149afbf4c8996fb92427ae41e4649b934ca4")]
    [InlineData("E3B0C44298FC1C149AFBF4C8996FB92A410102200304120222B7852B855ABCDE")]
    [InlineData("abcdefabcdefab410102200304120222")] // a hex word of exactly 32
    public void Leaves_id_shaped_run_inside_a_hex_word_of_32_or_more_alone(string text)
    {
        AssertNotFound(text);
    }

    [Theory]
    [InlineData("abcdefabcdefa410102200304120222", "abcdefabcdefa" + M)] // a hex word of 31
    [InlineData("linkage key: 410102200304120222.", "linkage key: " + M + ".")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92a11010519491231002Xb7852b855", "e3b0c44298fc1c149afbf4c8996fb92a" + M + "b7852b855")] // X is not hex
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92a４10102200304120222b7852b855", "e3b0c44298fc1c149afbf4c8996fb92a" + M + "b7852b855")] // nor a full-width digit
    [InlineData("e3b0c44298fc1c149afbf4c8-410102200304120222-b7852b855abcdef", "e3b0c44298fc1c149afbf4c8-" + M + "-b7852b855abcdef")]
    public void Finds_id_next_to_hex_that_is_not_one_hex_word_of_32(string text, string expected)
    {
        AssertFound(text, expected);
    }

    [Fact]
    public void Random_64_hex_keys_holding_an_id_shaped_run_pass_untouched_and_the_same_run_outside_is_found()
    {
        var random = new Random(20260615);
        const string hex = "0123456789abcdef";
        for (var i = 0; i < 20_000; i++)
        {
            var run = IdShapedRun(random);
            var at = random.Next(0, 64 - 18 + 1);
            var key = new char[64];
            for (var j = 0; j < key.Length; j++)
                key[j] = hex[random.Next(16)];
            run.CopyTo(key.AsSpan(at));
            // Letters next to the run, so the hex word and not a longer digit run is what spares it.
            if (at > 0)
                key[at - 1] = hex[10 + random.Next(6)];
            if (at + 18 < 64)
                key[at + 18] = hex[10 + random.Next(6)];
            var text = new string(key);

            Assert.False(ResidentIdScrubber.ContainsResidentId(text), text);
            Assert.False(ResidentIdScrubber.ContainsResidentId(Encoding.UTF8.GetBytes(text)), text);
            Assert.Same(text, ResidentIdScrubber.Scrub(text));

            var outside = "content hash " + text[..8] + " of " + run + "，已入库";
            Assert.Equal("content hash " + text[..8] + " of " + M + "，已入库", ResidentIdScrubber.Scrub(outside));
        }
    }

    [Fact]
    public void Scrub_returns_the_same_instance_when_nothing_was_found()
    {
        var text = "毕业生张晓雯于2026年6月30日毕业，联系电话13800138000，统一社会信用代码911100001000044477。";
        Assert.Same(text, ResidentIdScrubber.Scrub(text));
    }

    [Fact]
    public void Scrub_of_null_is_null()
    {
        Assert.Null(ResidentIdScrubber.Scrub((string?)null));
    }

    [Fact]
    public void Many_ids_glued_to_hex_letters_are_scrubbed_in_linear_time()
    {
        // Every candidate sits in one huge hex word: measuring that word again for each candidate would be quadratic.
        var hexWord = string.Concat(Enumerable.Repeat("a410102200304120222", 20_000));
        var idsApart = string.Concat(Enumerable.Repeat("g410102200304120222", 20_000));
        var stopwatch = Stopwatch.StartNew();
        Assert.Same(hexWord, ResidentIdScrubber.Scrub(hexWord));
        Assert.Equal(string.Concat(Enumerable.Repeat("g" + M, 20_000)), ResidentIdScrubber.Scrub(idsApart));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}"); // quadratic takes over a minute
    }

    [Fact]
    public void Scrubs_pointer_message_and_chinese_message_of_a_problem()
    {
        var problem = new Problem(
            "/graduates/410102200304120223",
            "resident-id.check-character",
            "Resident id 410102200304120223 has a wrong check character.",
            "身份证号410102200304120223校验位错误。");

        var scrubbed = ResidentIdScrubber.Scrub(problem);

        Assert.Equal(new Problem("/graduates/" + M, "resident-id.check-character", "Resident id " + M + " has a wrong check character.", "身份证号" + M + "校验位错误。"), scrubbed);
    }

    [Fact]
    public void Scrubs_id_in_pointer_segment_behind_an_escaped_slash()
    {
        // The property "a/410102200304120222" is pointed at as "/a~1410102200304120222": raw, the id looks like a 19-digit run.
        var problem = new Problem("/a~1410102200304120222/b~0110105491231002", "schema.additional-property", "Unexpected property.", "多余的属性。");

        Assert.Equal("/a~1" + M + "/b~0" + M, ResidentIdScrubber.Scrub(problem).Pointer);
    }

    [Fact]
    public void Scrub_returns_the_same_problem_when_it_is_clean()
    {
        var problem = new Problem("/contact/phone", "contact.phone", "Phone 13800138000 is not a mobile number.", "手机号13800138000格式错误。");
        Assert.Same(problem, ResidentIdScrubber.Scrub(problem));
    }

    [Fact]
    public void Scrubs_a_list_of_problems_and_returns_the_same_list_when_clean()
    {
        var clean = new Problem("/name", "name.required", "Name is required.", "姓名必填。");
        var dirty = new Problem("/residentId", "resident-id.birth-date", "410102200304120222: birth date differs.", "410102200304120222：出生日期不一致。");
        IReadOnlyList<Problem> cleanList = [clean, clean];
        IReadOnlyList<Problem> mixed = [clean, dirty];

        Assert.Same(cleanList, ResidentIdScrubber.Scrub(cleanList));
        var scrubbed = ResidentIdScrubber.Scrub(mixed);
        Assert.Equal(2, scrubbed.Count);
        Assert.Same(clean, scrubbed[0]);
        Assert.Equal(M + ": birth date differs.", scrubbed[1].Message);
        Assert.Equal(M + "：出生日期不一致。", scrubbed[1].MessageZh);
        Assert.Equal("410102200304120222: birth date differs.", mixed[1].Message);
    }

    private static void AssertFound(string text, string expected)
    {
        Assert.True(ResidentIdScrubber.ContainsResidentId(text), text);
        Assert.True(ResidentIdScrubber.ContainsResidentId(Encoding.UTF8.GetBytes(text)), text);
        Assert.Equal(expected, ResidentIdScrubber.Scrub(text));
    }

    private static void AssertNotFound(string text)
    {
        Assert.False(ResidentIdScrubber.ContainsResidentId(text), text);
        Assert.False(ResidentIdScrubber.ContainsResidentId(Encoding.UTF8.GetBytes(text)), text);
        Assert.Same(text, ResidentIdScrubber.Scrub(text));
    }

    /// <summary>Eighteen digits with a valid birth date: the shape of an id, with or without a right check digit.</summary>
    internal static string IdShapedRun(Random random)
    {
        var birth = new DateOnly(1900, 1, 1).AddDays(random.Next(0, 73_000));
        var first17 = string.Create(CultureInfo.InvariantCulture, $"{random.Next(100_000, 1_000_000)}{birth:yyyyMMdd}{random.Next(0, 1000):D3}");
        return first17 + (char)('0' + random.Next(10));
    }
}
