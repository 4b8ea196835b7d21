using System.Globalization;

namespace Exchange.Index.Matching;

/// <summary>
/// The reason codes and their texts, Chinese and English with the same values. The points are the
/// scoring rules: qualifications add at most 90, accessibility and inclusive hiring at most 18, and
/// no reason takes points away (docs/read-api.md, "Match").
/// </summary>
public static class MatchReasons
{
    public const int PointsPerSkill = 8;
    public const int MaxSkillPoints = 40;
    public const int EducationPoints = 10;
    public const int MajorExactPoints = 15;
    public const int MajorGroupPoints = 10;
    public const int MajorOpenPoints = 5;
    public const int RegionExactPoints = 10;
    public const int RegionPrefecturePoints = 8;
    public const int RegionProvincePoints = 5;
    public const int PayPoints = 5;
    public const int ContractPoints = 5;
    public const int OccupationPoints = 5;
    public const int PointsPerFeatureMet = 4;
    public const int MaxFeaturePoints = 8;
    public const int InclusivePoints = 5;

    /// <summary>The neutral code a caller sees instead of a reason it was not released.</summary>
    public const string OtherFit = "other-fit";

    private static readonly IReadOnlySet<string> Education = Categories("education");
    private static readonly IReadOnlySet<string> Disability = Categories("disability");
    private static readonly IReadOnlySet<string> Hardship = Categories("hardship");
    private static readonly IReadOnlySet<string> Eligibility = Categories("eligibility");
    private static readonly IReadOnlySet<string> Nothing = Categories();

    public static MatchReason SkillsOverlap(IReadOnlyList<string> skills)
    {
        var named = string.Join(", ", skills);
        var namedZh = string.Join("、", skills);
        return new("skills-overlap", Math.Min(MaxSkillPoints, PointsPerSkill * skills.Count), skills,
            $"Has skills the job asks for: {named}", $"具备岗位所需技能：{namedZh}", Education);
    }

    public static MatchReason EducationMeets(string level, string minimum) => new("education-meets", EducationPoints, [level, minimum],
        $"Education level {level} meets the job's minimum {minimum}", $"学历层次 {level} 达到岗位最低要求 {minimum}", Education);

    public static MatchReason EducationOpen() => new("education-open", EducationPoints, [],
        "The job sets no minimum education level", "岗位不限学历", Nothing);

    public static MatchReason EducationBelow(string level, string minimum) => new("education-below", 0, [level, minimum],
        $"Education level {level} is below the job's minimum {minimum}", $"学历层次 {level} 低于岗位最低要求 {minimum}", Education);

    public static MatchReason MajorExact(string major, string name) => new("major-exact", MajorExactPoints, [major, name],
        $"Major {major} ({name}) is one the job asks for", $"专业 {major}（{name}）符合岗位专业要求", Education);

    public static MatchReason MajorGroup(string major, string group) => new("major-group", MajorGroupPoints, [major, group],
        $"Major {major} is in the major class {group} the job asks for", $"专业 {major} 属于岗位要求的专业类 {group}", Education);

    public static MatchReason MajorOpen() => new("major-open", MajorOpenPoints, [],
        "The job is open to every major", "岗位不限专业", Nothing);

    public static MatchReason RegionPreferred(string workRegion, string preferred, int points) => new("region-preferred", points, [workRegion, preferred],
        $"The work region {workRegion} lies within the preferred region {preferred}", $"工作地点 {workRegion} 位于意向地区 {preferred} 内", Education);

    public static MatchReason PayMeets(int offered, int expected) => new("pay-meets", PayPoints, [Number(offered), Number(expected)],
        $"Pay of up to {Number(offered)} yuan meets the expected minimum of {Number(expected)} yuan",
        $"月薪最高 {Number(offered)} 元，达到期望最低月薪 {Number(expected)} 元", Education);

