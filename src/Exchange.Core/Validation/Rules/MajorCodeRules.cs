using Exchange.Core.Codes;
using FluentValidation;

namespace Exchange.Core.Validation.Rules;

/// <summary>The rule that checks a major code against the national major catalogues.</summary>
internal static class MajorCodeRules
{
    /// <summary>A major code must be one the catalogue of its family has, or may have through a later addition.</summary>
    public static IRuleBuilderOptionsConditions<T, string?> InMajorCatalogue<T>(this IRuleBuilder<T, string?> rule, MajorCatalogue catalogue) =>
        rule.Custom((code, context) =>
        {
            if (string.IsNullOrEmpty(code) || catalogue.Check(code) != MajorCheck.Unknown)
                return;
            var list = catalogue.ListFor(code);
            context.Report(ProblemCodes.MajorUnknown,
                list is null
                    ? $"'{code}' is not a major code of the national catalogues: no catalogue has codes beginning with {code[..1]}."
                    : $"'{code}' is not in the {list.Standard}, edition {list.Version}.",
                list is null
                    ? $"专业代码“{code}”不属于任何国家专业目录：没有以 {code[..1]} 开头的专业代码。"
                    : $"专业代码“{code}”不在《{list.Standard}》（{list.Version} 年版）中。");
        });
}
