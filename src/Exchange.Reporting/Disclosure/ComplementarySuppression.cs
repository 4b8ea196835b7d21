using Google.OrTools.LinearSolver;

namespace Exchange.Reporting.Disclosure;

/// <summary>
/// Chooses secondary suppressions one sensitive cell and one direction at a time.
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
/// Cost of suppressing a free cell: (1 + ln(1 + count)) × (1 + number of dimensions it is a total
/// in): many small cells rather than one large one, and inner cells rather than totals, which
/// readers need most.
/// </para>
/// </summary>
internal sealed class ComplementarySuppression : IDisposable
{
    private const double ReusedCellCost = 1e-3;
    private const double Tolerance = 1e-7;

    private readonly LinkedCells _cells;
    private readonly bool[] _fixed;
    private readonly bool[] _suppressed;
    private readonly double[] _cost;
    private readonly Solver _solver;
    private readonly Variable?[] _up;
    private readonly Variable?[] _down;
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
            _cost[v] = (1 + Math.Log(1 + cells.Values[v])) * (1 + cells.TotalDimensions[v]);
            _up[v] = _solver.MakeNumVar(0, double.PositiveInfinity, "");
            _down[v] = _solver.MakeNumVar(0, cells.Values[v], "");
            objective.SetCoefficient(_up[v], CostOf(v));
            objective.SetCoefficient(_down[v], CostOf(v));
        }
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
    /// Makes sure the attacker cannot rule out <c>value + amount</c> (upward) or
    /// <c>value − amount</c> (downward) for the cell. Returns the amount achieved, which is less only
    /// where figures published before pin the cell.
    /// </summary>
    public long Open(int cell, long amount, bool upward, bool reusePatterns = true)
    {
        if (amount <= 0)
            return 0;
        if (_fixed[cell])
            return 0;
        if (reusePatterns && AnyPatternMoves(cell, amount, upward))
            return amount;

        var moving = upward ? _up[cell]! : _down[cell]!;
        var still = upward ? _down[cell]! : _up[cell]!;
        still.SetBounds(0, 0);
        moving.SetBounds(amount, amount);
        var achieved = amount;
        if (Solve() != Solver.ResultStatus.OPTIMAL)
        {
            achieved = MostThatCanMove(moving, amount);
            moving.SetBounds(achieved, achieved);
            if (achieved > 0 && Solve() != Solver.ResultStatus.OPTIMAL)
                throw new InvalidOperationException($"no pattern moves figure {_cells.Keys[cell]} by {achieved} although one was found");
        }
        if (achieved > 0)
            TakePattern();
        _up[cell]!.SetBounds(0, double.PositiveInfinity);
        _down[cell]!.SetBounds(0, _cells.Values[cell]);
        return achieved;
    }

    public void Dispose() => _solver.Dispose();

    private double CostOf(int v) => _suppressed[v] ? ReusedCellCost : _cost[v];

    private Solver.ResultStatus Solve()
    {
        LinearProgramsSolved++;
        return _solver.Solve();
    }

    /// <summary>
    /// A pattern found for an earlier cell, scaled so this cell moves by the amount, still keeps
    /// every count non-negative: then the cells it hides already protect this one.
    /// </summary>
    private bool AnyPatternMoves(int cell, long amount, bool upward)
    {
        foreach (var (cells, change) in _patterns)
        {
            var at = Array.IndexOf(cells, cell);
            if (at < 0)
                continue;
            var scale = (upward ? amount : -amount) / change[at];
            var feasible = true;
            for (var i = 0; i < cells.Length && feasible; i++)
                feasible = _cells.Values[cells[i]] + scale * change[i] >= -Tolerance;
            if (feasible)
                return true;
        }
        return false;
    }

    /// <summary>The largest whole move the cell can make at all, whatever it costs.</summary>
    private long MostThatCanMove(Variable moving, long amount)
    {
        var objective = _solver.Objective();
        objective.Clear();
        objective.SetMaximization();
        objective.SetCoefficient(moving, 1);
        moving.SetBounds(0, amount);
        var most = Solve() == Solver.ResultStatus.OPTIMAL ? (long)Math.Floor(moving.SolutionValue() + Tolerance) : 0;
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

    private void TakePattern()
    {
        var cells = new List<int>();
        var change = new List<double>();
        var objective = _solver.Objective();
        for (var v = 0; v < _cells.Count; v++)
        {
            if (_up[v] is null)
                continue;
            var y = _up[v]!.SolutionValue() - _down[v]!.SolutionValue();
            if (Math.Abs(y) <= Tolerance)
                continue;
            cells.Add(v);
            change.Add(y);
            if (!_suppressed[v])
            {
                _suppressed[v] = true;
                objective.SetCoefficient(_up[v], ReusedCellCost);
                objective.SetCoefficient(_down[v], ReusedCellCost);
            }
        }
        _patterns.Add(([.. cells], [.. change]));
    }
}
