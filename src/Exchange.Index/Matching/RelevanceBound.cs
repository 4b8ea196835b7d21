using Exchange.Core.Model;
using static Exchange.Index.Matching.MatchReasons;

namespace Exchange.Index.Matching;

/// <summary>
/// What retrieval orders by when more graduates or vacancies pass the prefilter than it may hand
/// the scorer: the qualification points <see cref="MatchScorer"/> would give (skills overlap,
/// education, major exact, class or open, preferred region, pay, contract, occupation), computed in
/// SQL from the typed profiles (Index migrations 0007 and 0010). Accessibility and inclusive hiring
/// are left out: they read disability and hardship, which retrieval never reads, and they only ever
/// add points, so a graduate's score is at most the bound plus 18. Equal bounds at the cap are
/// ordered by a hash of the row's id seeded by the other side of the match, so that each vacancy
/// (each graduate) cuts its ties differently, and the same way on every call.
/// </summary>
internal static class RelevanceBound
{
    // A graduate (p, graduate_profile) against the vacancy in the parameters.
    private const string GraduatePrefilter = """
        p.subject_key is not null
        and left(p.education_level, 1) <= @MinimumLevel
        and (cardinality(p.preferred_regions) = 0 or exists (select 1 from unnest(p.preferred_regions) r where left(r, 2) = @Province))
        """;

    // The job's first five skills are compared inline, the rest (rare: five shared skills already
    // give the most points) in a subquery; the preference subqueries run only for a graduate who
    // stated preferences. A subquery per row tripled the time of a tier of 300,000 graduates.
    private const string GraduateBound = """
        (least(@MaxSkillPoints, @PointsPerSkill * (
              case when (@Skills::text[])[1] = any(p.skills_folded) then 1 else 0 end
            + case when (@Skills::text[])[2] = any(p.skills_folded) then 1 else 0 end
            + case when (@Skills::text[])[3] = any(p.skills_folded) then 1 else 0 end
            + case when (@Skills::text[])[4] = any(p.skills_folded) then 1 else 0 end
            + case when (@Skills::text[])[5] = any(p.skills_folded) then 1 else 0 end
            + case when cardinality(@Skills::text[]) > 5
                   then (select count(*) from unnest((@Skills::text[])[6:]) s where s = any(p.skills_folded)) else 0 end))
         + @EducationPoints
         + case when cardinality(@Majors::text[]) = 0 then @MajorOpenPoints
                when left(p.major_code, 6) = any(@Majors) then @MajorExactPoints
                when p.major_group = any(@Groups) then @MajorGroupPoints else 0 end
         + case when cardinality(p.preferred_regions) = 0 then 0
                else coalesce((select max(case when r = @WorkRegion then @RegionExactPoints
                                               when r like '__0000' and left(r, 2) = left(@WorkRegion, 2) then @RegionProvincePoints
                                               when r like '____00' and r not like '__0000' and left(r, 4) = left(@WorkRegion, 4) then @RegionPrefecturePoints
                                               else 0 end)
                               from unnest(p.preferred_regions) r where length(r) = 6), 0) end
         + case when p.min_monthly_pay <= @OfferedPay then @PayPoints else 0 end
         + case when @ContractType = any(p.preferred_contract_types) then @ContractPoints else 0 end
         + case when cardinality(p.preferred_occupations) > 0
                 and exists (select 1 from unnest(p.preferred_occupations) o where @Occupation = o or starts_with(@Occupation, o || '-'))
                then @OccupationPoints else 0 end)
        """;

    private const string SharesSkillOrClass = "(p.skills_folded && @Skills or p.major_group = any(@Groups))";

    private const string SharesNeither = "not (p.skills_folded && @Skills) and (p.major_group is null or p.major_group <> all(@Groups))";

