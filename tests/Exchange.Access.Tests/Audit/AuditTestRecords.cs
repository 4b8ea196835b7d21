using Exchange.Access.Audit;

namespace Exchange.Access.Tests.Audit;

internal static class AuditTestRecords
{
    public static readonly DateTimeOffset Start = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A distinct, valid record; the number shows up in the action so entries can be told apart.</summary>
    public static AuditRecord Numbered(int number) => new(
        Start.AddSeconds(number).AddTicks(1234567 % 10_000_000),
        $"client-{number % 3}",
        $"91110000MA0{number % 2}XYZ12",
        "employment-statistics",
        $"h_{number % 5:D2}",
        $"GET /v1/graduates/h_{number % 5:D2}#{number}",
        number % 4 == 0 ? [] : ["name", "destination"],
        number % 4 == 0 ? "deny" : "permit",
        number % 4 == 0 ? "agreement.none" : "agreement.allows");
}
