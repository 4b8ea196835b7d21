using Google.OrTools.LinearSolver;

namespace Exchange.Reporting.Disclosure;

/// <summary>
/// How the disclosure checks solve their linear programs. A report solves hundreds of them, most on
/// one model that differs from the last only in one row or the objective; GLOP's presolve
/// rebuilt a reduced problem before every one of them, and that was about 40 % of a report's time on
/// a few thousand graduates (a profile of the reporting tests). The problems are small and sparse
/// enough that the simplex does without it.
/// </summary>
internal static class GlopSolving
{
    public static Solver.ResultStatus SolveWithoutPresolve(this Solver solver)
    {
        using var parameters = new MPSolverParameters();
        parameters.SetIntegerParam(MPSolverParameters.IntegerParam.PRESOLVE, (int)MPSolverParameters.PresolveValues.PRESOLVE_OFF);
        return solver.Solve(parameters);
    }
}
