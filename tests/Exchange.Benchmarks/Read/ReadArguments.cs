using System.Globalization;

namespace Exchange.Benchmarks.Read;

/// <summary>
/// The read benchmark's command line:
/// <c>read [--graduates N] [--vacancies N] [--clients N] [--seconds N] [--consent-percent N]</c>.
/// </summary>
/// <param name="Graduates">Graduates loaded into the index.</param>
/// <param name="Vacancies">Open jobs loaded into the index.</param>
/// <param name="Clients">Concurrent HTTP clients (and concurrent plain queries for the floor).</param>
/// <param name="Seconds">How long each query is measured through HTTP; the plain-SQL floor runs a quarter of it.</param>
/// <param name="ConsentPercent">The share of graduates who consent to matchers reading them.</param>
internal sealed record ReadArguments(int Graduates, int Vacancies, int Clients, int Seconds, int ConsentPercent)
{
    public static ReadArguments Parse(string[] args)
    {
        var graduates = 1_000_000;
        var vacancies = 200_000;
        var clients = 16;
        var seconds = 60;
        var consent = 30;
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--graduates": graduates = Positive(args[i], value); break;
                case "--vacancies": vacancies = Positive(args[i], value); break;
                case "--clients": clients = Positive(args[i], value); break;
                case "--seconds": seconds = Positive(args[i], value); break;
                case "--consent-percent": consent = Positive(args[i], value); break;
                default: throw new ArgumentException($"Unknown option {args[i]}; use --graduates, --vacancies, --clients, --seconds, --consent-percent.");
            }
        }
        if (consent > 100)
            throw new ArgumentException($"--consent-percent must be at most 100, not {consent}.");
        if (seconds < 4)
            throw new ArgumentException("--seconds must be at least 4: the plain-SQL floor runs a quarter of it.");
        return new ReadArguments(graduates, vacancies, clients, seconds, consent);
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} must be a positive whole number, not '{value}'.");
}
