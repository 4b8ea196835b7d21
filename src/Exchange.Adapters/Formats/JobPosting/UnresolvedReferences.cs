using System.Text.Json.Nodes;
using Exchange.Core.Validation;

namespace Exchange.Adapters.Formats.JobPosting;

/// <summary>
/// The <c>@id</c> references a posting still holds after <see cref="JsonLdGraph.Embed"/> where the
/// mapping needs a node: each is a problem naming the id and why it could not be followed.
/// </summary>
internal static class UnresolvedReferences
{
    // The nodes the mapping reads, as paths from the posting; a reference elsewhere (a parent
    // organisation, a sameAs link) is of no concern to the vacancy and is left alone.
    private static readonly string[][] s_readPaths =
    [
        ["hiringOrganization"], ["hiringOrganization", "identifier"],
        ["occupationalCategory"],
        ["jobLocation"], ["jobLocation", "address"],
        ["baseSalary"], ["baseSalary", "value"],
    ];

    /// <summary>Reports each node the mapping reads that is still a bare <c>@id</c> reference; returns the top-level properties affected.</summary>
    public static HashSet<string> Report(JsonObject posting, List<Problem> problems)
    {
        var affected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in s_readPaths)
        {
            IEnumerable<JsonNode> nodes = [posting];
            foreach (var step in path)
                nodes = nodes.OfType<JsonObject>().Where(n => !JsonLdGraph.IsReference(n)).SelectMany(n => JsonLd.Many(n[step]));
            foreach (var reference in nodes.Where(JsonLdGraph.IsReference).Cast<JsonObject>())
            {
                affected.Add(path[0]);
                var property = string.Join('/', path);
                var id = JsonLd.Text(reference["@id"]);
                problems.Add(JsonLd.Text(reference[JsonLdGraph.UnresolvedKey]) switch
                {
                    JsonLdGraph.Cycle => new Problem("/" + property, JobPostingProblemCodes.UnresolvedReference,
                        $"{property} refers to @id '{id}', which leads back to itself (a reference cycle); give the node itself.",
                        $"{property} 引用的 @id“{id}”最终又引用回自身（循环引用），请直接给出该节点。"),
                    JsonLdGraph.TooDeep => new Problem("/" + property, JobPostingProblemCodes.UnresolvedReference,
                        $"{property} refers to @id '{id}' through too many nested references; give the node itself.",
                        $"{property} 引用的 @id“{id}”嵌套引用层级过多，请直接给出该节点。"),
                    _ => new Problem("/" + property, JobPostingProblemCodes.UnresolvedReference,
                        $"{property} refers to @id '{id}', which the document's @graph does not hold.",
                        $"{property} 引用的 @id“{id}”在文档的 @graph 中不存在。"),
                });
            }
        }
        return affected;
    }
}
