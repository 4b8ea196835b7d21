using System.Globalization;
using System.Linq.Expressions;
using Exchange.Core.Codes;
using Exchange.Core.Identifiers;
using FluentValidation;

namespace Exchange.Core.Validation.Rules;

/// <summary>
/// GB 11643: the check character (ISO 7064 MOD 11-2), a real embedded birth date that matches
/// the record's, an embedded region code that the administrative-division list held on that
/// date, and a sequence whose parity matches the record's sex.
/// </summary>
internal static class ResidentIdRule
{
    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    public static void ValidResidentId<T>(this AbstractValidator<T> validator, Expression<Func<T, string?>> residentId, CodeList regions,
        Func<T, DateOnly?>? birthDate = null, Func<T, string?>? sex = null)
    {
        validator.RuleFor(residentId).Custom((raw, context) =>
        {
            if (raw is null)
                return;
            var parsed = ResidentId.Parse(raw);
            if (ResidentIdProblems.Of(parsed.Error, "") is { } problem)
            {
                context.Report(problem.Code, problem.Message, problem.MessageZh);
                return;
            }

            var id = parsed.Id!.Value;
            // The clear id never appears in a message: these go into logs and dead-letter topics.
            if (regions.Check(id.Region, id.BirthDate) is CodeCheck.Unknown or CodeCheck.Retired)
                context.Report(ProblemCodes.ResidentIdRegionUnknown,
                    F($"The region code inside the resident id ({id.Region}) was not an administrative division on its birth date."),
                    F($"公民身份号码中的行政区划代码（{id.Region}）在出生日期时不是有效的行政区划。"));

            if (birthDate?.Invoke(context.InstanceToValidate) is { } recorded && recorded != id.BirthDate)
                context.Report(ProblemCodes.ResidentIdBirthDateMismatch,
                    F($"The resident id says the person was born on another day than birthDate ({recorded:yyyy-MM-dd})."),
                    F($"公民身份号码中的出生日期与出生日期字段（{recorded:yyyy-MM-dd}）不一致。"));

            if (sex?.Invoke(context.InstanceToValidate) is "1" or "2" && sex(context.InstanceToValidate) != id.SexCode)
                context.Report(ProblemCodes.ResidentIdSexMismatch,
                    "The resident id's sequence number implies the other sex than the sex field.",
                    "公民身份号码顺序码所示性别与性别字段不一致。");
        });
    }
}
