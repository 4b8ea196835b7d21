using System.Globalization;

namespace Exchange.Benchmarks.Ingest;

/// <summary>The ingest benchmark's command line: <c>ingest [--records N] [--batch N] [--senders N] [--hint-records N]</c>.</summary>
internal sealed record IngestArguments(int Records, int BatchSize, int Senders, int HintRecords)
{
    public static IngestArguments Parse(string[] args)
    {
        var records = 1_000_000;
        var batch = 5_000;
        var senders = 2;
        var hints = 100_000;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--records": records = Positive(args[i], value); break;
                case "--batch": batch = Positive(args[i], value); break;
                case "--senders": senders = Positive(args[i], value); break;
                case "--hint-records": hints = Positive(args[i], value); break;
                default: throw new ArgumentException($"Unknown option {args[i]}; use --records, --batch, --senders, --hint-records.");
            }
            i++;
        }
        return new IngestArguments(records, batch, senders, Math.Min(hints, records));
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} must be a positive whole number, not '{value}'.");
}
