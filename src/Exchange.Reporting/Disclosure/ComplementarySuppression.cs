using Google.OrTools.LinearSolver;

namespace Exchange.Reporting.Disclosure;

/// <summary>
/// Chooses secondary suppressions one requirement at a time: room above a sensitive cell, room
/// below it, or room in the rest of its group.
/// <para>
/// For a cell that must be able to move up (or down) by <c>a</c>, it looks for a change <c>y</c> of
/// the whole linked system that keeps every additivity constraint (<c>Σ y = 0</c> along each), keeps
/// every count non-negative (<c>v + y ≥ 0</c>), leaves every figure already published elsewhere as
/// it is, and moves the cell by exactly <c>a</c>. Suppressing every cell that <c>y</c> changes makes
/// <c>v + y</c> a table the attacker cannot tell from the true one, so the attacker's interval then
/// reaches <c>v ± a</c>; suppressing more later only widens it. The cheapest such change is a linear
/// program (GLOP) minimising Σ cost·|y| with |y| split into an up and a down part; cells already
/// suppressed cost almost nothing, so patterns reuse them.
/// </para>
/// <para>
/// Cost of suppressing a free cell: (1 + ln(1 + count)) × (1 + how high a total it is, summed over
/// the dimensions: 0 for an inner cell, 1 for a total of leaves, 2 a level up …): many small cells
/// rather than one large one, and inner cells and low totals rather than the high totals readers
/// rely on most.
/// </para>
/// </summary>
internal sealed class ComplementarySuppression : IDisposable
{
    private const double ReusedCellCost = 1e-3;
    private const double Tolerance = 1e-7;

    /// <summary>
    /// Below this many figures the whole system is as quick to solve as a neighbourhood, and its
    /// optimum can reach further (a sibling prefecture's counties), so neighbourhoods are not used.
    /// </summary>
    private const int NeighbourhoodsFrom = 1000;

    private readonly LinkedCells _cells;
    private readonly bool[] _fixed;
    private readonly bool[] _suppressed;
    private readonly double[] _cost;
    private readonly Solver _solver;
    private readonly Variable?[] _up;
    private readonly Variable?[] _down;
    private readonly Constraint _target;
    private readonly List<(int[] Cells, double[] Change)> _patterns = [];

    /// <param name="fixedCells">Figures published before: the attacker knows them, so they cannot move.</param>
    /// <param name="suppressed">Figures hidden so far; updated as patterns are chosen.</param>
    public ComplementarySuppression(LinkedCells cells, bool[] fixedCells, bool[] suppressed)
    {
        _cells = cells;
        _fixed = fixedCells;
        _suppressed = suppressed;
        _cost = new double[cells.Count];
        _up = new Variable?[cells.Count];
        _down = new Variable?[cells.Count];
        _solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("OR-Tools' GLOP solver is not available");
        var objective = _solver.Objective();
        objective.SetMinimization();
        for (var v = 0; v < cells.Count; v++)
        {
            if (fixedCells[v])
                continue;
            _cost[v] = (1 + Math.Log(1 + cells.Values[v])) * (1 + cells.TotalLevel[v]);
            _up[v] = _solver.MakeNumVar(0, double.PositiveInfinity, "");
            _down[v] = _solver.MakeNumVar(0, cells.Values[v], "");
            objective.SetCoefficient(_up[v], CostOf(v));
            objective.SetCoefficient(_down[v], CostOf(v));
        }
        _target = _solver.MakeConstraint(double.NegativeInfinity, double.PositiveInfinity, "");
        foreach (var constraint in cells.Constraints)
        {
            var row = _solver.MakeConstraint(0, 0, "");
            for (var i = 0; i < constraint.Length; i++)
            {
                var v = constraint[i];
                if (_fixed[v])
                    continue;
                var sign = i == 0 ? 1.0 : -1.0;
                row.SetCoefficient(_up[v], sign);
                row.SetCoefficient(_down[v], -sign);
            }
        }
    }

    public int LinearProgramsSolved { get; private set; }

