namespace Exchange.Adapters.Formats.JobPosting;

/// <summary>
/// Recognises accessibility features and inclusive-hiring flags in the free text of
/// <c>physicalRequirement</c>/<c>sensoryRequirement</c>, in English and Chinese. Only phrases that
/// say one thing are matched, and a phrase in a sentence that negates it ("no wheelchair access",
/// "不提供手语") is skipped; anything else is left out rather than guessed.
/// </summary>
internal static class AccessibilityTerms
{
    private static readonly (string Code, string[] Phrases)[] s_features =
    [
        ("step-free-access", ["wheelchair", "step-free", "step free", "barrier-free", "无障碍通道", "轮椅", "无台阶"]),
        ("accessible-toilet", ["accessible toilet", "accessible restroom", "无障碍卫生间", "无障碍厕所"]),
        ("screen-reader", ["screen reader", "screen-reader", "读屏", "屏幕阅读"]),
        ("sign-language", ["sign language", "手语"]),
        ("flexible-hours", ["flexible hours", "flexible working hours", "弹性工作", "弹性时间"]),
        ("remote-work", ["remote work", "work from home", "telecommute", "远程办公", "居家办公"]),
        ("adjusted-workstation", ["adjustable desk", "adjusted workstation", "adapted workstation", "适配工位", "可调节工位"]),
        ("job-coach", ["job coach", "就业辅导员"]),
    ];

    private static readonly (string Code, string[] Phrases)[] s_inclusive =
    [
        ("disability-friendly", ["disability-friendly", "disability friendly", "applicants with disabilities are welcome", "残疾人友好"]),
        ("disability-quota", ["disability employment quota", "按比例安排残疾人就业"]),
        ("hardship-priority", ["hardship graduates first", "困难毕业生优先"]),
        ("subsidised-post", ["subsidised post", "subsidized post", "政策性补贴岗位"]),
    ];

    private static readonly string[] s_negations = ["no ", "not ", "without", "unable", "cannot", "不提供", "没有", "无法", "不具备", "暂无"];

    private static readonly char[] s_sentenceEnds = ['.', ';', '!', '?', '。', '；', '！', '？', '\n'];

    public static (IReadOnlyList<string> Features, IReadOnlyList<string> Inclusive) Find(IEnumerable<string> texts, IEnumerable<string> codes)
    {
        var features = new List<string>();
        var inclusive = new List<string>();
        var knownFeatures = s_features.Select(f => f.Code).ToHashSet(StringComparer.Ordinal);
        var knownInclusive = s_inclusive.Select(f => f.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var code in codes)
        {
            if (knownFeatures.Contains(code))
                AddOnce(features, code);
            else if (knownInclusive.Contains(code))
                AddOnce(inclusive, code);
        }

        foreach (var sentence in texts.SelectMany(t => t.Split(s_sentenceEnds, StringSplitOptions.RemoveEmptyEntries)))
        {
            var lower = sentence.ToLowerInvariant();
            if (s_negations.Any(n => lower.Contains(n, StringComparison.Ordinal)))
                continue;
            foreach (var (code, phrases) in s_features)
            {
                if (phrases.Any(p => lower.Contains(p, StringComparison.Ordinal)))
                    AddOnce(features, code);
            }
            foreach (var (code, phrases) in s_inclusive)
            {
                if (phrases.Any(p => lower.Contains(p, StringComparison.Ordinal)))
                    AddOnce(inclusive, code);
            }
        }
        return (features, inclusive);
    }

    private static void AddOnce(List<string> list, string code)
    {
        if (!list.Contains(code))
            list.Add(code);
    }
}
