using Exchange.Core.Codes;
using Exchange.Core.Model;
using FluentValidation;

namespace Exchange.Core.Validation.Rules;

internal sealed class PolicyRules : AbstractValidator<PolicyRecord>
{
    public PolicyRules(CodeListCatalog codes)
    {
        RuleFor(r => r.IssuerCreditCode).ValidCreditCode();
        RuleFor(r => r.Region).InCodeList(codes[CodeListNames.AdminDivision], r => r.ValidFrom);
        RuleFor(r => r.Eligibility.CertificationTypes).EachInCodeList(codes[CodeListNames.HardshipType]);
        RuleFor(r => r.Eligibility.EducationLevels).EachInCodeList(codes[CodeListNames.EducationLevel]);
        RuleFor(r => r.Benefit.Type).InCodeList(codes[CodeListNames.BenefitType]);
        RuleForEach(r => r.Eligibility.Cohorts).InclusiveBetween(1980, 2100)
            .Problem(ProblemCodes.SchemaRange, "A cohort is a graduation year from 1980 to 2100.", "届别为 1980 至 2100 年之间的毕业年份。");
        this.DatesInOrder(r => r.ValidFrom, "validFrom", r => r.ValidThrough, "validThrough");
        this.ShortDistinctTexts(r => r.Eligibility.CertificationTypes, 40);
        this.ShortDistinctTexts(r => r.Eligibility.EducationLevels, 2);
    }
}
