using System.Globalization;

namespace Exchange.Benchmarks.Merge;

/// <summary>
/// The merge benchmark's command line: <c>merge [--records N] [--profile-records N] [--keyless]</c>;
/// <c>--keyless</c> makes every twentieth record a keyless alumni-office record of a graduate already
/// seen, which the resolver must find by its fields, instead of a second version.
/// </summary>
internal sealed record MergeArguments(int Records, int ProfileRecords, bool Keyless)
{
    public static MergeArguments Parse(string[] args)
    {
        var records = 100_000;
        var profile = 20_000;
        var keyless = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--keyless")
            {
                keyless = true;
                continue;
            }
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--records": records = Positive(args[i], value); break;
                case "--profile-records": profile = Positive(args[i], value); break;
                default: throw new ArgumentException($"Unknown option {args[i]}; use --records, --profile-records, --keyless.");
            }
            i++;
        }
        return new MergeArguments(records, Math.Min(profile, records), keyless);
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} must be a positive whole number, not '{value}'.");
}
