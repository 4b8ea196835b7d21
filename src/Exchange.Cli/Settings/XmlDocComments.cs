using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Exchange.Cli.Settings;

/// <summary>
/// The <c>&lt;summary&gt;</c> of types and properties, read from the XML documentation files the
/// compiler writes beside each assembly, as one line of Markdown.
/// </summary>
public sealed partial class XmlDocComments
{
    private readonly Dictionary<Assembly, IReadOnlyDictionary<string, string>> _byAssembly = [];

    public string? Summary(Type type) => Find(type.Assembly, "T:" + DocName(type));

    public string? Summary(PropertyInfo property) =>
        Find(property.DeclaringType!.Assembly, $"P:{DocName(property.DeclaringType)}.{property.Name}");

    private string? Find(Assembly assembly, string member)
    {
        if (!_byAssembly.TryGetValue(assembly, out var members))
            _byAssembly[assembly] = members = Load(assembly);
        return members.GetValueOrDefault(member);
    }

    private static IReadOnlyDictionary<string, string> Load(Assembly assembly)
    {
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(path))
            throw new InvalidOperationException(
                $"{Path.GetFileName(path)} is missing beside {Path.GetFileName(assembly.Location)}: its project must set GenerateDocumentationFile, as the settings reference is read from it.");
        return XDocument.Load(path).Descendants("member")
            .Where(m => m.Element("summary") is not null)
            .ToDictionary(m => (string)m.Attribute("name")!, m => Markdown(m.Element("summary")!), StringComparer.Ordinal);
    }

    private static string DocName(Type type) => type.FullName!.Replace('+', '.');

    private static string Markdown(XElement summary)
    {
        var text = new StringBuilder();
        foreach (var node in summary.Nodes())
            Append(node, text);
        return Whitespace().Replace(text.ToString(), " ").Trim();
    }

    private static void Append(XNode node, StringBuilder text)
    {
        switch (node)
        {
            case XText plain:
                text.Append(plain.Value);
                break;
            case XElement { Name.LocalName: "c" } code:
                text.Append('`').Append(code.Value).Append('`');
                break;
            case XElement { Name.LocalName: "see" or "seealso" } see when see.Attribute("langword") is { } word:
                text.Append('`').Append(word.Value).Append('`');
                break;
            case XElement { Name.LocalName: "see" or "seealso" } see:
                var target = (string?)see.Attribute("cref") ?? (string?)see.Attribute("href") ?? "";
                text.Append('`').Append(see.Value is { Length: > 0 } label ? label : target[(target.LastIndexOf('.') + 1)..]).Append('`');
                break;
            case XElement { Name.LocalName: "paramref" or "typeparamref" } reference:
                text.Append('`').Append((string?)reference.Attribute("name")).Append('`');
                break;
            case XElement other:
                foreach (var child in other.Nodes())
                    Append(child, text);
                text.Append(' ');
                break;
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
