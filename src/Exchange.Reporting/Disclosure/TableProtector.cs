using System.Diagnostics;

namespace Exchange.Reporting.Disclosure;

/// <summary>
/// Statistical disclosure control for a bureau's tables: primary suppression by the rules, then
/// secondary suppression over the hierarchies and across linked tables until the attacker's audit
/// passes. docs/disclosure.md explains the rules for a bureau's statistician.
/// </summary>
public static class TableProtector
{
    /// <summary>How often the engine re-opens cells its own audit finds short before it gives up as on a defect.</summary>
    private const int RepairRounds = 3;

    /// <summary>
    /// Protects <paramref name="tables"/> together: a figure that two of them show (the same
    /// <see cref="CellKey"/>) is one figure, so differencing them recovers nothing.
    /// <paramref name="publishedBefore"/> are tables this bureau has already received: their published
    /// figures are the attacker's knowledge and cannot be taken back, their suppressed figures stay
    /// suppressed, and their sensitive figures stay protected.
    /// </summary>
    public static ProtectionResult Protect(IReadOnlyList<CountTable> tables, DisclosureRules rules, IReadOnlyList<ProtectedTable>? publishedBefore = null)
    {
        var stopwatch = Stopwatch.StartNew();
        rules.Validate();
        if (tables.Count == 0)
            throw new DisclosureInputException([new(DisclosureProblem.Codes.NoTables, "tables", "there is nothing to protect")]);
        publishedBefore ??= [];
        var cells = LinkedCells.Link([.. tables, .. publishedBefore.Select(p => p.Table)]);
        var state = new FigureState(cells.Count);
        for (var e = 0; e < publishedBefore.Count; e++)
            state.TakeEarlier(publishedBefore[e], cells.VariableOf[tables.Count + e]);
        for (var t = 0; t < tables.Count; t++)
        {
            foreach (var finding in PrimarySuppression.Find(tables[t], rules))
                state.MarkPrimary(cells.VariableOf[t][finding.Cell], finding.Reasons, finding.Required);
        }

        var shortfalls = new List<ProtectionShortfall>();
        var achieved = new CellProtection?[cells.Count];
        var figureOf = cells.Keys.Select((k, v) => (k, v)).ToDictionary(p => p.k, p => p.v);
        using var complement = new ComplementarySuppression(cells, state.Fixed, state.Suppressed);
        // Widest requirements first: their patterns are the likeliest to cover the narrower ones.
        var primaries = Enumerable.Range(0, cells.Count)
            .Where(v => state.Required[v] is not null)
            .OrderByDescending(v => Width(state.Required[v]!))
            .ThenBy(v => v)
            .ToList();
        foreach (var v in primaries)
            achieved[v] = Open(complement, cells, figureOf, v, state.Required[v]!, reusePatterns: true, slack: 0);

        var selecting = stopwatch.Elapsed;
        var protectedTables = Decide(tables, cells, state, achieved);
        var audit = SuppressionAuditor.Audit([.. protectedTables, .. EarlierWithAchieved(publishedBefore, cells, tables.Count, achieved)]);
        for (var round = 0; !audit.Passed; round++)
        {
            if (round == RepairRounds)
                throw new InvalidOperationException($"the audit still finds {audit.Failures.Count} figures short after {RepairRounds} repairs, first {audit.Failures[0].Key}");
            foreach (var failure in audit.Failures)
            {
                var v = figureOf[failure.Key];
                achieved[v] = Open(complement, cells, figureOf, v, achieved[v]!, reusePatterns: false, slack: 1);
            }
            protectedTables = Decide(tables, cells, state, achieved);
            audit = SuppressionAuditor.Audit([.. protectedTables, .. EarlierWithAchieved(publishedBefore, cells, tables.Count, achieved)]);
        }

        foreach (var v in primaries)
        {
            if (achieved[v] != state.Required[v])
                shortfalls.Add(new(cells.Keys[v], state.Required[v]!, achieved[v]!));
        }
        var shown = cells.VariableOf.Take(tables.Count).SelectMany(t => t).Distinct().ToList();
        var statistics = new ProtectionStatistics(
            shown.Count,
            shown.Count(v => state.Suppressed[v] && achieved[v] is not null),
            shown.Count(v => state.Suppressed[v] && achieved[v] is null),
            complement.LinearProgramsSolved,
            selecting,
            stopwatch.Elapsed - selecting);
        return new ProtectionResult(protectedTables, shortfalls, audit, statistics);
    }

