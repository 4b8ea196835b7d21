using Google.OrTools.LinearSolver;

namespace Exchange.Reporting.Disclosure;

/// <summary>
/// The attacker's audit, as τ-Argus and sdcTable run it: for every suppressed figure, minimise and
/// maximise it subject to every figure published in any of the given tables, every table's
/// additivity constraints and non-negativity, and compare the interval found with the figure's
/// protection interval; for a group disclosure, maximise the rest of the group likewise. A figure
/// published in one table is known in all of them, so auditing overlapping reports together is
/// auditing the difference attack.
/// <para>
/// It rebuilds the constraints from the tables' dimensions through their public shape, not from
/// the engine's linked model, so a fault in how the engine links tables cannot hide from it.
/// Unknowns are bounded above by a bound no protection interval reaches; that can only narrow
/// the intervals found, so the audit errs on the strict side.
/// </para>
/// </summary>
public static class SuppressionAuditor
{
    public static AuditReport Audit(IEnumerable<ProtectedTable> tables)
    {
        var figures = new Dictionary<CellKey, Figure>();
        var constraints = new List<CellKey[]>();
        foreach (var protectedTable in tables)
            Collect(protectedTable, figures, constraints);
        if (figures.Count == 0)
            return new AuditReport([]);

        var ceiling = 1 + 2.0 * (figures.Values.Sum(f => (double)f.Value) + figures.Values.Max(f => (double)(f.Required?.Value?.Upper ?? 0)));
        var cells = new List<AuditedCell>();
        // Figures that share no constraint with unknowns in common cannot inform one another, so each
        // connected group of unknowns is its own, much smaller, pair of linear programs.
        var components = Components(figures, constraints);
        var componentOf = new Dictionary<CellKey, int>();
        for (var c = 0; c < components.Count; c++)
        {
            foreach (var key in components[c])
                componentOf[key] = c;
        }
        var constraintsOf = components.Select(_ => new List<CellKey[]>()).ToArray();
        foreach (var constraint in constraints)
        {
            if (constraint.FirstOrDefault(k => !figures[k].Known) is { Value: not null } unknown)
                constraintsOf[componentOf[unknown]].Add(constraint);
        }
        for (var c = 0; c < components.Count; c++)
            AuditComponent(components[c], figures, constraintsOf[c], ceiling, cells);
        return new AuditReport(cells);
    }

    private static void AuditComponent(List<CellKey> component, Dictionary<CellKey, Figure> figures, List<CellKey[]> constraints, double ceiling, List<AuditedCell> cells)
    {
        using var solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("OR-Tools' GLOP solver is not available");
        var variables = component.Where(k => !figures[k].Known).ToDictionary(k => k, _ => solver.MakeNumVar(0, ceiling, ""));
        foreach (var constraint in constraints)
        {
            // total − Σ parts = 0, with the published figures moved to the right-hand side.
            var known = 0.0;
            var terms = new List<(Variable Variable, double Sign)>();
            for (var i = 0; i < constraint.Length; i++)
            {
                var sign = i == 0 ? 1.0 : -1.0;
                if (variables.TryGetValue(constraint[i], out var variable))
                    terms.Add((variable, sign));
                else
                    known += sign * figures[constraint[i]].Value;
            }
            var row = solver.MakeConstraint(-known, -known, "");
            foreach (var (variable, sign) in terms)
                row.SetCoefficient(variable, sign);
        }

        var attacker = new Attacker(solver, variables, figures);
        foreach (var key in component)
        {
            var figure = figures[key];
            if (figure.Known && figure.Required is null)
                continue;
            var restOfGroup = (figure.Required?.Groups ?? [])
                .ToDictionary(g => g.GroupTotal, g => attacker.Extreme([(g.GroupTotal, 1), (key, -1)], maximise: true));
            var status = figure.Known ? CellStatus.Published : figure.Primary ? CellStatus.Primary : CellStatus.Secondary;
            cells.Add(new AuditedCell(key, status,
                attacker.Extreme([(key, 1)], maximise: false),
                attacker.Extreme([(key, 1)], maximise: true),
                restOfGroup, figure.Required));
        }
    }

