using Exchange.Core.Codes;
using Exchange.Core.Model;
using FluentValidation;

namespace Exchange.Core.Validation.Rules;

internal sealed class VacancyRules : AbstractValidator<VacancyRecord>
{
    public VacancyRules(CodeListCatalog codes)
    {
        RuleFor(r => r.EmployerCreditCode).ValidCreditCode();
        RuleFor(r => r.OccupationCode).InOccupationClassification(codes[CodeListNames.OccupationMajorGroup]);
        RuleFor(r => r.WorkRegion).InCodeList(codes[CodeListNames.AdminDivision], r => r.ValidFrom);
        RuleFor(r => r.MinEducationLevel).InCodeList(codes[CodeListNames.EducationLevel]);
        // As for graduates: a postgraduate post names majors of the degree catalogue, which is not shipped.
        When(r => r.MinEducationLevel?.StartsWith('1') != true, () => RuleForEach(r => r.Majors).InMajorCatalogue(new MajorCatalogue(codes)));
        RuleFor(r => r.ContractType).InCodeList(codes[CodeListNames.ContractType]);
        RuleFor(r => r.AccessibilityFeatures).EachInCodeList(codes[CodeListNames.AccessibilityFeature]);
        RuleFor(r => r.InclusiveHiring).EachInCodeList(codes[CodeListNames.InclusiveHiring]);
        RuleFor(r => r.PhysicalRequirements).EachInCodeList(codes[CodeListNames.JobRequirement]);
        RuleFor(r => r.PayMax).GreaterThanOrEqualTo(r => r.PayMin).When(r => r.PayMin is not null && r.PayMax is not null)
            .Problem(ProblemCodes.PayMinAboveMax, "payMin must not be above payMax.", "月薪下限不得高于月薪上限。");
        this.DatesInOrder(r => r.ValidFrom, "validFrom", r => r.ValidThrough, "validThrough");
        this.ShortDistinctTexts(r => r.Skills, 64);
        this.ShortDistinctTexts(r => r.Majors, 10);
        this.ShortDistinctTexts(r => r.AccessibilityFeatures, 40);
        this.ShortDistinctTexts(r => r.InclusiveHiring, 40);
        this.ShortDistinctTexts(r => r.PhysicalRequirements, 40);
    }
}
