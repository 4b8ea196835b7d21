namespace Exchange.Hub.Ui.Graduates;

/// <summary>A graduate's pages in Chinese and in English.</summary>
public static class GraduateTexts
{
    public static readonly GraduateText Chinese = new()
    {
        MyDataNav = "我的信息",
        SignedInAsGraduate = "已以毕业生身份登录（经 {0} 认证）",

        DevelopmentGraduateTitle = "以毕业生身份登录（开发环境）",
        DevelopmentGraduateHint = "选择为毕业生认证身份的高校，并填写毕业生的公民身份号码。号码立即转换为关联密钥，不会保存。",
        University = "高校",
        ResidentIdLabel = "公民身份号码",
        ResidentIdHint = "18 位，最后一位为数字或 X，例如 11010519491231002X。",
        ResidentIdInvalid = "请填写有效的公民身份号码：18 位，最后一位为数字或 X，且校验码正确。",
        SignInAsGraduate = "以该毕业生身份登录",

        MyRecordsTitle = "平台保存的我的信息",
        MyRecordsIntro = "以下是平台合并索引中关于您的全部记录，按报送单位分组。查阅本人信息是您的权利（《个人信息保护法》第四十四、四十五条）；每次查阅都会像其他查询一样记入审计日志。",
        NoRecords = "平台没有保存关于您的记录。",
        SentBy = "报送单位：{0}",
        ReceivedAt = "接收时间：{0}",
        RecordOf = "{0}的字段",
        Field = "字段",
        Value = "内容",
        Yes = "是",
        No = "否",

        KindNames = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["graduate"] = "学籍与就业意向记录", ["certification"] = "困难或残疾认定", ["placement"] = "毕业去向记录",
            ["service"] = "就业服务记录", ["feedback"] = "服务评价", ["consent"] = "授权记录", ["vacancy"] = "岗位", ["policy"] = "政策",
        },
        SenderRoles = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["university"] = "高校（{0}）", ["employer"] = "用人单位（{0}）", ["bureau"] = "政府部门（{0}）", ["steward"] = "数据管理员（{0}）",
        },
    };

    public static readonly GraduateText English = new()
    {
        MyDataNav = "My data",
        SignedInAsGraduate = "Signed in as a graduate (vouched for by {0})",

        DevelopmentGraduateTitle = "Sign in as a graduate (development)",
        DevelopmentGraduateHint = "Pick the university that vouches for the graduate and type the graduate's resident id number. It is turned into the linkage key at once and kept nowhere.",
        University = "University",
        ResidentIdLabel = "Resident id number",
        ResidentIdHint = "18 characters, the last a digit or X, e.g. 11010519491231002X.",
        ResidentIdInvalid = "Enter a valid resident id number: 18 characters, the last a digit or X, with the right check character.",
        SignInAsGraduate = "Sign in as this graduate",

        MyRecordsTitle = "What the hub holds about me",
        MyRecordsIntro = "Every record the hub's merged index holds about you, grouped by who sent it. Reading what is held about you is your right (PIPL arts. 44 and 45); each reading is written to the audit log like every other read.",
        NoRecords = "The hub holds no record about you.",
        SentBy = "Sent by {0}",
        ReceivedAt = "Received {0}",
        RecordOf = "Fields of the {0}",
        Field = "Field",
        Value = "Value",
        Yes = "yes",
        No = "no",

        KindNames = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["graduate"] = "student record", ["certification"] = "hardship or disability certification", ["placement"] = "employment outcome",
            ["service"] = "employment service record", ["feedback"] = "service feedback", ["consent"] = "consent record", ["vacancy"] = "vacancy", ["policy"] = "policy",
        },
        SenderRoles = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["university"] = "the university {0}", ["employer"] = "the employer {0}", ["bureau"] = "the bureau {0}", ["steward"] = "a data steward ({0})",
        },
    };
}
