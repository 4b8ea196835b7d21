using System.Globalization;

namespace Exchange.Benchmarks.Load;

/// <summary>
/// The mixed-load benchmark's command line:
/// <c>load [--minutes N] [--readers N] [--preload N] [--consented N] [--push-rate N] [--batch N]</c>.
/// </summary>
/// <param name="Minutes">How long the mixed load runs.</param>
/// <param name="Readers">Concurrent read connections (subject fetches and audit searches together).</param>
/// <param name="Preload">Graduates pushed before the load, as fast as the hub takes them: the measured ingest capacity.</param>
/// <param name="Consented">How many of them consent to employers reading them: the subjects the fetches ask for.</param>
/// <param name="PushRate">Records per second pushed during the load; null for half the measured capacity.</param>
/// <param name="BatchSize">Records per push request.</param>
internal sealed record LoadArguments(int Minutes, int Readers, int Preload, int Consented, int? PushRate, int BatchSize)
{
    public static LoadArguments Parse(string[] args)
    {
        var minutes = 10;
        var readers = 16;
        var preload = 100_000;
        var consented = 20_000;
        int? pushRate = null;
        var batch = 500;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--minutes": minutes = Positive(args[i], value); break;
                case "--readers": readers = Positive(args[i], value); break;
                case "--preload": preload = Positive(args[i], value); break;
                case "--consented": consented = Positive(args[i], value); break;
                case "--push-rate": pushRate = Positive(args[i], value); break;
                case "--batch": batch = Positive(args[i], value); break;
                default: throw new ArgumentException($"Unknown option {args[i]}; use --minutes, --readers, --preload, --consented, --push-rate, --batch.");
            }
            i++;
        }
        if (readers < 2)
            throw new ArgumentException("--readers must be at least 2: one connection searches, the others fetch.");
        if (preload % Ingest.SyntheticGraduates.ChunkSize != 0)
            throw new ArgumentException($"--preload must be a multiple of {Ingest.SyntheticGraduates.ChunkSize:N0}, so that the records pushed under load are new ones.");
        return new LoadArguments(minutes, readers, preload, Math.Min(consented, preload), pushRate, batch);
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} must be a positive whole number, not '{value}'.");
}
