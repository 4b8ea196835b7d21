using System.Text.Json.Nodes;

namespace Exchange.Reporting.Disclosure;

/// <summary>
/// A protected table as stored once published: its dimensions, every true count and every cell's
/// decision, so that a later publication to the same reader can be protected together with it.
/// </summary>
public static class StoredTable
{
    public static string ToJson(ProtectedTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var counts = table.Table;
        var dimensions = new JsonArray();
        foreach (var dimension in counts.Dimensions)
        {
            dimensions.Add(new JsonObject
            {
                ["name"] = dimension.Name,
                ["role"] = dimension.Role.ToString(),
                ["rootIsUnrestricted"] = dimension.RootIsUnrestricted,
                ["codes"] = new JsonArray([.. dimension.Codes.Select(c => (JsonNode)c)]),
                ["parents"] = new JsonArray([.. Enumerable.Range(0, dimension.NodeCount).Select(n => (JsonNode)dimension.ParentOf(n))]),
            });
        }
        var cells = Enumerable.Range(0, counts.CellCount).ToList();
        return new JsonObject
        {
            ["name"] = counts.Name,
            ["dimensions"] = dimensions,
            ["counts"] = new JsonArray([.. cells.Select(c => (JsonNode)counts.CountAt(c))]),
            ["statuses"] = new JsonArray([.. cells.Select(c => (JsonNode)table.StatusAt(c).ToString())]),
            ["reasons"] = new JsonArray([.. cells.Select(c => (JsonNode)(int)table.ReasonsAt(c))]),
            ["required"] = new JsonArray([.. cells.Select(c => Required(table.RequiredAt(c)))]),
        }.ToJsonString();
    }

    public static ProtectedTable FromJson(string json)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        var dimensions = root["dimensions"]!.AsArray().Select(node =>
        {
            var d = node!.AsObject();
            var codes = d["codes"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
            var parents = d["parents"]!.AsArray().Select(p => p!.GetValue<int>()).ToList();
            return Dimension.Tree(d["name"]!.GetValue<string>(), Enum.Parse<DimensionRole>(d["role"]!.GetValue<string>()), codes[0],
                Enumerable.Range(1, codes.Count - 1).Select(n => (codes[n], codes[parents[n]])), d["rootIsUnrestricted"]!.GetValue<bool>());
        }).ToList();
        var shape = CountTable.FromLeafCounts(root["name"]!.GetValue<string>(), dimensions, []);
        var counts = root["counts"]!.AsArray().Select(c => c!.GetValue<long>()).ToList();
        var table = CountTable.FromCells(shape.Name, dimensions, Enumerable.Range(0, counts.Count).Select(c => (shape.CoordinatesOf(c), counts[c])));
        return new ProtectedTable(table,
            [.. root["statuses"]!.AsArray().Select(s => Enum.Parse<CellStatus>(s!.GetValue<string>()))],
            [.. root["reasons"]!.AsArray().Select(r => (PrimaryReasons)r!.GetValue<int>())],
            [.. root["required"]!.AsArray().Select(Required)]);
    }

    private static JsonNode? Required(CellProtection? protection) => protection is null ? null : new JsonObject
    {
        ["value"] = protection.Value is { } value ? new JsonArray(value.Lower, value.Upper) : null,
        ["groups"] = new JsonArray([.. protection.Groups.Select(g => (JsonNode)new JsonObject { ["total"] = g.GroupTotal.Value, ["atLeast"] = g.AtLeast })]),
    };

    private static CellProtection? Required(JsonNode? node)
    {
        if (node is null)
            return null;
        var value = node["value"] is JsonArray interval ? new ProtectionInterval(interval[0]!.GetValue<long>(), interval[1]!.GetValue<long>()) : (ProtectionInterval?)null;
        return new CellProtection(value, [.. node["groups"]!.AsArray().Select(g => new RestOfGroup(new CellKey(g!["total"]!.GetValue<string>()), g["atLeast"]!.GetValue<long>()))]);
    }
}
