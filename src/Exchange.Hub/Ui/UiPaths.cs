namespace Exchange.Hub.Ui;

/// <summary>Where the pages are.</summary>
public static class UiPaths
{
    public const string Root = "/ui";
    public const string SignIn = "/ui/sign-in";
    public const string SignOut = "/ui/sign-out";
    public const string Forbidden = "/ui/forbidden";
    public const string Error = "/ui/error";
    public const string Agreements = "/ui/agreements";
    public const string Stylesheet = "/ui/ui.css";

    // A graduate's own pages, and the stewards' page of the graduates' requests.
    public const string Me = "/ui/me";
    public const string MyJobs = "/ui/me/jobs";
    public const string MyConsents = "/ui/me/consents";
    public const string GiveConsent = "/ui/me/consents/give";
    public const string MyRequests = "/ui/me/requests";
    public const string NewRequest = "/ui/me/requests/new";
    public const string Requests = "/ui/requests";

    public static string WithdrawMyConsent(string sourceOrganisation, string sourceRecordId) =>
        $"{MyConsents}/{Uri.EscapeDataString(sourceOrganisation)}/{Uri.EscapeDataString(sourceRecordId)}/withdraw";

    public static string HandleRequest(Guid id) => $"{Requests}/{id}/handle";

    public static string History(Guid id) => $"{Agreements}/{id}/history";

    public static string Revise(Guid id) => $"{Agreements}/{id}/revise";

    public static string Revoke(Guid id) => $"{Agreements}/{id}/revoke";

    // The data steward's consents, audit and review queue.
    public const string Consents = "/ui/consents";
    public const string NewConsent = "/ui/consents/new";
    public const string Audit = "/ui/audit";
    public const string AuditVerify = "/ui/audit/verify";
    public const string Reviews = "/ui/reviews";

    public static string WithdrawConsent(string sourceOrganisation, string sourceRecordId) =>
        $"{Consents}/{Uri.EscapeDataString(sourceOrganisation)}/{Uri.EscapeDataString(sourceRecordId)}/withdraw";

    public static string ConsentHistory(string sourceOrganisation, string sourceRecordId) =>
        $"{Consents}/{Uri.EscapeDataString(sourceOrganisation)}/{Uri.EscapeDataString(sourceRecordId)}/history";

    // The reports, for stewards and bureaus.
    public const string Reports = "/ui/reports";

    public static string Report(string name) => $"{Reports}/{Uri.EscapeDataString(name)}";

    public static string Review(long id) => $"{Reviews}/{id.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>True for a local path of the pages: where a language switch or a sign-in may send the reader back to.</summary>
    public static bool IsPageOfUi(string? path) =>
        !string.IsNullOrEmpty(path) && (path == Root || path.StartsWith(Root + "/", StringComparison.Ordinal) || path.StartsWith(Root + "?", StringComparison.Ordinal))
        && !path.Contains("//", StringComparison.Ordinal) && !path.Contains('\\', StringComparison.Ordinal);
}
