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
        // Conditions on the rules themselves rather than When blocks, and one rule per list rather than
        // one per entry: both cost every record allocations that a clean record does not need.
        RuleFor(r => r.MajorCode).InMajorCatalogue(new MajorCatalogue(codes)).When(r => !r.EducationLevel.StartsWith('1'));
        RuleFor(r => r.HardshipFlags).EachInCodeList(codes[CodeListNames.HardshipType]);
        this.DatesInOrder(r => r.BirthDate, "birthDate", r => r.EnrolmentDate, "enrolmentDate", strictlyBefore: true);
        this.DatesInOrder(r => r.EnrolmentDate, "enrolmentDate", r => r.GraduationDate, "graduationDate", strictlyBefore: true);
        RuleFor(r => r.Cohort).Equal(r => r.GraduationDate.Year)
            .Problem(ProblemCodes.DatesOutOfOrder, "cohort must be the year of graduationDate.", "毕业届别必须与毕业日期的年份一致。");
        this.ShortDistinctTexts(r => r.Skills, 64);
        this.ShortDistinctTexts(r => r.AccommodationNeeds, 200);
        this.ShortDistinctTexts(r => r.HardshipFlags, 40);
        RuleFor(r => r.Preferences!.Regions).EachInCodeList(regions).When(r => r.Preferences is not null);
        RuleFor(r => r.Preferences!.Occupations).EachInOccupationClassification(codes[CodeListNames.OccupationMajorGroup]).When(r => r.Preferences is not null);
        RuleFor(r => r.Preferences!.ContractTypes).EachInCodeList(codes[CodeListNames.ContractType]).When(r => r.Preferences is not null);
        RuleFor(r => r.Certificates).Custom((certificates, context) =>
        {
            if (certificates.Count == 0)
                return;
            // Today is read for each record: a limit fixed when the hub started would refuse good records days later.
            var latest = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddDays(1));
            for (var i = 0; i < certificates.Count; i++)
            {
                if (certificates[i].ObtainedOn is { } obtained && obtained > latest)
                    context.Report(ProblemCodes.DatesOutOfOrder, "obtainedOn is in the future.", "证书取得日期晚于今天。",
                        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{context.PropertyPath}[{i}].ObtainedOn"));
            }
        });
    }
}