    public static MatchReason PayBelow(int offered, int expected) => new("pay-below", 0, [Number(offered), Number(expected)],
        $"Pay of up to {Number(offered)} yuan is below the expected minimum of {Number(expected)} yuan",
        $"月薪最高 {Number(offered)} 元，低于期望最低月薪 {Number(expected)} 元", Education);

    public static MatchReason ContractPreferred(string contract) => new("contract-preferred", ContractPoints, [contract],
        $"The contract type {contract} is one the graduate accepts", $"用工形式 {contract} 在可接受范围内", Education);

    public static MatchReason OccupationPreferred(string occupation, string preferred) => new("occupation-preferred", OccupationPoints, [occupation, preferred],
        $"The occupation {occupation} falls under the preferred occupation {preferred}", $"职业 {occupation} 属于意向职业 {preferred}", Education);

    public static MatchReason AccessibilityMet(IReadOnlyList<string> features, IReadOnlyList<(string Zh, string En)> labels, int points) => new(
        "accessibility-met", points, features,
        $"The workplace offers what the graduate needs: {string.Join(", ", labels.Select(l => l.En))}",
        $"工作场所提供所需的无障碍条件：{string.Join("、", labels.Select(l => l.Zh))}", Disability);

    public static MatchReason AccessibilityConflict(string requirement, (string Zh, string En) requirementLabel, string need, (string Zh, string En) needLabel) => new(
        "accessibility-conflict", 0, [requirement, need],
        $"The job asks for {requirementLabel.En}, which may conflict with the need for {needLabel.En}; a reasonable accommodation can be discussed",
        $"岗位要求{requirementLabel.Zh}，可能与{needLabel.Zh}需求冲突，可协商合理便利", Disability);

    public static MatchReason InclusiveHardship(string commitment, (string Zh, string En) label) => new("inclusive-hardship", InclusivePoints, [commitment],
        $"The employer's commitment '{label.En}' applies to the graduate's hardship status",
        $"用人单位的“{label.Zh}”承诺适用于该毕业生的困难身份", Hardship);

    public static MatchReason InclusiveDisability(string commitment, (string Zh, string En) label) => new("inclusive-disability", InclusivePoints, [commitment],
        $"The employer's commitment '{label.En}' applies to the graduate's disability",
        $"用人单位的“{label.Zh}”承诺适用于该毕业生的残疾情况", Disability);

    /// <summary>What a caller not released a reason's categories reads instead: the points, nothing else.</summary>
    public static MatchReason Neutral(int points) => new(OtherFit, points, [], "Other matching factors", "其他匹配因素", Nothing);

    public static MatchReason PolicyStatus(string type, (string Zh, string En) label) => new("policy-certified-status", 0, [type],
        $"The certified status '{label.En}' is one the programme accepts", $"认定类型“{label.Zh}”符合政策申领条件",
        type == "disability" ? Disability : Hardship);

    public static MatchReason PolicyEducation(string level) => new("policy-education", 0, [level],
        $"The education level {level} is one the programme accepts", $"学历层次 {level} 符合政策申领条件", Education);

    public static MatchReason PolicyCohort(int cohort) => new("policy-cohort", 0, [Number(cohort)],
        $"The cohort {Number(cohort)} is one the programme accepts", $"毕业届别 {Number(cohort)} 符合政策申领条件", Education);

    public static MatchReason PolicyRegion(string region, string policyRegion) => new("policy-region", 0, [region, policyRegion],
        $"The graduate's region {region} lies within the programme's region {policyRegion}", $"毕业生所在地区 {region} 位于政策适用地区 {policyRegion} 内",
        Categories("identity", "education"));

    /// <summary>What a caller released eligibility but not the status behind it reads.</summary>
    public static MatchReason PolicyEligible() => new("policy-eligible", 0, [],
        "Eligible under the programme's rules", "符合该政策的申领条件", Eligibility);

    private static HashSet<string> Categories(params string[] names) => new(names, StringComparer.Ordinal);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
