using System.Globalization;
using Exchange.Core.Codes;
using Exchange.Core.Model;
using FluentValidation;

namespace Exchange.Core.Validation.Rules;

internal sealed class PlacementRules : AbstractValidator<PlacementRecord>
{
    public PlacementRules(CodeListCatalog codes)
    {
        var destinations = codes[CodeListNames.Destination];
        this.ValidResidentId(r => r.ResidentId, codes[CodeListNames.AdminDivision]);
        RuleFor(r => r.DestinationCode).InCodeList(destinations, r => r.StartDate);
        RuleFor(r => r.EmployerCreditCode).ValidCreditCode();
        RuleFor(r => r.OccupationCode).InOccupationClassification(codes[CodeListNames.OccupationMajorGroup]);
        RuleFor(r => r.WorkRegion).InCodeList(codes[CodeListNames.AdminDivision], r => r.StartDate);
        RuleFor(r => r.ContractType).InCodeList(codes[CodeListNames.ContractType]);
        RuleForEach(r => r.FollowUps).ChildRules(f => { }).Custom((followUp, context) =>
        {
            if (followUp.CheckedOn < context.InstanceToValidate.StartDate)
                context.Report(ProblemCodes.DatesOutOfOrder, "A follow-up cannot be dated before startDate.", "回访日期不得早于起始日期。",
                    $"{context.PropertyPath}.CheckedOn");
        });

        // Destinations that count as employment on the graduate's word need evidence on file.
        RuleFor(r => r).Custom((placement, context) =>
        {
            var evidence = destinations.Find(placement.DestinationCode)?.Evidence
                ?? (placement.DestinationCode.Length == 3 ? destinations.Find(placement.DestinationCode[..2])?.Evidence : null);
            if (evidence is null)
                return;
            if (placement.MonthlyPay is null)
                context.Report(ProblemCodes.EvidenceMissing,
                    string.Create(CultureInfo.InvariantCulture, $"Destination {placement.DestinationCode} needs monthlyPay as evidence of pay."),
                    string.Create(CultureInfo.InvariantCulture, $"毕业去向 {placement.DestinationCode} 需要填写月收入作为佐证。"), "monthlyPay");
            if (evidence == "pay-and-statement" && !placement.SignedStatement)
                context.Report(ProblemCodes.EvidenceMissing,
                    string.Create(CultureInfo.InvariantCulture, $"Destination {placement.DestinationCode} needs the graduate's signed statement (signedStatement: true)."),
                    string.Create(CultureInfo.InvariantCulture, $"毕业去向 {placement.DestinationCode} 需要毕业生签署的个人声明。"), "signedStatement");
        });
    }
}
