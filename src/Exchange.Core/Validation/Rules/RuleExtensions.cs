using System.Globalization;
using Exchange.Core.Codes;
using Exchange.Core.Identifiers;
using FluentValidation;
using FluentValidation.Results;

namespace Exchange.Core.Validation.Rules;

/// <summary>The business-rule building blocks shared by the kinds' validators.</summary>
internal static class RuleExtensions
{
    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>Adds a failure carrying the stable code and the Chinese message.</summary>
    public static void Report<T>(this ValidationContext<T> context, string code, string message, string messageZh, string? propertyPath = null) =>
        context.AddFailure(new ValidationFailure(propertyPath ?? context.PropertyPath, message)
        {
            ErrorCode = code,
            CustomState = messageZh,
        });

    /// <summary>Sets the stable code and both messages on a built-in rule.</summary>
    public static IRuleBuilderOptions<T, TProperty> Problem<T, TProperty>(this IRuleBuilderOptions<T, TProperty> rule, string code, string message, string messageZh) =>
        rule.WithErrorCode(code).WithMessage(message).WithState(_ => messageZh);

    /// <summary>
    /// The code must be in the list; a retired code only when the record is dated before its
    /// retirement (<paramref name="asOf"/> gives that date; null accepts only codes in use now).
    /// </summary>
    public static IRuleBuilderOptionsConditions<T, string?> InCodeList<T>(this IRuleBuilder<T, string?> rule, CodeList list, Func<T, DateOnly?>? asOf = null) =>
        rule.Custom((code, context) =>
        {
            if (code is not null)
                CheckCode(context, code, list, asOf?.Invoke(context.InstanceToValidate), context.PropertyPath);
        });

    /// <summary>
    /// Every entry of a list must be in the code list (codes in use now), each problem at its
    /// entry's place. One rule over the list, not a rule per entry: a rule per entry costs every
    /// record a property chain, an enumerator and a path string per entry, found or not.
    /// </summary>
    public static IRuleBuilderOptionsConditions<T, IReadOnlyList<string>> EachInCodeList<T>(this IRuleBuilder<T, IReadOnlyList<string>> rule, CodeList list) =>
        rule.Custom((codes, context) =>
        {
            for (var i = 0; i < codes.Count; i++)
            {
                // The entry's path is made only for a code that fails.
                if (list.Check(codes[i], null) is not (CodeCheck.InUse or CodeCheck.InUseThen))
                    CheckCode(context, codes[i], list, null, F($"{context.PropertyPath}[{i}]"));
            }
        });

    private static void CheckCode<T>(ValidationContext<T> context, string code, CodeList list, DateOnly? day, string path)
    {
        switch (list.Check(code, day))
        {
            case CodeCheck.Unknown:
                context.Report(ProblemCodes.CodeUnknown,
                    F($"'{code}' is not in the code list {list.Name} ({list.Standard})."),
                    F($"代码“{code}”不在代码表 {list.Name}（{list.Standard}）中。"), path);
                break;
            case CodeCheck.Retired:
                var retired = list.Find(code)?.Retired;
                context.Report(ProblemCodes.CodeRetired,
                    day is { } d
                        ? F($"'{code}' was retired from {list.Name} in {retired}, before this record's date {d:yyyy-MM-dd}.")
                        : F($"'{code}' was retired from {list.Name} in {retired}."),
                    day is { } dz
                        ? F($"代码“{code}”已于 {retired} 年从 {list.Name} 中停用，早于本记录日期 {dz:yyyy-MM-dd}。")
                        : F($"代码“{code}”已于 {retired} 年从 {list.Name} 中停用。"), path);
                break;
        }
    }

    /// <summary>An occupation code's major group (its first digit) must be in the major-group list.</summary>
    public static IRuleBuilderOptionsConditions<T, string?> InOccupationClassification<T>(this IRuleBuilder<T, string?> rule, CodeList majorGroups) =>
        rule.Custom((code, context) =>
        {
            if (!string.IsNullOrEmpty(code) && !InMajorGroup(code, majorGroups))
                ReportOccupation(context, code, majorGroups, context.PropertyPath);
        });

