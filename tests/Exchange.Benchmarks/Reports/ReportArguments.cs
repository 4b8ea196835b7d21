using System.Globalization;

namespace Exchange.Benchmarks.Reports;

/// <summary>The report benchmark's command line: <c>reports [--graduates N] [--rounds N] [--region CODE]</c>.</summary>
internal sealed record ReportArguments(int Graduates, int Rounds, string? Region)
{
    public static ReportArguments Parse(string[] args)
    {
        var graduates = 1_000_000;
        var rounds = 3;
        string? region = null;
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--graduates": graduates = Positive(args[i], value); break;
                case "--rounds": rounds = Positive(args[i], value); break;
                case "--region": region = value; break;
                default: throw new ArgumentException($"Unknown option {args[i]}; use --graduates, --rounds, --region.");
            }
        }
        return new ReportArguments(graduates, rounds, region);
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} must be a positive whole number, not '{value}'.");
}
