namespace Exchange.Reporting.Reports;

/// <summary>The languages a report is written in.</summary>
public enum ReportLanguage
{
    /// <summary>Simplified Chinese (zh-CN), the default.</summary>
    Zh,

    /// <summary>English.</summary>
    En,
}

/// <summary>A label or sentence in both report languages.</summary>
public sealed record LocalText(string Zh, string En)
{
    public string In(ReportLanguage language) => language == ReportLanguage.En ? En : Zh;
}