    /// <summary>
    /// The subjects a vacancy's candidates are drawn from, best bound first, at most @Cap, in three
    /// tiers so that the common case reads few rows: those sharing a skill or major class with the job
    /// (GIN and b-tree probes); then, only when the first tier holds fewer than @Cap above what the
    /// second can reach, those preferring a region that covers the work region (GIN); then, on the
    /// same condition, everyone else who passes the prefilter.
    /// </summary>
    public const string CandidateSubjects = $$"""
        with relevant as materialized (
          select p.subject_id, p.subject_key, {{GraduateBound}} as bound, hashtextextended(@TieSeed, p.subject_id) as tie
          from graduate_profile p
          where {{SharesSkillOrClass}} and {{GraduatePrefilter}}
          order by bound desc, tie
          limit @Cap),
        nearby as materialized (
          select p.subject_id, p.subject_key, {{GraduateBound}} as bound, hashtextextended(@TieSeed, p.subject_id) as tie
          from graduate_profile p
          where p.preferred_regions && @CoveringRegions and {{SharesNeither}} and {{GraduatePrefilter}}
            and (select count(*) from relevant where bound > @NearbyMax) < @Cap
          order by bound desc, tie
          limit @Cap),
        rest as materialized (
          select p.subject_id, p.subject_key, {{GraduateBound}} as bound, hashtextextended(@TieSeed, p.subject_id) as tie
          from graduate_profile p
          where not (p.preferred_regions && @CoveringRegions) and {{SharesNeither}} and {{GraduatePrefilter}}
            and (select count(*) from (select bound from relevant union all select bound from nearby) b where b.bound > @RestMax) < @Cap
          order by bound desc, tie
          limit @Cap)
        select subject_id, subject_key, bound, tie
        from (select * from relevant union all select * from nearby union all select * from rest) t
        order by bound desc, tie
        limit @Cap
        """;

    // A job (v, vacancy_profile) against the graduate in the parameters.
    private const string VacancyPrefilter = """
        v.valid_from <= @Day::date and v.valid_through >= @Day::date
        and (cardinality(@Provinces::text[]) = 0 or left(v.work_region, 2) = any(@Provinces))
        and (v.min_education_level is null or left(v.min_education_level, 1) >= @Level)
        """;

    // The subqueries run only for a job that shares a skill or the major class with the graduate.
    private const string VacancyBound = """
        (case when v.skills_folded && @Skills::text[]
              then least(@MaxSkillPoints, @PointsPerSkill * (select count(*) from unnest(v.skills) s where fold_text(s) = any(@Skills::text[])))
              else 0 end
         + @EducationPoints
         + case when cardinality(v.majors) = 0 then @MajorOpenPoints
                when not (v.major_groups && @Groups::text[]) then 0
                when exists (select 1 from unnest(v.majors) m where left(m, 6) = @Major) then @MajorExactPoints
                else @MajorGroupPoints end
         + case when v.work_region = any(@ExactRegions::text[]) then @RegionExactPoints
                when length(v.work_region) = 6 and left(v.work_region, 4) = any(@PrefectureRegions::text[]) then @RegionPrefecturePoints
                when length(v.work_region) = 6 and left(v.work_region, 2) = any(@ProvinceRegions::text[]) then @RegionProvincePoints else 0 end
         + case when coalesce(v.pay_max, v.pay_min) >= @MinMonthlyPay then @PayPoints else 0 end
         + case when v.contract_type = any(@ContractTypes::text[]) then @ContractPoints else 0 end
         + case when cardinality(@Occupations::text[]) > 0
                 and exists (select 1 from unnest(@Occupations::text[]) o where v.occupation_code = o or starts_with(v.occupation_code, o || '-'))
                then @OccupationPoints else 0 end)
        """;

    /// <summary>
    /// The jobs a graduate's vacancies are drawn from, best bound first, at most @Cap: those sharing
    /// a skill or the major class (GIN probes); then, only when those hold fewer than @Cap above what
    /// the rest can reach, every other job open on the day that passes the prefilter.
    /// </summary>
    public const string VacancyJobs = $$"""
        with relevant as materialized (
          select v.job_id, {{VacancyBound}} as bound, hashtextextended(@TieSeed, v.job_id) as tie
          from vacancy_profile v
          where (v.skills_folded && @Skills or v.major_groups && @Groups) and {{VacancyPrefilter}}
          order by bound desc, tie
          limit @Cap),
        rest as materialized (
          select v.job_id, {{VacancyBound}} as bound, hashtextextended(@TieSeed, v.job_id) as tie
          from vacancy_profile v
          where not (v.skills_folded && @Skills) and not (v.major_groups && @Groups) and {{VacancyPrefilter}}
            and (select count(*) from relevant where bound > @RestMax) < @Cap
          order by bound desc, tie
          limit @Cap)
        select job_id, bound, tie
        from (select * from relevant union all select * from rest) t
        order by bound desc, tie
        limit @Cap
        """;

