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

        MyConsentsNav = "我的授权",
        ConsentsTitle = "我的授权",
        ConsentsIntro = "谁可以为什么用途获得您的哪些信息。您可以随时撤回授权，撤回与给予授权一样方便（《个人信息保护法》第十五条）。",
        NoConsents = "您还没有任何授权。",
        GiveConsent = "给予一项授权",
        RecordedThrough = "记录方",
        InForce = "有效",
        NotInForce = "不在有效期内",
        WithdrawnOn = "已于 {0} 撤回",
        Withdraw = "撤回",
        ConsentGiven = "您的授权已记录并生效。",
        ConsentPending = "您的授权已记录，稍后生效。",
        ConsentWithdrawn = "您的授权已撤回，自即刻起生效。",

        GiveTitle = "给予一项授权",
        GranteeHint = "选择一类接收方，或填写一个单位的统一社会信用代码（二者选一）。",
        GranteeOrganisationLabel = "接收单位统一社会信用代码",
        GranteeRoleLabel = "或一类接收方",
        CategoriesHint = "困难和残疾为敏感个人信息，须单独授权，不能与其他类别一起授权（《个人信息保护法》第二十九条）。",
        ValidThroughLabel = "授权截止日期",
        ValidThroughHint = "授权自今天起生效，到这一天（含）为止。格式：年-月-日，例如 2027-06-30。",
        Continue = "继续",
        CreditCodeInvalid = "请填写有效的 18 位统一社会信用代码。",
        ChooseCategory = "请至少选择一个数据类别。",
        ChoosePurpose = "请至少选择一个用途。",
        ReviewTitle = "确认前请核对",
        GiveEffect = "{0}将可以获得您的{1}，用于{2}，自今天起至 {3} 为止，但前提是另有数据共享协议也允许。您可以随时撤回这项授权。",
        ConfirmGive = "确认并给予授权",
        Change = "修改",

        WithdrawTitle = "撤回授权",
        WithdrawEffect = "自即刻起，{0}将不再获得您的{1}（用于{2}）。在授权有效期间已经获得的信息是合法获得的，撤回不影响此前的处理（《个人信息保护法》第十五条）；平台会通知对方您已撤回，对方据此停止使用，并按数据共享协议的约定删除敏感信息。",
        ConfirmWithdraw = "确认撤回",
        AlreadyWithdrawn = "这项授权已经撤回。",
        NoSuchConsent = "没有这项授权。",
        BackToConsents = "返回我的授权",

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

        MyConsentsNav = "My consents",
        ConsentsTitle = "My consents",
        ConsentsIntro = "Who may receive which of your data, for what. You can withdraw a consent at any time, as easily as you gave it (PIPL art. 15).",
        NoConsents = "You have no consent on record.",
        GiveConsent = "Give a consent",
        RecordedThrough = "Recorded by",
        InForce = "in force",
        NotInForce = "outside its validity",
        WithdrawnOn = "withdrawn on {0}",
        Withdraw = "Withdraw",
        ConsentGiven = "Your consent is recorded and in force.",
        ConsentPending = "Your consent is recorded and will be in force shortly.",
        ConsentWithdrawn = "Your consent is withdrawn, from now on.",

        GiveTitle = "Give a consent",
        GranteeHint = "Choose a kind of receiver, or type one organisation's unified social credit code (one or the other).",
        GranteeOrganisationLabel = "Receiving organisation's unified social credit code",
        GranteeRoleLabel = "Or a kind of receiver",
        CategoriesHint = "Hardship and disability are sensitive: they need a consent of their own, given apart from the other categories (PIPL art. 29).",
        ValidThroughLabel = "Last day of the consent",
        ValidThroughHint = "The consent holds from today up to and including this day. Format: year-month-day, e.g. 2027-06-30.",
        Continue = "Continue",
        CreditCodeInvalid = "Enter a valid 18-character unified social credit code.",
        ChooseCategory = "Choose at least one data category.",
        ChoosePurpose = "Choose at least one purpose.",
        ReviewTitle = "Check before you confirm",
        GiveEffect = "{0} will be able to receive your {1} for {2}, from today until {3}, where a data-sharing agreement also allows it. You can withdraw this consent at any time.",
        ConfirmGive = "Confirm and give consent",
        Change = "Change",

        WithdrawTitle = "Withdraw a consent",
        WithdrawEffect = "{0} will no longer receive your {1} for {2} from now on. What they already received while your consent was in force was received lawfully, and withdrawing does not undo it (PIPL art. 15); the hub tells them of your withdrawal so that they stop using it, and erase sensitive data where their data-sharing agreement says so.",
        ConfirmWithdraw = "Confirm withdrawal",
        AlreadyWithdrawn = "This consent is already withdrawn.",
        NoSuchConsent = "There is no such consent.",
        BackToConsents = "Back to my consents",

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
