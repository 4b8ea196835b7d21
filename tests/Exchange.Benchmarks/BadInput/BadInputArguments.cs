using System.Globalization;

namespace Exchange.Benchmarks.BadInput;

/// <summary>
/// The bad-input benchmark's command line:
/// <c>badinput [--rounds N] [--warm-up N] [--every N] [--hub-env NAME=VALUE]...</c>.
/// <c>--hub-env</c> sets a runtime variable of the hub process (<c>DOTNET_gcServer=1</c>,
/// <c>DOTNET_GCHeapHardLimit=0x10000000</c>), so that a hypothesis about its memory can be tried
/// without rebuilding it.
/// </summary>
internal sealed record BadInputArguments(int Rounds, int WarmUp, int Every, IReadOnlyDictionary<string, string> HubEnvironment)
{
    public static BadInputArguments Parse(string[] args)
    {
        var rounds = 100;
        var warmUp = 20;
        var every = 10;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--rounds": rounds = Positive(args[i], value); break;
                case "--warm-up": warmUp = Positive(args[i], value); break;
                case "--every": every = Positive(args[i], value); break;
                case "--hub-env":
                    var equals = value.IndexOf('=', StringComparison.Ordinal);
                    if (equals <= 0)
                        throw new ArgumentException($"--hub-env takes NAME=VALUE, not '{value}'.");
                    environment[value[..equals]] = value[(equals + 1)..];
                    break;
                default: throw new ArgumentException($"Unknown option {args[i]}; use --rounds, --warm-up, --every, --hub-env.");
            }
            i++;
        }
        if (warmUp >= rounds)
            throw new ArgumentException($"--warm-up ({warmUp}) must be fewer than --rounds ({rounds}): growth is measured after it.");
        return new BadInputArguments(rounds, warmUp, every, environment);
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} must be a positive whole number, not '{value}'.");
}
