using Exchange.Access.Audit;
using Exchange.Hub.Ui.Agreements;

namespace Exchange.Hub.Ui.Audit;

/// <summary>The audit pages' words in Chinese and in English.</summary>
public static class AuditTexts
{
    public static readonly AuditText Chinese = new()
    {
        AuditTitle = "审计日志",
        AuditIntro = "每一次访问决定（含拒绝）都按顺序写入只可追加、哈希链接的审计日志。以下按序号从旧到新列出。",
        FilterTitle = "筛选",
        SubjectLabel = "主体句柄",
        SubjectHint = "调用方所见的主体句柄。",
        CallerLabel = "调用方",
        CallerHint = "客户端标识或单位统一社会信用代码。",
        FromLabel = "起始时间（含）",
        UntilLabel = "截止时间（不含）",
        TimeHint = "UTC，格式：年-月-日 或 年-月-日T时:分:秒Z，例如 2026-03-01 或 2026-03-01T08:00:00Z。",
        TimeInvalid = "时间格式应为 年-月-日 或 年-月-日T时:分:秒Z，例如 2026-03-01T08:00:00Z。",
        Filter = "筛选",
        ClearFilters = "清除筛选",
        NoEntries = "没有符合条件的审计条目。",
        EntriesCaption = "审计条目",
        Sequence = "序号",
        At = "时间",
        Caller = "调用方",
        Purpose = "用途",
        Subject = "主体句柄",
        Action = "操作",
        FieldsReleased = "提供的字段",
        Decision = "决定",
        Rule = "依据规则",
        Permit = "允许",
        Deny = "拒绝",
        Paging = "翻页",
        NextPage = "下一页",
        FirstPage = "第一页",
        VerifyLink = "校验审计链",

        VerifyTitle = "校验审计链",
        VerifyIntro = "按序重新计算每一条目的哈希，并与单独保存的链头比对。若填写先前在数据库之外公布的链头（锚点），还能发现整条链被改写。",
        AnchorLabel = "锚点（可选）",
        AnchorHint = "先前公布的链头，格式：序号:哈希，例如 42:3f5a…（64 位小写十六进制）。",
        AnchorInvalid = "锚点格式应为 序号:哈希，哈希为 64 位小写十六进制字符。",
        Verify = "校验",
        IntactTitle = "审计链完整",
        IntactText = "已校验 {0} 个条目，全部完好。",
        HeadText = "当前链头（可在数据库之外公布，作为日后校验的锚点）：",
        BrokenTitle = "审计链在第 {0} 号条目处断裂",
        BrokenText = "在此之前的 {0} 个条目完好。",
        DetailLabel = "详情（英文）：",
        BackToAudit = "返回审计日志",
        Faults = new Dictionary<AuditFault, string>
        {
            [AuditFault.Changed] = "该条目被修改：重新计算的哈希与存储的哈希不符。",
            [AuditFault.Deleted] = "该条目缺失：序号出现跳跃。",
            [AuditFault.Reordered] = "该条目的前一哈希不是上一条目的哈希：条目被调换、重新编号，或上一条目连同其哈希被改写。",
            [AuditFault.TailDeleted] = "最新的条目被删除：链头指向的条目不存在。",
            [AuditFault.HeadMismatch] = "链尾被改写，而链头未随之移动。",
            [AuditFault.AnchorMismatch] = "与先前公布的锚点不符：链在此之前被改写。",
        },
    };

    public static readonly AuditText English = new()
    {
        AuditTitle = "Audit log",
        AuditIntro = "Every access decision, refusals included, is appended in order to the append-only, hash-chained audit log. The entries are listed oldest first.",
        FilterTitle = "Filter",
        SubjectLabel = "Subject handle",
        SubjectHint = "The subject's handle as the caller saw it.",
        CallerLabel = "Caller",
        CallerHint = "A client id or an organisation's credit code.",
        FromLabel = "From (included)",
        UntilLabel = "Until (excluded)",
        TimeHint = "UTC, as a date or a date and time, e.g. 2026-03-01 or 2026-03-01T08:00:00Z.",
        TimeInvalid = "Write the time as a date or a date and time, e.g. 2026-03-01T08:00:00Z.",
        Filter = "Filter",
        ClearFilters = "Clear the filters",
        NoEntries = "No audit entry matches.",
        EntriesCaption = "Audit entries",
        Sequence = "No.",
        At = "At",
        Caller = "Caller",
        Purpose = "Purpose",
        Subject = "Subject handle",
        Action = "Action",
        FieldsReleased = "Fields released",
        Decision = "Decision",
        Rule = "Rule",
        Permit = "permit",
        Deny = "deny",
        Paging = "Pages",
        NextPage = "Next page",
        FirstPage = "First page",
        VerifyLink = "Verify the audit chain",

        VerifyTitle = "Verify the audit chain",
        VerifyIntro = "Recomputes every entry's hash in order and compares the chain's end with the head stored apart. With a head published outside the database earlier (an anchor), a rewrite of the whole chain shows too.",
        AnchorLabel = "Anchor (optional)",
        AnchorHint = "A head published earlier, as sequence:hash, e.g. 42:3f5a… (64 lower-case hexadecimal characters).",
        AnchorInvalid = "Write the anchor as sequence:hash, the hash 64 lower-case hexadecimal characters.",
        Verify = "Verify",
        IntactTitle = "The audit chain is intact",
        IntactText = "{0} entries checked, every one intact.",
        HeadText = "The head now (publish it outside the database, to verify against later):",
        BrokenTitle = "The audit chain is broken at entry {0}",
        BrokenText = "The {0} entries before it are intact.",
        DetailLabel = "Detail:",
        BackToAudit = "Back to the audit log",
        Faults = new Dictionary<AuditFault, string>
        {
            [AuditFault.Changed] = "The entry was edited: its recomputed hash differs from the stored one.",
            [AuditFault.Deleted] = "The entry is missing: the sequence jumps.",
            [AuditFault.Reordered] = "The entry's previous hash is not its predecessor's hash: entries were swapped or renumbered, or the predecessor was rewritten with its hash.",
            [AuditFault.TailDeleted] = "The newest entries were deleted: the head names an entry that is not there.",
            [AuditFault.HeadMismatch] = "The chain's tail was rewritten without moving the head.",
            [AuditFault.AnchorMismatch] = "The entry differs from the anchor published earlier: the chain was rewritten up to here.",
        },
    };

    /// <summary>A problem in the audit pages' words, in both languages, tied to <paramref name="field"/>.</summary>
    public static FormProblem Problem(string field, Func<AuditText, string> text) => new(field, null, text(English), text(Chinese));
}
