namespace Exchange.Reporting.Disclosure;

/// <summary>
/// The figures of a set of linked tables as one system: each distinct <see cref="CellKey"/> is one
/// unknown, whatever tables it appears in, and the additivity constraints of every table bind them
/// together. This is what makes differencing two overlapping reports part of the attacker's model.
/// </summary>
internal sealed class LinkedCells
{
    private LinkedCells(IReadOnlyList<CountTable> tables, List<CellKey> keys, List<long> values, List<int> totalLevel, int[][] variableOf, List<int[]> constraints)
    {
        Tables = tables;
        Keys = keys;
        Values = [.. values];
        TotalLevel = [.. totalLevel];
        VariableOf = variableOf;
        Constraints = constraints;
        Occurrences = keys.Select(_ => new List<(int, int)>()).ToArray();
        for (var t = 0; t < variableOf.Length; t++)
        {
            for (var cell = 0; cell < variableOf[t].Length; cell++)
                Occurrences[variableOf[t][cell]].Add((t, cell));
        }
        ConstraintsOf = keys.Select(_ => new List<int>()).ToArray();
        for (var c = 0; c < constraints.Count; c++)
        {
            foreach (var v in constraints[c])
                ConstraintsOf[v].Add(c);
        }
    }

    public IReadOnlyList<CountTable> Tables { get; }

    /// <summary>Per figure, every (table, cell) that shows it.</summary>
    public List<(int Table, int Cell)>[] Occurrences { get; }

    /// <summary>Per figure, the constraints it takes part in.</summary>
    public List<int>[] ConstraintsOf { get; }

    public IReadOnlyList<CellKey> Keys { get; }

    public long[] Values { get; }

    /// <summary>Per figure, how high a total it is in the table where it is highest (see <see cref="CountTable.TotalLevel"/>).</summary>
    public int[] TotalLevel { get; }

    /// <summary>Per table, per cell: the figure it shows.</summary>
    public int[][] VariableOf { get; }

    /// <summary>Each constraint as [total, part, part, …]: the total equals the sum of its parts. Each appears once.</summary>
    public List<int[]> Constraints { get; }

    public int Count => Keys.Count;

    public static LinkedCells Link(IReadOnlyList<CountTable> tables)
    {
        var keys = new List<CellKey>();
        var values = new List<long>();
        var totalLevel = new List<int>();
        var index = new Dictionary<CellKey, int>();
        var firstSeenIn = new List<string>();
        var problems = new List<DisclosureProblem>();
        var variableOf = new int[tables.Count][];
        for (var t = 0; t < tables.Count; t++)
        {
            var table = tables[t];
            variableOf[t] = new int[table.CellCount];
            for (var cell = 0; cell < table.CellCount; cell++)
            {
                var key = table.KeyOf(cell);
                if (!index.TryGetValue(key, out var variable))
                {
                    variable = keys.Count;
                    index.Add(key, variable);
                    keys.Add(key);
                    values.Add(table.CountAt(cell));
                    totalLevel.Add(0);
                    firstSeenIn.Add(table.Name);
                }
                else if (values[variable] != table.CountAt(cell))
                {
                    problems.Add(new(DisclosureProblem.Codes.LinkedCountConflict, $"figure {key}",
                        $"table '{firstSeenIn[variable]}' counts {values[variable]} and table '{table.Name}' counts {table.CountAt(cell)}; linked tables must count the same population"));
                }
                totalLevel[variable] = Math.Max(totalLevel[variable], table.TotalLevel(cell));
                variableOf[t][cell] = variable;
            }
        }
        DisclosureInputException.ThrowIfAny(problems);

        var constraints = new List<int[]>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var t = 0; t < tables.Count; t++)
        {
            foreach (var (total, parts) in tables[t].AdditivityConstraints())
            {
                var constraint = new int[parts.Length + 1];
                constraint[0] = variableOf[t][total];
                for (var p = 0; p < parts.Length; p++)
                    constraint[p + 1] = variableOf[t][parts[p]];
                Array.Sort(constraint, 1, parts.Length);
                if (seen.Add(string.Join(',', constraint)))
                    constraints.Add(constraint);
            }
        }
        return new LinkedCells(tables, keys, values, totalLevel, variableOf, constraints);
    }
}
