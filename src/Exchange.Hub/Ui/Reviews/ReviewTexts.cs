using Exchange.Hub.Ui.Agreements;

namespace Exchange.Hub.Ui.Reviews;

/// <summary>The review queue's words in Chinese and in English.</summary>
public static class ReviewTexts
{
    public static readonly ReviewText Chinese = new()
    {
        QueueTitle = "待审核匹配",
        QueueIntro = "实体解析既不能确认、也不能排除为同一人的记录对，按时间从旧到新列出，由数据管理员判断。",
        NoReviews = "目前没有待审核的记录对。",
        Review = "审核",
        CreatedAt = "提出时间",
        MatchProbability = "匹配概率",
        Subjects = "主体",
        Open = "待审核",
        NextPage = "下一页",
        FirstPage = "第一页",
        Paging = "翻页",

        ReviewTitle = "审核记录对",
        ReviewIntro = "左列为新到的记录（暂归入独立主体），右列为它可能属于的主体中的记录。每一行是一项比较：比较的字段、两边的值、达到的一致程度，以及该项比较为匹配权重增加的分值（以 2 为底的对数贝叶斯因子，负数表示不像同一人）。",
        State = "状态",
        ThisRecord = "新记录",
        Candidate = "候选记录",
        EvidenceCaption = "逐项比较",
        Comparison = "比较项",
        Level = "一致程度",
        Weight = "权重",
        PriorWeight = "先验权重",
        MatchWeight = "匹配权重合计",
        NoValue = "（无）",
        NotInForce = "该记录已有更新版本，此处无法显示其比较值。",
        DecideTitle = "判断",
        AcceptExplained = "是同一人：两个主体合并到较早的主体。",
        RejectExplained = "不是同一人：此后不再将这两条记录关联。",
        Accept = "是同一人，合并",
        Reject = "不是同一人",
        Decided = "已判断：{0}。",
        DecidedBy = "判断人",
        AlreadyDecided = "该记录对已经判断过，只能判断待审核的记录对。",
        Pending = "判断已写入日志，但合并程序尚未执行；请稍后刷新查看。",
        KeysDiffer = "两个主体各有不同的公民身份号码：两个号码就是两个人，不能合并。请选择“不是同一人”。",
        MissingReview = "没有这个待审核记录对。",
        BackToQueue = "返回待审核列表",
        States = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["open"] = "待审核", ["accepted"] = "已确认为同一人", ["rejected"] = "已确认不是同一人", ["superseded"] = "已被取代",
        },
        Comparisons = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["name"] = "姓名", ["birthDate"] = "出生日期", ["school"] = "学校与学号", ["phone"] = "电话", ["region"] = "生源地", ["sex"] = "性别",
        },
    };

    public static readonly ReviewText English = new()
    {
        QueueTitle = "Review queue",
        QueueIntro = "Pairs of records that entity resolution could neither link nor tell apart, oldest first, for a steward to decide.",
        NoReviews = "No pair is waiting for review.",
        Review = "Review",
        CreatedAt = "Raised",
        MatchProbability = "Match probability",
        Subjects = "Subjects",
        Open = "open",
        NextPage = "Next page",
        FirstPage = "First page",
        Paging = "Pages",

        ReviewTitle = "Review a pair of records",
        ReviewIntro = "On the left the record that arrived (in a subject of its own for now), on the right the record of the subject it may belong to. Each row is one comparison: what was compared, the two values, the level of agreement reached, and the weight it adds to the match (a log2 Bayes factor; below zero speaks against one person).",
        State = "State",
        ThisRecord = "This record",
        Candidate = "Candidate",
        EvidenceCaption = "Comparisons",
        Comparison = "Comparison",
        Level = "Agreement",
        Weight = "Weight",
        PriorWeight = "Prior weight",
        MatchWeight = "Match weight in all",
        NoValue = "(none)",
        NotInForce = "A newer version of the record has been merged; its compared values cannot be shown here.",
        DecideTitle = "Decide",
        AcceptExplained = "One person: the two subjects merge into the older.",
        RejectExplained = "Two people: the two records are never linked again.",
        Accept = "One person: merge",
        Reject = "Two people",
        Decided = "Decided: {0}.",
        DecidedBy = "Decided by",
        AlreadyDecided = "This pair was decided before; only an open review can be decided.",
        Pending = "The decision is in the log but the merger has not applied it yet; look again shortly.",
        KeysDiffer = "The two subjects each hold a resident id of their own: two resident ids are two people, so they cannot be merged. Decide \"Two people\" instead.",
        MissingReview = "There is no such review.",
        BackToQueue = "Back to the review queue",
        States = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["open"] = "open", ["accepted"] = "accepted: one person", ["rejected"] = "rejected: two people", ["superseded"] = "superseded",
        },
        Comparisons = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["name"] = "name", ["birthDate"] = "birth date", ["school"] = "school and student id", ["phone"] = "phone", ["region"] = "region of origin", ["sex"] = "sex",
        },
    };

    /// <summary>A problem in the review pages' words, in both languages.</summary>
    public static FormProblem Problem(Func<ReviewText, string> text) => new("", null, text(English), text(Chinese));
}
