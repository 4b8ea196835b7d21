using System.Text.Json.Nodes;

namespace Exchange.Hub.Tests.Support;

/// <summary>Records from the repository's samples, adjusted to the test clients.</summary>
public static class Samples
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The first valid sample of a kind.</summary>
    public static JsonObject Valid(string kind, int index = 0) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot, "samples", $"{kind}.valid.json")))!.AsArray()[index]!.AsObject();

    /// <summary>A valid graduate of the client's institution (Peking University's when it has none), with a fresh record id.</summary>
    public static JsonObject GraduateFor(TestClients.Client client)
    {
        var graduate = Valid("graduate");
        graduate["institutionCode"] = client.InstitutionCode ?? TestClients.UniversityA.InstitutionCode;
        graduate["recordId"] = RecordId("G-");
        return graduate;
    }

    /// <summary>
    /// A valid graduate of the client's institution for a resident id made by
    /// <c>ResidentIds.Make</c> (born 2003-04-12 in 410102), its sex following the id's sequence.
    /// </summary>
    public static JsonObject GraduateFor(TestClients.Client client, string residentId)
    {
        var graduate = GraduateFor(client);
        graduate["residentId"] = residentId;
        graduate["sex"] = (residentId[16] - '0') % 2 == 1 ? "1" : "2";
        return graduate;
    }

    /// <summary>
    /// A fresh record id of at most <paramref name="length"/> characters with no digits after the
    /// prefix: a random hex id holds, about once in 2,500, a digit run that reads as a legacy
    /// resident id, and the hub rightly refuses such a record id.
    /// </summary>
    public static string RecordId(string prefix, int length = 30) =>
        (prefix + string.Concat(Guid.NewGuid().ToString("N").Select(c => char.IsAsciiDigit(c) ? (char)('g' + (c - '0')) : c)))[..length];

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Exchange.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Exchange.sln not found.");
    }
}