    /// <summary>
    /// Groups of figures to audit together: unknowns joined by a constraint, each sensitive figure
    /// with the group totals its requirement speaks of. Known figures outside any such group, having
    /// nothing to audit, are left out.
    /// </summary>
    private static List<List<CellKey>> Components(Dictionary<CellKey, Figure> figures, List<CellKey[]> constraints)
    {
        var parent = new Dictionary<CellKey, CellKey>();
        CellKey Find(CellKey k)
        {
            while (parent[k] != k)
                k = parent[k] = parent[parent[k]];
            return k;
        }
        void Union(CellKey a, CellKey b) => parent[Find(a)] = Find(b);

        foreach (var (key, figure) in figures)
        {
            if (!figure.Known || figure.Required is not null)
                parent[key] = key;
        }
        foreach (var (key, figure) in figures)
        {
            foreach (var group in figure.Required?.Groups ?? [])
            {
                parent.TryAdd(group.GroupTotal, group.GroupTotal);
                Union(key, group.GroupTotal);
            }
        }
        foreach (var constraint in constraints)
        {
            CellKey? first = null;
            foreach (var key in constraint.Where(k => !figures[k].Known))
            {
                if (first is { } f)
                    Union(f, key);
                else
                    first = key;
            }
        }
        return [.. parent.Keys.GroupBy(Find).Select(g => g.ToList())];
    }

    private static void Collect(ProtectedTable protectedTable, Dictionary<CellKey, Figure> figures, List<CellKey[]> constraints)
    {
        var table = protectedTable.Table;
        for (var cell = 0; cell < table.CellCount; cell++)
        {
            var coordinates = table.CoordinatesOf(cell);
            var key = table.KeyOf(cell);
            var count = table.CountAt(cell);
            if (!figures.TryGetValue(key, out var figure))
                figures[key] = figure = new Figure(count);
            else if (figure.Value != count)
                throw new DisclosureInputException([new(DisclosureProblem.Codes.LinkedCountConflict, $"figure {key}", $"one table counts {figure.Value} and table '{table.Name}' counts {count}")]);
            var status = protectedTable.StatusAt(cell);
            figure.Known |= status == CellStatus.Published;
            figure.Primary |= status == CellStatus.Primary;
            if (protectedTable.RequiredAt(cell) is { } required)
                figure.Required = figure.Required is { } earlier ? earlier.Merge(required) : required;

            for (var d = 0; d < table.Dimensions.Count; d++)
            {
                var children = table.Dimensions[d].ChildrenOf(coordinates[d]);
                if (children.Count == 0)
                    continue;
                var constraint = new CellKey[children.Count + 1];
                constraint[0] = key;
                for (var c = 0; c < children.Count; c++)
                {
                    var child = coordinates.ToArray();
                    child[d] = children[c];
                    constraint[c + 1] = table.KeyOf(table.CellOf(child));
                }
                constraints.Add(constraint);
            }
        }
    }

    /// <summary>The attacker's two questions, smallest and largest, about a sum of figures.</summary>
    private sealed class Attacker(Solver solver, Dictionary<CellKey, Variable> variables, Dictionary<CellKey, Figure> figures)
    {
        public double Extreme(IReadOnlyList<(CellKey Key, double Coefficient)> terms, bool maximise)
        {
            var objective = solver.Objective();
            objective.Clear();
            var known = 0.0;
            var anyUnknown = false;
            foreach (var (key, coefficient) in terms)
            {
                if (variables.TryGetValue(key, out var variable))
                {
                    objective.SetCoefficient(variable, coefficient);
                    anyUnknown = true;
                }
                else
                    known += coefficient * figures[key].Value;
            }
            if (!anyUnknown)
                return known;
            if (maximise)
                objective.SetMaximization();
            else
                objective.SetMinimization();
            var status = solver.SolveWithoutPresolve();
            if (status != Solver.ResultStatus.OPTIMAL)
                throw new InvalidOperationException($"the attacker's linear program about {terms[0].Key} ended {status}; the true table is a solution, so the tables are inconsistent");
            return known + objective.Value();
        }
    }

    private sealed class Figure(long value)
    {
        public long Value { get; } = value;
        public bool Known { get; set; }
        public bool Primary { get; set; }
        public CellProtection? Required { get; set; }
    }
}
