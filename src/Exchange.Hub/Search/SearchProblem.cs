namespace Exchange.Hub.Search;

/// <summary>One problem with a search request, in English and Chinese; <c>parameter</c> names the query parameter at fault.</summary>
public sealed record SearchProblem(string Code, string Parameter, string Message, string MessageZh)
{
    /// <summary>A parameter whose value is not one it takes.</summary>
    public const string InvalidParameter = "search.invalid-parameter";

    /// <summary>A parameter the search does not know.</summary>
    public const string UnknownParameter = "search.unknown-parameter";

    /// <summary>A policy the index does not hold.</summary>
    public const string UnknownPolicy = "search.policy-unknown";

    public static SearchProblem Invalid(string parameter, string value, string expected, string expectedZh) => new(InvalidParameter, parameter,
        $"The search parameter {parameter} '{value}' is not valid: give {expected}.", $"检索参数 {parameter} 的值“{value}”无效：应为{expectedZh}。");

    public static SearchProblem Repeated(string parameter, int times) => new(InvalidParameter, parameter,
        $"The search parameter {parameter} is given {times} times; give it once (a list is comma-separated).",
        $"检索参数 {parameter} 出现了 {times} 次；只能给出一次（多个值以逗号分隔）。");

    public static SearchProblem Unknown(string parameter, string known) => new(UnknownParameter, parameter,
        $"{parameter} is not a parameter of this search; it takes {known}.", $"{parameter} 不是该检索的参数；可用参数：{known}。");

    public static SearchProblem PolicyNotHeld(string value) => new(UnknownPolicy, "policy",
        $"The index holds no policy '{value}': name one as sender/recordId.", $"索引中没有政策“{value}”：请以 发送方/记录标识 指明政策。");
}

/// <summary>A search problem as it is answered.</summary>
public sealed record SearchProblemDto(string Code, string Parameter, string Message, string MessageZh);
