using Exchange.Core.Codes;
using Exchange.Hub.Ui.Agreements;

namespace Exchange.Hub.Ui.Consents;

/// <summary>The consents pages' words in Chinese and in English.</summary>
public static class ConsentTexts
{
    // The capture methods are a code list a deployment may extend: their names come from it.
    private static readonly IReadOnlyList<CodeEntry> Methods = CodeListCatalog.Shipped[CodeListNames.ConsentMethod].Entries;

    public static readonly ConsentText Chinese = new()
    {
        ConsentsTitle = "个人授权",
        ConsentsIntro = "按主体查找其全部授权（含已撤回的）。主体以关联标识表示；也可输入公民身份号码，平台在入口处将其转换为关联标识，不保存也不记录号码本身。",
        FindTitle = "查找主体的授权",
        SubjectKeyLabel = "关联标识或主体句柄",
        SubjectKeyHint = "64 位十六进制字符的关联标识（接口 GET /v1/steward/consents?subject= 所用），或审计日志中的主体句柄（cand_ 或 subj_ 开头）。",
        HandleUnknown = "本中心从未以此句柄向任何单位提供过主体。",
        ResidentIdLabel = "或公民身份号码",
        ResidentIdHint = "18 位（或旧式 15 位）。号码只用于计算关联标识，不会保存或写入日志。",
        Find = "查找",
        FindByResidentId = "按身份号码查找",
        SubjectKeyRequired = "请填写关联标识。",
        ResidentIdRequired = "请填写公民身份号码。",
        ConsentsOfSubject = "该主体的授权",
        NoConsents = "该主体没有任何授权记录。",
        RecordConsent = "记录授权",
        Grantee = "被授权方",
        Evidence = "授权凭证",
        Source = "来源",
        ChangeHistory = "变更记录",
        Given = "授权于",
        WithdrawnAtLabel = "撤回于",
        Active = "有效",
        Withdrawn = "已撤回",
        Withdraw = "撤回",
        ConsentRecorded = "已记录授权 {0}。",
        ConsentWithdrawn = "授权 {0} 已撤回，自即刻起生效。",

        NewConsentTitle = "记录个人授权",
        NewConsentIntro = "记录一项规范授权记录，按接口 POST /v1/steward/consents 的同一套规则校验。来源为您所在的单位。",
        RecordIdLabel = "记录标识",
        RecordIdHint = "本单位对这项授权的编号，最多 64 个字符；与单位一起唯一确定这项授权。",
        NewResidentIdLabel = "公民身份号码",
        NewResidentIdHint = "主体的公民身份号码。平台在入口处将其转换为关联标识，不保存号码本身。",
        GivenAtLabel = "授权时间",
        GivenAtHint = "格式：年-月-日T时:分:秒+时区，例如 2026-03-01T10:15:00+08:00。",
        EvidenceMethodLabel = "授权方式",
        EvidenceReferenceLabel = "凭证编号",
        EvidenceReferenceHint = "指向本单位所保存的授权凭证，例如书面同意书编号。",
        NoMethod = "（请选择）",
        CategoriesHint = "至少选择一项。困难和残疾为敏感个人信息，须单独授权，不能与其他类别写在同一项授权中。",
        NotYetInForce = "授权已写入日志，但尚未生效；请稍后刷新查看。",

        WithdrawTitle = "撤回授权",
        WithdrawQuestion = "确定要撤回这项授权吗？",
        WithdrawConsequence = "撤回自即刻起生效：此后不再依据这项授权提供数据；撤回前依据授权进行的处理不受影响。被授权方将通过变更通知得知撤回。",
        ConfirmWithdraw = "确认撤回",
        AlreadyWithdrawn = "这项授权已经撤回。",
        MissingConsent = "没有这项授权。",
        BackToConsents = "返回该主体的授权",
        AllVersions = "全部版本",
        HistoryTitle = "授权的版本历史",
        HistoryIntro = "平台收到的这项授权的每个版本，最新的在前。重新提交而内容未变的不算新版本；被拒绝的版本不会记录。",
        VersionLabel = "版本",
        ChangeLabel = "变化",
        RecordedAtLabel = "记录时间",
        ChangeReceived = "首次收到",
        ChangeRevised = "内容修改",
        ChangeWithdrawn = "撤回",

        MethodNames = Methods.ToDictionary(e => e.Code, e => e.Zh, StringComparer.Ordinal),
    };

