using Exchange.Core.Codes;
using Exchange.Core.Model;
using FluentValidation;

namespace Exchange.Core.Validation.Rules;

internal sealed class GraduateRules : AbstractValidator<GraduateRecord>
{
    public GraduateRules(CodeListCatalog codes, TimeProvider clock)
    {
        var regions = codes[CodeListNames.AdminDivision];
        this.ValidResidentId(r => r.ResidentId, regions, r => r.BirthDate, r => r.Sex);
        RuleFor(r => r.Sex).InCodeList(codes[CodeListNames.Sex]);
        // Origin (生源地) is fixed at enrolment, so a code retired since then still stands.
        RuleFor(r => r.OriginRegion).InCodeList(regions, r => r.EnrolmentDate);
        RuleFor(r => r.EducationLevel).InCodeList(codes[CodeListNames.EducationLevel]);
        // Postgraduate majors come from the degree catalogue (学位授予和人才培养学科目录), which
        // shares its leading digits with the undergraduate one and is not shipped.
        When(r => !r.EducationLevel.StartsWith('1'), () => RuleFor(r => r.MajorCode).InMajorCatalogue(new MajorCatalogue(codes)));
        RuleForEach(r => r.HardshipFlags).InCodeList(codes[CodeListNames.HardshipType]);
        this.DatesInOrder(r => r.BirthDate, "birthDate", r => r.EnrolmentDate, "enrolmentDate", strictlyBefore: true);
        this.DatesInOrder(r => r.EnrolmentDate, "enrolmentDate", r => r.GraduationDate, "graduationDate", strictlyBefore: true);
        RuleFor(r => r.Cohort).Equal(r => r.GraduationDate.Year)
            .Problem(ProblemCodes.DatesOutOfOrder, "cohort must be the year of graduationDate.", "毕业届别必须与毕业日期的年份一致。");
        this.ShortDistinctTexts(r => r.Skills, 64);
        this.ShortDistinctTexts(r => r.AccommodationNeeds, 200);
        this.ShortDistinctTexts(r => r.HardshipFlags, 40);
        When(r => r.Preferences is not null, () =>
        {
            RuleForEach(r => r.Preferences!.Regions).InCodeList(regions);
            RuleForEach(r => r.Preferences!.Occupations).InOccupationClassification(codes[CodeListNames.OccupationMajorGroup]);
            RuleForEach(r => r.Preferences!.ContractTypes).InCodeList(codes[CodeListNames.ContractType]);
        });
        RuleForEach(r => r.Certificates).ChildRules(c =>
            // Today is read for each record: a limit fixed when the hub started would refuse good records days later.
            c.RuleFor(x => x.ObtainedOn).Must(obtained => obtained is not { } date || date <= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddDays(1)))
                .Problem(ProblemCodes.DatesOutOfOrder, "obtainedOn is in the future.", "证书取得日期晚于今天。"));
    }
}
