using Exchange.Core.Codes;
using Exchange.Core.Model;
using FluentValidation;

namespace Exchange.Core.Validation.Rules;

internal sealed class CertificationRules : AbstractValidator<CertificationRecord>
{
    private const string Disability = "disability";

    public CertificationRules(CodeListCatalog codes)
    {
        this.ValidResidentId(r => r.ResidentId, codes[CodeListNames.AdminDivision]);
        RuleFor(r => r.CertificationType).InCodeList(codes[CodeListNames.HardshipType]);
        RuleFor(r => r.DisabilityCategory).InCodeList(codes[CodeListNames.DisabilityCategory]);
        RuleFor(r => r.DisabilityGrade).InCodeList(codes[CodeListNames.DisabilityGrade]);
        RuleFor(r => r.IssuerCreditCode).ValidCreditCode();
        RuleFor(r => r.IssuerRegion).InCodeList(codes[CodeListNames.AdminDivision], r => r.ValidFrom);
        RuleFor(r => r.Status).InCodeList(codes[CodeListNames.CertificationStatus]);
        this.DatesInOrder(r => r.ValidFrom, "validFrom", r => r.ValidThrough, "validThrough");

        When(r => r.CertificationType != Disability, () =>
        {
            RuleFor(r => r.DisabilityCategory).Null().Problem(ProblemCodes.DisabilityDetailWithoutDisability,
                "A disability category belongs only on a disability certification.", "只有残疾认定才能填写残疾类别。");
            RuleFor(r => r.DisabilityGrade).Null().Problem(ProblemCodes.DisabilityDetailWithoutDisability,
                "A disability grade belongs only on a disability certification.", "只有残疾认定才能填写残疾等级。");
        });
        When(r => r.CertificationType == Disability, () =>
        {
            RuleFor(r => r.DisabilityCategory).NotNull().Problem(ProblemCodes.DisabilityDetailMissing,
                "A disability certification needs its category (GB/T 26341).", "残疾认定必须填写残疾类别（GB/T 26341）。");
            RuleFor(r => r.DisabilityGrade).NotNull().Problem(ProblemCodes.DisabilityDetailMissing,
                "A disability certification needs its grade, 1 to 4 (GB/T 26341).", "残疾认定必须填写残疾等级（一至四级）。");
        });
    }
}
