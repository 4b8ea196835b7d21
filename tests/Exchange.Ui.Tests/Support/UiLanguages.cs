namespace Exchange.Ui.Tests.Support;

/// <summary>The pages' two languages, as the tests name them: the <c>lang</c> the pages carry.</summary>
public static class PageLanguages
{
    public const string Chinese = "zh-CN";
    public const string English = "en";

    public static TheoryData<string> Both => new() { Chinese, English };
}
