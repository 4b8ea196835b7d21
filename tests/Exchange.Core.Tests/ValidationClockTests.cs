using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Core.Model;
using Exchange.Core.Validation;
using Microsoft.Extensions.Time.Testing;

namespace Exchange.Core.Tests;

/// <summary>Rules that compare with today ask the clock each time, not once when the hub started.</summary>
public sealed class ValidationClockTests(ValidatorFixture fixture) : IClassFixture<ValidatorFixture>
{
    [Fact]
    public void Certificate_dates_were_judged_against_the_day_the_validator_was_built()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 10, 8, 0, 0, TimeSpan.Zero));
        var validator = new RecordValidator(fixture.Schemas, fixture.Codes, clock);
        var graduate = JsonNode.Parse(File.ReadAllText(Repository.PathOf("samples", "graduate.valid.json")))!.AsArray()[0]!.AsObject();
        graduate["certificates"] = new JsonArray(new JsonObject { ["name"] = "全国大学英语六级", ["obtainedOn"] = "2026-03-01" });
        var record = JsonSerializer.SerializeToUtf8Bytes(graduate);

        var early = validator.Validate(RecordKind.Graduate, record);
        Assert.Contains(early.Problems, p => p.Pointer == "/certificates/0/obtainedOn" && p.Code == ProblemCodes.DatesOutOfOrder);

        // A hub that has run since January: in March the certificate is no longer in the future.
        clock.Advance(TimeSpan.FromDays(60));
        var later = validator.Validate(RecordKind.Graduate, record);
        Assert.DoesNotContain(later.Problems, p => p.Pointer == "/certificates/0/obtainedOn");
    }
}
