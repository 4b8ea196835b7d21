using System.Text.Json.Nodes;
using Exchange.Testing;

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
        graduate["recordId"] = RecordIds.Fresh("G-");
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
