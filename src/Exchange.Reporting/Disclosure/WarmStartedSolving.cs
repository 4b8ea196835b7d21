using Google.OrTools.LinearSolver;

namespace Exchange.Reporting.Disclosure;

/// <summary>
/// How the disclosure checks solve their linear programs: one model is solved again and again with
/// only its objective or one row changed, and GLOP then starts from the basis it last found — but
/// only without its presolve, which rebuilds a reduced problem every time and starts from nothing.
/// With presolve, the presolve itself was most of the time of a report on a few thousand graduates.
/// </summary>
internal static class WarmStartedSolving
{
    public static Solver.ResultStatus SolveWarm(this Solver solver)
    {
        using var parameters = new MPSolverParameters();
        parameters.SetIntegerParam(MPSolverParameters.IntegerParam.PRESOLVE, (int)MPSolverParameters.PresolveValues.PRESOLVE_OFF);
        return solver.Solve(parameters);
    }
}