    /// <summary>
    /// Makes sure the attacker cannot rule out that Σ coefficient × figure is larger than its true
    /// value by <paramref name="amount"/>: one figure with +1 asks for room above it, with −1 for room
    /// below it, and a group total with +1 and its cell with −1 for room in the rest of the group.
    /// Returns the amount achieved, which is less only where figures published before pin the sum.
    /// </summary>
    public long Open(IReadOnlyList<(int Figure, double Coefficient)> terms, long amount, bool reusePatterns = true)
    {
        var movable = terms.Where(t => !_fixed[t.Figure]).ToList();
        if (amount <= 0 || movable.Count == 0)
            return 0;
        if (reusePatterns && AnyPatternMoves(movable, amount))
            return amount;
        if (_cells.Count >= NeighbourhoodsFrom && NeighbourhoodOf(movable) is { } near && SolveWithin(near, movable, amount))
            return amount;

        var target = _target;
        target.SetBounds(amount, amount);
        foreach (var (figure, coefficient) in movable)
        {
            target.SetCoefficient(_up[figure]!, coefficient);
            target.SetCoefficient(_down[figure]!, -coefficient);
        }
        var achieved = amount;
        if (Solve() != Solver.ResultStatus.OPTIMAL)
        {
            achieved = MostThatCanMove(target, movable, amount);
            target.SetBounds(achieved, achieved);
            if (achieved > 0 && Solve() != Solver.ResultStatus.OPTIMAL)
                throw new InvalidOperationException($"no pattern moves figure {_cells.Keys[terms[0].Figure]} by {achieved} although one was found");
        }
        if (achieved > 0)
            TakePattern();
        // One target row serves every cell, emptied and freed after use, so the model does not grow.
        foreach (var (figure, _) in movable)
        {
            target.SetCoefficient(_up[figure]!, 0);
            target.SetCoefficient(_down[figure]!, 0);
        }
        target.SetBounds(double.NegativeInfinity, double.PositiveInfinity);
        return achieved;
    }

    public void Dispose() => _solver.Dispose();

    private double CostOf(int v) => _suppressed[v] ? ReusedCellCost : _cost[v];

    private Solver.ResultStatus Solve()
    {
        LinearProgramsSolved++;
        return _solver.SolveWithoutPresolve();
    }

    /// <summary>
    /// A pattern found for an earlier cell, scaled so this sum moves by the amount, still keeps
    /// every count non-negative: then the cells it hides already protect this one.
    /// </summary>
    private bool AnyPatternMoves(List<(int Figure, double Coefficient)> terms, long amount)
    {
        foreach (var (cells, change) in _patterns)
        {
            var moved = 0.0;
            foreach (var (figure, coefficient) in terms)
            {
                var at = Array.IndexOf(cells, figure);
                if (at >= 0)
                    moved += coefficient * change[at];
            }
            if (Math.Abs(moved) <= Tolerance)
                continue;
            var scale = amount / moved;
            var feasible = true;
            for (var i = 0; i < cells.Length && feasible; i++)
                feasible = _cells.Values[cells[i]] + scale * change[i] >= -Tolerance;
            if (feasible)
                return true;
        }
        return false;
    }

    /// <summary>The largest whole move the sum can make at all, whatever it costs.</summary>
    private long MostThatCanMove(Constraint target, List<(int Figure, double Coefficient)> terms, long amount)
    {
        var objective = _solver.Objective();
        objective.Clear();
        objective.SetMaximization();
        foreach (var (figure, coefficient) in terms)
        {
            objective.SetCoefficient(_up[figure]!, coefficient);
            objective.SetCoefficient(_down[figure]!, -coefficient);
        }
        target.SetBounds(double.NegativeInfinity, amount);
        var most = Solve() == Solver.ResultStatus.OPTIMAL ? (long)Math.Floor(objective.Value() + Tolerance) : 0;
        objective.Clear();
        objective.SetMinimization();
        for (var v = 0; v < _cells.Count; v++)
        {
            if (_up[v] is null)
                continue;
            objective.SetCoefficient(_up[v], CostOf(v));
            objective.SetCoefficient(_down[v], CostOf(v));
        }
        return Math.Clamp(most, 0, amount);
    }

