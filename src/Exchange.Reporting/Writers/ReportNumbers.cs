using System.Globalization;
using Exchange.Reporting.Reports;

namespace Exchange.Reporting.Writers;

/// <summary>How every writer rounds and names values, so that the three formats agree.</summary>
internal static class ReportNumbers
{
    /// <summary>Decimal places kept for a unit: shares keep four (a tenth of a percentage point and more), counts none.</summary>
    public static int Decimals(MeasureUnit unit) => unit switch
    {
        MeasureUnit.Count => 0,
        MeasureUnit.Share => 4,
        _ => 2,
    };

    public static double Round(double value, MeasureUnit unit) =>
        Math.Round(value, Decimals(unit), MidpointRounding.AwayFromZero);

    /// <summary>The value as a plain invariant number with the unit's fixed decimals, e.g. <c>0.1250</c> or <c>12</c>.</summary>
    public static string Invariant(double value, MeasureUnit unit) =>
        Round(value, unit).ToString("F" + Decimals(unit).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>The machine-readable status, the same in every language.</summary>
    public static string StatusCode(ValueStatus status) => status switch
    {
        ValueStatus.Shown => "shown",
        ValueStatus.Suppressed => "suppressed",
        ValueStatus.NotApplicable => "not-applicable",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static CultureInfo Culture(ReportLanguage language) =>
        CultureInfo.GetCultureInfo(language == ReportLanguage.En ? "en" : "zh-CN");

    public static string LanguageTag(ReportLanguage language) => language == ReportLanguage.En ? "en" : "zh-CN";

    /// <summary>The unit's name as the JSON and CSV files give it.</summary>
    public static string UnitCode(MeasureUnit unit) => unit switch
    {
        MeasureUnit.Count => "count",
        MeasureUnit.Share => "share",
        MeasureUnit.Days => "days",
        MeasureUnit.Score => "score",
        MeasureUnit.Ratio => "ratio",
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, null),
    };
}