    public static readonly ConsentText English = new()
    {
        ConsentsTitle = "Consents",
        ConsentsIntro = "Find every consent of a subject, withdrawn ones included. A subject is named by its linkage key; you may also type a resident id, which the hub turns into the linkage key at the door and neither keeps nor logs.",
        FindTitle = "Find a subject's consents",
        SubjectKeyLabel = "Linkage key or subject handle",
        SubjectKeyHint = "A linkage key of 64 hexadecimal characters (the key GET /v1/steward/consents?subject= takes), or a subject handle read in the audit (starting cand_ or subj_).",
        HandleUnknown = "The hub has never released a subject under this handle to anyone.",
        ResidentIdLabel = "Or resident id",
        ResidentIdHint = "18 characters (or a legacy 15-digit id). Used only to compute the linkage key; never kept or logged.",
        Find = "Find",
        FindByResidentId = "Find by resident id",
        SubjectKeyRequired = "Enter a linkage key.",
        ResidentIdRequired = "Enter a resident id.",
        ConsentsOfSubject = "The subject's consents",
        NoConsents = "The hub holds no consent of this subject.",
        RecordConsent = "Record a consent",
        Grantee = "Grantee",
        Evidence = "Evidence",
        Source = "Source",
        ChangeHistory = "Changes",
        Given = "Given",
        WithdrawnAtLabel = "Withdrawn",
        Active = "active",
        Withdrawn = "withdrawn",
        Withdraw = "Withdraw",
        ConsentRecorded = "Consent {0} recorded.",
        ConsentWithdrawn = "Consent {0} withdrawn, from now on.",

        NewConsentTitle = "Record a consent",
        NewConsentIntro = "Records one canonical consent record, judged by the same rules as POST /v1/steward/consents. Its source is your organisation.",
        RecordIdLabel = "Record id",
        RecordIdHint = "Your organisation's id for this consent, at most 64 characters; with your organisation it names the consent.",
        NewResidentIdLabel = "Resident id",
        NewResidentIdHint = "The subject's resident id. The hub turns it into the linkage key at the door and does not keep it.",
        GivenAtLabel = "Given at",
        GivenAtHint = "Format: date, T, time and offset, e.g. 2026-03-01T10:15:00+08:00.",
        EvidenceMethodLabel = "How it was captured",
        EvidenceReferenceLabel = "Evidence reference",
        EvidenceReferenceHint = "Points at the evidence your organisation keeps, e.g. the number of the signed form.",
        NoMethod = "(choose one)",
        CategoriesHint = "At least one. Hardship and disability are sensitive: they need a consent of their own, apart from other categories.",
        NotYetInForce = "The consent is in the log but not yet in force; look again shortly.",

        WithdrawTitle = "Withdraw a consent",
        WithdrawQuestion = "Withdraw this consent?",
        WithdrawConsequence = "The withdrawal holds from now on: nothing is released under this consent any more; what was lawfully done before stays lawful. Grantees learn of it through the change feed.",
        ConfirmWithdraw = "Withdraw the consent",
        AlreadyWithdrawn = "This consent is already withdrawn.",
        MissingConsent = "There is no such consent.",
        BackToConsents = "Back to the subject's consents",
        AllVersions = "All versions",
        HistoryTitle = "Versions of a consent",
        HistoryIntro = "Every version of this consent the hub took in, newest first. A consent sent again unchanged is no new version; a version the hub refused is not kept.",
        VersionLabel = "Version",
        ChangeLabel = "Change",
        RecordedAtLabel = "Recorded",
        ChangeReceived = "first received",
        ChangeRevised = "revised",
        ChangeWithdrawn = "withdrawn",

        MethodNames = Methods.ToDictionary(e => e.Code, e => e.En ?? e.Code, StringComparer.Ordinal),
    };

    /// <summary>A problem in the pages' own words, in both languages, tied to <paramref name="field"/>.</summary>
    public static FormProblem Problem(string field, Func<ConsentText, string> text) => new(field, null, text(English), text(Chinese));

    /// <summary>The capture methods a form offers.</summary>
    public static IEnumerable<string> MethodCodes => Methods.Select(e => e.Code);
}