    /// <summary>Every entry's major group must be in the major-group list, each problem at its entry's place.</summary>
    public static IRuleBuilderOptionsConditions<T, IReadOnlyList<string>> EachInOccupationClassification<T>(this IRuleBuilder<T, IReadOnlyList<string>> rule, CodeList majorGroups) =>
        rule.Custom((codes, context) =>
        {
            for (var i = 0; i < codes.Count; i++)
            {
                if (!string.IsNullOrEmpty(codes[i]) && !InMajorGroup(codes[i], majorGroups))
                    ReportOccupation(context, codes[i], majorGroups, F($"{context.PropertyPath}[{i}]"));
            }
        });

    private static bool InMajorGroup(string code, CodeList majorGroups) => majorGroups.Check(code[..1], null) != CodeCheck.Unknown;

    private static void ReportOccupation<T>(ValidationContext<T> context, string code, CodeList majorGroups, string path) =>
        context.Report(ProblemCodes.CodeUnknown,
            F($"'{code}' is not in a major group of the {majorGroups.Standard}."),
            F($"职业代码“{code}”不属于《{majorGroups.Standard}》的任何大类。"), path);

    /// <summary>A unified social credit code's check character must match (GB 32100).</summary>
    public static IRuleBuilderOptionsConditions<T, string?> ValidCreditCode<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Custom((code, context) =>
        {
            if (code is null || CreditCode.IsValid(code))
                return;
            context.Report(ProblemCodes.CreditCodeCheckCharacter,
                F($"'{code}' is not a valid unified social credit code: the check character is wrong (GB 32100)."),
                F($"统一社会信用代码“{code}”校验位错误（GB 32100）。"));
        });

    /// <summary>Texts in a list must be short and distinct.</summary>
    public static void ShortDistinctTexts<T>(this AbstractValidator<T> validator, System.Linq.Expressions.Expression<Func<T, IReadOnlyList<string>>> list, int maxLength)
    {
        validator.RuleFor(list).Custom((items, context) =>
        {
            if (items.Count == 0)
                return;
            // Most lists are short and clean: the set and each entry's path are made only when needed.
            var seen = items.Count > 1 ? new HashSet<string>(StringComparer.Ordinal) : null;
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                if (item.Length > maxLength)
                    context.Report(ProblemCodes.TextTooLong,
                        F($"Each entry is limited to {maxLength} characters; this one has {item.Length}."),
                        F($"每项最多 {maxLength} 个字符，此项有 {item.Length} 个。"), F($"{context.PropertyPath}[{i}]"));
                if (seen is not null && !seen.Add(item))
                    context.Report(ProblemCodes.ListDuplicate, F($"'{item}' appears more than once."), F($"“{item}”重复出现。"), F($"{context.PropertyPath}[{i}]"));
            }
        });
    }

    /// <summary>The earlier date must not be after the later one.</summary>
    public static void DatesInOrder<T>(this AbstractValidator<T> validator, Func<T, DateOnly?> earlier, string earlierName, Func<T, DateOnly?> later, string laterName, bool strictlyBefore = false)
    {
        validator.RuleFor(r => r).Custom((record, context) =>
        {
            if (earlier(record) is not { } a || later(record) is not { } b)
                return;
            if (strictlyBefore ? a < b : a <= b)
                return;
            context.Report(ProblemCodes.DatesOutOfOrder,
                strictlyBefore
                    ? F($"{earlierName} ({a:yyyy-MM-dd}) must be before {laterName} ({b:yyyy-MM-dd}).")
                    : F($"{earlierName} ({a:yyyy-MM-dd}) must not be after {laterName} ({b:yyyy-MM-dd})."),
                strictlyBefore
                    ? F($"{earlierName}（{a:yyyy-MM-dd}）必须早于 {laterName}（{b:yyyy-MM-dd}）。")
                    : F($"{earlierName}（{a:yyyy-MM-dd}）不得晚于 {laterName}（{b:yyyy-MM-dd}）。"),
                laterName);
        });
    }
}
