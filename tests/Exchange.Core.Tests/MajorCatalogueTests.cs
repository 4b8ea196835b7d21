using System.Text.Json.Nodes;
using Exchange.Core.Codes;
using Exchange.Core.Model;
using Exchange.Core.Validation;

namespace Exchange.Core.Tests;

public sealed class MajorCatalogueTests(ValidatorFixture fixture) : IClassFixture<ValidatorFixture>
{
    private IReadOnlyList<Problem> ValidateGraduate(string majorCode, string educationLevel = "21")
    {
        var record = JsonNode.Parse(File.ReadAllText(Repository.PathOf("samples", "graduate.valid.json")))!.AsArray()[0]!.DeepClone();
        record["majorCode"] = majorCode;
        record["educationLevel"] = educationLevel;
        return fixture.Validator.Validate(RecordKind.Graduate, System.Text.Encoding.UTF8.GetBytes(record.ToJsonString())).Problems;
    }

    [Fact]
    public void An_unknown_major_code_of_the_right_shape_is_rejected()
    {
        var problem = Assert.Single(ValidateGraduate("999999"));

        Assert.Equal(("/majorCode", ProblemCodes.MajorUnknown), (problem.Pointer, problem.Code));
        Assert.Contains("999999", problem.Message, StringComparison.Ordinal);
        Assert.Contains("999999", problem.MessageZh, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vacancy_seeking_a_major_no_catalogue_has_is_rejected_naming_the_one_that_is_wrong()
    {
        var vacancy = JsonNode.Parse(File.ReadAllText(Repository.PathOf("samples", "vacancy.valid.json")))!.AsArray()[0]!.DeepClone();
        vacancy["majors"] = new JsonArray("080901", "999999");

        var problem = Assert.Single(fixture.Validator.Validate(RecordKind.Vacancy, System.Text.Encoding.UTF8.GetBytes(vacancy.ToJsonString())).Problems);

        Assert.Equal(("/majors/1", ProblemCodes.MajorUnknown), (problem.Pointer, problem.Code));
        Assert.Contains("999999", problem.MessageZh, StringComparison.Ordinal);
    }

    [Fact]
    public void A_code_inside_the_numbering_of_a_listed_class_but_not_in_it_is_rejected()
    {
        // 0809 (计算机类) is numbered 080901–080918 in the 2024 catalogue: 080900 is no major.
        Assert.Equal([ProblemCodes.MajorUnknown], ValidateGraduate("080900").Select(p => p.Code));
        // 08 (工学) has no class 0800.
        Assert.Equal([ProblemCodes.MajorUnknown], ValidateGraduate("080001").Select(p => p.Code));
    }

    [Theory]
    [InlineData("120203K")] // 会计学
    [InlineData("080901")] // 计算机科学与技术
    [InlineData("080717T")] // 人工智能
    [InlineData("120203")] // 会计学 without its K: student systems often drop the suffix
    public void Majors_of_the_undergraduate_catalogue_are_accepted(string code) =>
        Assert.Empty(ValidateGraduate(code));

    [Fact]
    public void A_code_past_the_end_of_a_class_is_accepted_as_a_possible_later_addition()
    {
        // The shipped list is the 2024 edition; majors added since are numbered after the last one of their class.
        Assert.Empty(ValidateGraduate("080919T"));
        Assert.Equal(MajorCheck.BeyondList, new MajorCatalogue(fixture.Codes).Check("080919T"));
    }

    [Theory]
    [InlineData("530302", "31")] // 大数据与会计, higher vocational
    [InlineData("310201", "21")] // 计算机应用工程, vocational bachelor
    [InlineData("710201", "41")] // 计算机应用, secondary vocational
    public void Majors_of_the_vocational_catalogue_are_accepted(string code, string educationLevel) =>
        Assert.Empty(ValidateGraduate(code, educationLevel));

    [Fact]
    public void A_vocational_code_in_a_class_its_stage_does_not_have_is_rejected()
    {
        // Classes are numbered alike across the three stages; the bachelor stage has no 2206.
        Assert.Equal([ProblemCodes.MajorUnknown], ValidateGraduate("220601").Select(p => p.Code));
    }

    [Fact]
    public void A_deployment_adds_the_yearly_additions_from_an_override_folder()
    {
        var overrides = Directory.CreateTempSubdirectory("exchange-major-overrides-");
        try
        {
            File.WriteAllText(Path.Combine(overrides.FullName, "major-undergraduate-additions.json"), """
                {"list": "major-undergraduate", "mode": "extend", "standard": "普通高等学校本科专业目录", "version": "2025",
                 "source": "A test addition.", "entries": [{"code": "080919T", "zh": "测试新增专业", "level": "major", "parent": "0809"}]}
                """);

            var majors = new MajorCatalogue(CodeListCatalog.Load(Repository.PathOf("schemas", "codes"), overrides.FullName));

            Assert.Equal(MajorCheck.Listed, majors.Check("080919T"));
            Assert.Equal(MajorCheck.Listed, majors.Check("080901"));
            Assert.Equal(MajorCheck.BeyondList, majors.Check("080920T"));
            Assert.Equal(MajorCheck.Unknown, majors.Check("080900"));
        }
        finally
        {
            overrides.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_postgraduate_major_is_not_checked_against_the_undergraduate_catalogue()
    {
        // Postgraduate codes come from another catalogue (学位授予和人才培养学科目录) that the hub does not ship.
        Assert.Empty(ValidateGraduate("081200", educationLevel: "14"));
    }

    [Fact]
    public void The_undergraduate_catalogue_is_complete_and_consistent()
    {
        var list = fixture.Codes[CodeListNames.MajorUndergraduate];
        var majors = list.Entries.Where(e => e.Level == "major").ToList();

        Assert.Equal(12, list.Entries.Count(e => e.Level == "discipline"));
        Assert.Equal(93, list.Entries.Count(e => e.Level == "class"));
        Assert.Equal(812, majors.Count);
        Assert.All(list.Entries.Where(e => e.Parent is not null), e => Assert.NotNull(list.Find(e.Parent!)));
        Assert.All(majors, m => Assert.Matches("^[0-9]{6}(T|K|TK)?$", m.Code));
        Assert.Equal(majors.Count, majors.Select(m => m.Code[..6]).Distinct().Count());
    }

    [Fact]
    public void The_vocational_catalogue_has_the_totals_the_Ministry_announced()
    {
        var list = fixture.Codes[CodeListNames.MajorVocational];
        int Majors(char first, char second) => list.Entries.Count(e => e.Level == "major" && (e.Code[0] == first || e.Code[0] == second));

        Assert.Equal(358, Majors('6', '7'));
        Assert.Equal(744, Majors('4', '5'));
        Assert.Equal(247, Majors('2', '3'));
        Assert.Equal(57, list.Entries.Count(e => e.Level == "category"));
        Assert.Equal(97, list.Entries.Count(e => e.Level == "class" && e.Code[0] is '4' or '5'));
        Assert.All(list.Entries.Where(e => e.Parent is not null), e => Assert.NotNull(list.Find(e.Parent!)));
        // 510201 is 计算机应用技术 in the 2021 catalogue, as self-study examination plans that moved to the new codes also name it.
        Assert.Equal("计算机应用技术", list.Find("510201")?.Zh);
    }

    // Code and name pairs as other public projects independently publish them; the shipped list
    // was compiled from a different transcription of the Ministry's file, so agreement is a check.
    [Theory]
    [InlineData("020101", "经济学")]
    [InlineData("020102", "经济统计学")]
    [InlineData("020201K", "财政学")]
    [InlineData("020202", "税收学")]
    [InlineData("020301K", "金融学")]
    [InlineData("020302", "金融工程")]
    [InlineData("020303", "保险学")]
    [InlineData("020304", "投资学")]
    [InlineData("030101K", "法学")]
    [InlineData("030102T", "知识产权")]
    [InlineData("030103T", "监狱学")]
    [InlineData("040106", "学前教育")]
    [InlineData("050101", "汉语言文学")]
    [InlineData("050201", "英语")]
    [InlineData("050301", "新闻学")]
    [InlineData("060101", "历史学")]
    [InlineData("070101", "数学与应用数学")]
    [InlineData("070201", "物理学")]
    [InlineData("070301", "化学")]
    [InlineData("080202", "机械设计制造及其自动化")]
    [InlineData("080601", "电气工程及其自动化")]
    [InlineData("080701", "电子信息工程")]
    [InlineData("080703", "通信工程")]
    [InlineData("080717T", "人工智能")]
    [InlineData("080901", "计算机科学与技术")]
    [InlineData("080902", "软件工程")]
    [InlineData("080910T", "数据科学与大数据技术")]
    [InlineData("082502", "环境工程")]
    [InlineData("090401", "动物医学")]
    [InlineData("100201K", "临床医学")]
    [InlineData("100701", "药学")]
    [InlineData("120201K", "工商管理")]
    [InlineData("120202", "市场营销")]
    [InlineData("120203K", "会计学")]
    [InlineData("120204", "财务管理")]
    [InlineData("120205", "国际商务")]
    [InlineData("120206", "人力资源管理")]
    [InlineData("120207", "审计学")]
    [InlineData("120208", "资产评估")]
    [InlineData("130502", "视觉传达设计")]
    public void Undergraduate_codes_agree_with_independent_sources(string code, string name) =>
        Assert.Equal(name, fixture.Codes[CodeListNames.MajorUndergraduate].Find(code)?.Zh);
}