    /// <summary>The figures near every target in every table that shows it, or null when that is most of the system.</summary>
    private HashSet<int>? NeighbourhoodOf(List<(int Figure, double Coefficient)> terms)
    {
        var limit = Math.Max(64, _cells.Count / 4);
        var near = new HashSet<int>();
        foreach (var (figure, _) in terms)
        {
            foreach (var (table, cell) in _cells.Occurrences[figure])
            {
                if (Neighbourhood.Of(_cells.Tables[table], cell, limit) is not { } cells)
                    return null;
                near.UnionWith(cells.Select(c => _cells.VariableOf[table][c]));
            }
        }
        near.RemoveWhere(v => _fixed[v]);
        return near.Count > limit ? null : near;
    }

    /// <summary>
    /// The same linear program with every figure outside <paramref name="near"/> held still: any
    /// pattern found is one of the whole system's.
    /// </summary>
    private bool SolveWithin(HashSet<int> near, List<(int Figure, double Coefficient)> terms, long amount)
    {
        if (!terms.All(t => near.Contains(t.Figure)))
            return false;
        using var solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("OR-Tools' GLOP solver is not available");
        var objective = solver.Objective();
        objective.SetMinimization();
        var up = new Dictionary<int, Variable>();
        var down = new Dictionary<int, Variable>();
        foreach (var v in near)
        {
            up[v] = solver.MakeNumVar(0, double.PositiveInfinity, "");
            down[v] = solver.MakeNumVar(0, _cells.Values[v], "");
            objective.SetCoefficient(up[v], CostOf(v));
            objective.SetCoefficient(down[v], CostOf(v));
        }
        foreach (var c in near.SelectMany(v => _cells.ConstraintsOf[v]).Distinct())
        {
            var constraint = _cells.Constraints[c];
            var row = solver.MakeConstraint(0, 0, "");
            for (var i = 0; i < constraint.Length; i++)
            {
                if (!near.Contains(constraint[i]))
                    continue;
                var sign = i == 0 ? 1.0 : -1.0;
                row.SetCoefficient(up[constraint[i]], sign);
                row.SetCoefficient(down[constraint[i]], -sign);
            }
        }
        var target = solver.MakeConstraint(amount, amount, "");
        foreach (var (figure, coefficient) in terms)
        {
            target.SetCoefficient(up[figure], coefficient);
            target.SetCoefficient(down[figure], -coefficient);
        }
        LinearProgramsSolved++;
        if (solver.SolveWithoutPresolve() != Solver.ResultStatus.OPTIMAL)
            return false;
        Adopt(near.Select(v => (v, up[v].SolutionValue() - down[v].SolutionValue())).ToList());
        return true;
    }

    private void TakePattern() =>
        Adopt([.. Enumerable.Range(0, _cells.Count).Where(v => _up[v] is not null).Select(v => (v, _up[v]!.SolutionValue() - _down[v]!.SolutionValue()))]);

    /// <summary>
    /// Suppresses every figure the pattern changes and keeps the pattern for later cells. Values are
    /// read before any objective changes: OR-Tools forgets a solution when its model changes.
    /// </summary>
    private void Adopt(List<(int Figure, double Change)> solution)
    {
        var cells = new List<int>();
        var change = new List<double>();
        foreach (var (v, y) in solution.OrderBy(s => s.Figure))
        {
            if (Math.Abs(y) <= Tolerance)
                continue;
            cells.Add(v);
            change.Add(y);
        }
        var objective = _solver.Objective();
        foreach (var v in cells.Where(v => !_suppressed[v]))
        {
            _suppressed[v] = true;
            objective.SetCoefficient(_up[v], ReusedCellCost);
            objective.SetCoefficient(_down[v], ReusedCellCost);
        }
        _patterns.Add(([.. cells], [.. change]));
    }
}