    /// <summary>The parameters of <see cref="CandidateSubjects"/> for a vacancy.</summary>
    public static object ForVacancy(VacancyRecord vacancy, int cap)
    {
        var work = vacancy.WorkRegion.Length == 6 ? vacancy.WorkRegion : null;
        var offered = vacancy.PayMax ?? vacancy.PayMin;
        // Outside the first tier a graduate shares no major class, so no major points unless the job is open to every major.
        var rest = EducationPoints + (vacancy.Majors.Count == 0 ? MajorOpenPoints : 0) + (offered is null ? 0 : PayPoints) + ContractPoints + OccupationPoints;
        return new
        {
            MinimumLevel = vacancy.MinEducationLevel is { Length: > 0 } level ? level[..1] : "9",
            Province = vacancy.WorkRegion.Length >= 2 ? vacancy.WorkRegion[..2] : vacancy.WorkRegion,
            Skills = vacancy.Skills.Select(Fold).ToArray(),
            Majors = vacancy.Majors.Select(m => m.Length >= 6 ? m[..6] : m).ToArray(),
            Groups = vacancy.Majors.Select(MatchScorer.MajorGroup).Distinct(StringComparer.Ordinal).ToArray(),
            WorkRegion = work,
            CoveringRegions = work is null ? [] : new[] { work, work[..4] + "00", work[..2] + "0000" }.Distinct(StringComparer.Ordinal).ToArray(),
            OfferedPay = offered,
            vacancy.ContractType,
            Occupation = vacancy.OccupationCode,
            TieSeed = vacancy.EmployerCreditCode + "/" + vacancy.RecordId,
            NearbyMax = rest + (work is null ? 0 : RegionExactPoints),
            RestMax = rest,
            Cap = cap,
            MaxSkillPoints, PointsPerSkill, EducationPoints, MajorOpenPoints, MajorExactPoints, MajorGroupPoints,
            RegionExactPoints, RegionPrefecturePoints, RegionProvincePoints, PayPoints, ContractPoints, OccupationPoints,
        };
    }

    /// <summary>The parameters of <see cref="VacancyJobs"/> for a graduate on a day (ISO text).</summary>
    public static object ForGraduate(GraduateRecord graduate, string day, int cap)
    {
        var preferences = graduate.Preferences;
        var regions = (preferences?.Regions ?? []).Where(r => r.Length == 6).ToList();
        var exact = regions.ToArray();
        var prefectures = regions.Where(r => RegionCodes.SignificantDigits(r) == 4).Select(r => r[..4]).ToArray();
        var provinces = regions.Where(r => RegionCodes.SignificantDigits(r) == 2).Select(r => r[..2]).ToArray();
        var contracts = preferences?.ContractTypes.ToArray() ?? [];
        var occupations = preferences?.Occupations.ToArray() ?? [];
        var minPay = preferences?.MinMonthlyPay;
        var region = exact.Length > 0 ? RegionExactPoints : 0;
        var rest = EducationPoints + MajorOpenPoints + region + (minPay is null ? 0 : PayPoints) + (contracts.Length > 0 ? ContractPoints : 0)
            + (occupations.Length > 0 ? OccupationPoints : 0);
        return new
        {
            Day = day,
            Provinces = (preferences?.Regions ?? []).Where(r => r.Length >= 2).Select(r => r[..2]).Distinct(StringComparer.Ordinal).ToArray(),
            Level = graduate.EducationLevel.Length > 0 ? graduate.EducationLevel[..1] : "0",
            Skills = graduate.Skills.Select(Fold).Distinct(StringComparer.Ordinal).ToArray(),
            Major = graduate.MajorCode.Length >= 6 ? graduate.MajorCode[..6] : graduate.MajorCode,
            Groups = new[] { MatchScorer.MajorGroup(graduate.MajorCode) },
            ExactRegions = exact,
            PrefectureRegions = prefectures,
            ProvinceRegions = provinces,
            MinMonthlyPay = minPay,
            ContractTypes = contracts,
            Occupations = occupations,
            TieSeed = graduate.InstitutionCode + "/" + graduate.RecordId,
            RestMax = rest,
            Cap = cap,
            MaxSkillPoints, PointsPerSkill, EducationPoints, MajorOpenPoints, MajorExactPoints, MajorGroupPoints,
            RegionExactPoints, RegionPrefecturePoints, RegionProvincePoints, PayPoints, ContractPoints, OccupationPoints,
        };
    }

    /// <summary>A skill as fold_text (migration 0010) folds it: trimmed, ASCII letters lower-cased.</summary>
    public static string Fold(string skill)
    {
        ArgumentNullException.ThrowIfNull(skill);
        return string.Create(skill.Trim().Length, skill.Trim(), static (span, trimmed) =>
        {
            for (var i = 0; i < trimmed.Length; i++)
                span[i] = trimmed[i] is >= 'A' and <= 'Z' ? (char)(trimmed[i] + 32) : trimmed[i];
        });
    }
}
