using System.Text.Json;
using Exchange.Core.Codes;
using Exchange.Hub.Ui.Graduates;
using Exchange.Hub.Tests.Support;
using Exchange.Hub.Ui.Language;

namespace Exchange.Hub.Tests.Ui;

/// <summary>A record's fields as a graduate reads them: every code that has a list is said in words, with the code beside it.</summary>
public sealed class RecordFieldsTests
{
    private static JsonElement FirstSample(string kind)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Samples.RepositoryRoot, "samples", $"{kind}.valid.json")));
        return document.RootElement[0].Clone();
    }

    [Theory]
    [InlineData(UiLanguage.Chinese, "补贴或服务内容 · 补贴类型", "现金补贴 (cash-subsidy)")]
    [InlineData(UiLanguage.English, "Benefit · Type", "cash subsidy (cash-subsidy)")]
    public void A_programmes_benefit_type_was_shown_as_its_bare_code(UiLanguage language, string label, string value)
    {
        var fields = RecordFields.Of("policy", FirstSample("policy"), language, CodeListCatalog.Shipped);

        Assert.Equal(value, Assert.Single(fields, f => f.Label == label).Value);
    }
}
