namespace Exchange.Index.Tests.Resolution;

public sealed class OtherLevelTests
{
    [Theory]
    [InlineData("2001-03-14", "20010314")]
    [InlineData("2001/3/14", "2001年3月14日")]
    public void The_same_date_in_other_writing_is_exact(string a, string b) => Assert.Equal("exact", Graduates.Level("birthDate", a, b));

    [Fact]
    public void Day_and_month_swapped() => Assert.Equal("day-month-swap", Graduates.Level("birthDate", "2001-03-04", "2001-04-03"));

    [Theory]
    [InlineData("2001-03-14", "2001-03-15")]
    [InlineData("2001-03-14", "2000-03-14")]
    [InlineData("2001-03-14", "2001-08-14")]
    public void One_digit_off(string a, string b) => Assert.Equal("digits<=1", Graduates.Level("birthDate", a, b));

    [Fact]
    public void Two_digits_off_is_else() => Assert.Equal("else", Graduates.Level("birthDate", "2001-03-14", "2002-03-15"));

    [Fact]
    public void Not_a_date_is_null() => Assert.Equal("null", Graduates.Level("birthDate", "2001-13-45", "2001-03-14"));

    [Theory]
    [InlineData("110105", "110105", "prefix6")]
    [InlineData("110105", "110108", "prefix4")]
    [InlineData("110105", "110228", "prefix2")]
    [InlineData("110105", "310105", "else")]
    public void Origin_region_by_prefix(string a, string b, string level) => Assert.Equal(level, Graduates.Level("region", a, b));

    [Theory]
    [InlineData("4111010001\u001F2022001234", "4111010001\u001F2022001234", "exact")]
    [InlineData("4111010001\u001F2022001234", "4111010001\u001F2022001235", "edit<=1")]
    [InlineData("4111010001\u001F2022001234", "4111010002\u001F2022009999", "else")]
    public void Institution_with_student_id(string a, string b, string level) => Assert.Equal(level, Graduates.Level("school", a, b));

    [Fact]
    public void Phone_is_compared_as_given() => Assert.Equal("else", Graduates.Level("phone", "9f2c51", "9f2c52"));

    [Fact]
    public void Institution_and_student_id_join_only_when_both_are_there()
    {
        Assert.Null(Exchange.Index.Resolution.Features.FieldColumns.Join(["4111010001", null]));
        Assert.Equal("4111010001\u001F2022001234", Exchange.Index.Resolution.Features.FieldColumns.Join(["4111010001", " 2022001234"]));
    }
}
