namespace Exchange.Index.Tests.Resolution;

public sealed class NameLevelTests
{
    [Fact]
    public void Same_characters_are_exact() => Assert.Equal("exact", Graduates.Level("name", "张晓雯", "张晓雯"));

    [Theory]
    [InlineData("张曉雯", "张晓雯")]
    [InlineData("張曉雯", "张晓雯")]
    [InlineData("劉偉", "刘伟")]
    [InlineData("鍾麗", "钟丽")]
    public void Traditional_and_variant_characters_fold_to_simplified(string a, string b) =>
        Assert.Equal("folded", Graduates.Level("name", a, b));

    [Theory]
    [InlineData("王伟", "汪伟")]
    [InlineData("张小雯", "张晓雯")]
    [InlineData("李静", "李晶")]
    public void Homophones_meet_in_pinyin(string a, string b) => Assert.Equal("pinyin", Graduates.Level("name", a, b));

    [Theory]
    [InlineData("Zhang Xiaowen")]
    [InlineData("ZHANG Xiao-Wen")]
    [InlineData("Xiaowen Zhang")]
    [InlineData("ZHANG XIAOWEN")]
    [InlineData("zhang xiao wen")]
    [InlineData("Zhang, Xiaowen")]
    public void A_romanised_name_meets_the_characters_in_pinyin(string romanised) =>
        Assert.Equal("romanised", Graduates.Level("name", romanised, "张晓雯"));

    [Fact]
    public void A_romanised_u_umlaut_meets_lv() => Assert.Equal("romanised", Graduates.Level("name", "Lyu Xin", "吕欣"));

    [Fact]
    public void Two_romanised_spellings_in_other_orders_meet_in_pinyin() =>
        Assert.Equal("romanised", Graduates.Level("name", "Xiaowen Zhang", "ZHANG Xiao-Wen"));

    [Theory]
    [InlineData("张晓雯", "张晓敏")] // one character wrong, not a homophone
    [InlineData("张晓雯", "张雯晓")] // two swapped
    [InlineData("Zhang Xiaowen", "张晓明")] // romanised, one syllable different
    public void One_character_wrong_or_swapped_in_two_three_character_names_is_the_long_name_edit(string a, string b) =>
        Assert.Equal("edit<=1,length>=3", Graduates.Level("name", a, b));

    [Theory]
    [InlineData("张晓雯", "张雯")] // one missing
    [InlineData("张雯", "张敏")] // one wrong in a two-character name: as likely two people
    public void One_character_missing_or_wrong_in_a_shorter_name_is_the_plain_edit(string a, string b) =>
        Assert.Equal("edit<=1", Graduates.Level("name", a, b));

    [Fact]
    public void Different_names_fall_to_else() => Assert.Equal("else", Graduates.Level("name", "王伟", "陈静怡"));

    [Fact]
    public void A_missing_name_is_null() => Assert.Equal("null", Graduates.Level("name", "王伟", null));

    [Fact]
    public void Close_pinyin_meets_a_Jaro_Winkler_level() =>
        Assert.StartsWith("jaro-winkler", Graduates.Level("name", "Zhang Xiaowei", "Zhang Xiaowen Li"), StringComparison.Ordinal);

    [Fact]
    public void Compound_surname_is_kept_whole_for_blocking()
    {
        var name = Exchange.Index.Resolution.Chinese.PersonNameParser.Parse("欧阳娜娜")!;
        Assert.Equal(2, name.SurnameLength);
        Assert.Equal("ouyangnana", name.Phonetic);
    }

    [Fact]
    public void Polyphonic_surname_takes_its_surname_reading() =>
        Assert.Equal("shanjun", Exchange.Index.Resolution.Chinese.PersonNameParser.Parse("单军")!.Phonetic);
}
