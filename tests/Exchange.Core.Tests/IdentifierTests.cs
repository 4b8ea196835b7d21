using Exchange.Core.Identifiers;

namespace Exchange.Core.Tests;

public sealed class IdentifierTests
{
    [Theory]
    [InlineData("11010519491231002X")] // the check character X (remainder 2)
    [InlineData("410102200304120222")]
    [InlineData("510104200211030371")]
    public void Accepts_resident_id_whose_check_character_is_right(string id)
    {
        var parsed = ResidentId.Parse(id);
        Assert.Equal(ResidentIdError.None, parsed.Error);
    }

    [Fact]
    public void Rejects_resident_id_whose_check_character_is_wrong()
    {
        Assert.Equal(ResidentIdError.CheckCharacter, ResidentId.Parse("410102200304120223").Error);
    }

    [Fact]
    public void Reads_region_birth_date_and_sex_from_resident_id()
    {
        var id = ResidentId.Parse(" 11010519491231002x ").Id!.Value;
        Assert.Equal("11010519491231002X", id.Normalised);
        Assert.Equal("110105", id.Region);
        Assert.Equal(new DateOnly(1949, 12, 31), id.BirthDate);
        Assert.Equal("2", id.SexCode);
    }

    [Fact]
    public void Upgrades_legacy_15_digit_id_to_its_18_character_form()
    {
        var legacy = ResidentId.Parse("110105491231002").Id!.Value;
        Assert.Equal("11010519491231002X", legacy.Normalised);
    }

    [Theory]
    [InlineData("41010220030230022X", ResidentIdError.BirthDate)]
    [InlineData("4101022003041202", ResidentIdError.Format)]
    [InlineData("41010220030412022Y", ResidentIdError.Format)]
    [InlineData("4101022003O412022X", ResidentIdError.Format)]
    public void Rejects_malformed_resident_id(string id, ResidentIdError expected)
    {
        var upgraded = expected == ResidentIdError.BirthDate ? id[..17] + ResidentId.ComputeCheckCharacter(id.AsSpan(0, 17)) : id;
        Assert.Equal(expected, ResidentId.Parse(upgraded).Error);
    }

    [Theory]
    [InlineData("914403001922038216")]
    [InlineData("9144030071526726XG")]
    [InlineData("91110000802100433B")]
    [InlineData("911100001000044477")]
    public void Accepts_real_unified_social_credit_codes(string code) => Assert.True(CreditCode.IsValid(code));

    [Theory]
    [InlineData("914403001922038217")]
    [InlineData("9144030071526726XI")] // I is not in the alphabet
    [InlineData("91440300192203821")]
    public void Rejects_credit_code_whose_check_character_or_alphabet_is_wrong(string code) => Assert.False(CreditCode.IsValid(code));
}
