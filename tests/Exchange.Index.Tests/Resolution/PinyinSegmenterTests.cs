using Exchange.Index.Resolution.Chinese;

namespace Exchange.Index.Tests.Resolution;

public sealed class PinyinSegmenterTests
{
    [Theory]
    [InlineData("xiaowen", "xiao wen")]
    [InlineData("xian", "xian")]
    [InlineData("zhangxiaowen", "zhang xiao wen")]
    [InlineData("lv", "lv")]
    public void Splits_letters_into_syllables(string letters, string expected)
    {
        var ids = new List<int>();
        Assert.True(PinyinSegmenter.TrySegment(letters, ids));
        Assert.Equal(expected, string.Join(" ", ids.Select(i => CharacterTables.Syllables[i])));
    }

    [Fact]
    public void Letters_that_are_not_pinyin_are_refused()
    {
        var ids = new List<int>();
        Assert.False(PinyinSegmenter.TrySegment("mitchell", ids));
        Assert.Empty(ids);
    }

    [Fact]
    public void Tables_fold_and_read_characters()
    {
        Assert.Equal('晓', (char)CharacterTables.Fold('曉'));
        Assert.Equal(CharacterTables.Syllable('王'), CharacterTables.Syllable('汪'));
        Assert.Equal("zeng", CharacterTables.Syllables[CharacterTables.Syllable('曾')]);
    }
}