    /// <summary>
    /// Opens the figure's interval up and down, and the rest of each of its groups, as far as its
    /// requirement (plus slack when repairing); what figures published before pin stays short.
    /// </summary>
    private static CellProtection Open(ComplementarySuppression complement, LinkedCells cells, Dictionary<CellKey, int> figureOf, int v, CellProtection required, bool reusePatterns, long slack)
    {
        var value = cells.Values[v];
        ProtectionInterval? interval = null;
        if (required.Value is { } wanted)
        {
            var up = complement.Open([(v, 1)], wanted.Upper - value + slack, reusePatterns);
            var down = complement.Open([(v, -1)], Math.Min(value, value - wanted.Lower + slack), reusePatterns);
            interval = new(Math.Max(wanted.Lower, value - down), Math.Min(wanted.Upper, value + up));
        }
        var groups = required.Groups.Select(group => group with
        {
            AtLeast = Math.Min(group.AtLeast, complement.Open([(figureOf[group.GroupTotal], 1), (v, -1)], group.AtLeast + slack, reusePatterns)),
        });
        return new CellProtection(interval, [.. groups]);
    }

    private static long Width(CellProtection required) =>
        (required.Value is { } value ? value.Upper - value.Lower : 0) + required.Groups.Sum(g => g.AtLeast);

    private static List<ProtectedTable> Decide(IReadOnlyList<CountTable> tables, LinkedCells cells, FigureState state, CellProtection?[] achieved)
    {
        var decided = new List<ProtectedTable>(tables.Count);
        for (var t = 0; t < tables.Count; t++)
        {
            var variables = cells.VariableOf[t];
            var statuses = variables.Select(v => !state.Suppressed[v] ? CellStatus.Published : achieved[v] is null ? CellStatus.Secondary : CellStatus.Primary).ToArray();
            decided.Add(new ProtectedTable(
                tables[t],
                statuses,
                [.. variables.Select((v, cell) => statuses[cell] == CellStatus.Primary ? state.Reasons[v] : PrimaryReasons.None)],
                [.. variables.Select((v, cell) => statuses[cell] == CellStatus.Primary ? achieved[v] : null)]));
        }
        return decided;
    }

    /// <summary>Earlier tables as the audit must see them: their decisions, with what is guaranteed now.</summary>
    private static IEnumerable<ProtectedTable> EarlierWithAchieved(IReadOnlyList<ProtectedTable> publishedBefore, LinkedCells cells, int firstEarlier, CellProtection?[] achieved) =>
        publishedBefore.Select((earlier, e) => new ProtectedTable(
            earlier.Table,
            [.. Enumerable.Range(0, earlier.Table.CellCount).Select(earlier.StatusAt)],
            [.. Enumerable.Range(0, earlier.Table.CellCount).Select(earlier.ReasonsAt)],
            [.. Enumerable.Range(0, earlier.Table.CellCount).Select(cell => earlier.StatusAt(cell) == CellStatus.Primary ? achieved[cells.VariableOf[firstEarlier + e][cell]] : null)]));

    /// <summary>What is known, hidden and required per figure before secondary suppression starts.</summary>
    private sealed class FigureState(int count)
    {
        public bool[] Fixed { get; } = new bool[count];
        public bool[] Suppressed { get; } = new bool[count];
        public PrimaryReasons[] Reasons { get; } = new PrimaryReasons[count];
        public CellProtection?[] Required { get; } = new CellProtection?[count];

        public void TakeEarlier(ProtectedTable earlier, int[] variables)
        {
            for (var cell = 0; cell < variables.Length; cell++)
            {
                var v = variables[cell];
                if (earlier.StatusAt(cell) == CellStatus.Published)
                {
                    // Once out, a figure is the attacker's for good, whatever another table did with it.
                    Fixed[v] = true;
                    Suppressed[v] = false;
                }
                else if (!Fixed[v])
                    Suppressed[v] = true;
                if (earlier.RequiredAt(cell) is { } required)
                    MarkPrimary(v, earlier.ReasonsAt(cell), required);
            }
        }

        public void MarkPrimary(int v, PrimaryReasons reasons, CellProtection required)
        {
            Reasons[v] |= reasons;
            Required[v] = Required[v] is { } earlier ? earlier.Merge(required) : required;
            if (!Fixed[v])
                Suppressed[v] = true;
        }
    }
}
