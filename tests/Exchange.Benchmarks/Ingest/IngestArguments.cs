using System.Globalization;

namespace Exchange.Benchmarks.Ingest;

/// <summary>
/// The ingest benchmark's command line: <c>ingest [--records N] [--batch N] [--senders N] [--hint-records N] [--merge on|off] [--warm-up N]</c>.
/// The hub merges alongside the door, as it runs by default, unless <c>--merge off</c>. With
/// <c>--warm-up N</c> each hub first takes N other records, not measured, so that the figures are
/// those of a hub whose code the runtime has finished compiling.
/// </summary>
internal sealed record IngestArguments(int Records, int BatchSize, int Senders, int HintRecords, bool Merging, int WarmUpRecords)
{
    public static IngestArguments Parse(string[] args)
    {
        var records = 1_000_000;
        var batch = 5_000;
        var senders = 2;
        var hints = 100_000;
        var merging = true;
        var warmUp = 0;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--records": records = Positive(args[i], value); break;
                case "--batch": batch = Positive(args[i], value); break;
                case "--senders": senders = Positive(args[i], value); break;
                case "--hint-records": hints = Positive(args[i], value); break;
                case "--merge": merging = OnOrOff(args[i], value); break;
                case "--warm-up": warmUp = NotNegative(args[i], value); break;
                default: throw new ArgumentException($"Unknown option {args[i]}; use --records, --batch, --senders, --hint-records, --merge, --warm-up.");
            }
            i++;
        }
        return new IngestArguments(records, batch, senders, Math.Min(hints, records), merging, warmUp);
    }

    private static bool OnOrOff(string name, string value) => value switch
    {
        "on" => true,
        "off" => false,
        _ => throw new ArgumentException($"{name} takes on or off, not '{value}'."),
    };

    private static int NotNegative(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new ArgumentException($"{name} must be a whole number, 0 or more, not '{value}'.");

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} must be a positive whole number, not '{value}'.");
}
