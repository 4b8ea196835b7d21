using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using NJsonSchema.Validation.FormatValidators;

namespace Exchange.Core.Validation.Compiled;

/// <summary>
/// One forward pass over a record's bytes, checking every value against its compiled schema as
/// the reader reaches it. Nothing is built but the problems: the cost is one scan of the bytes.
/// </summary>
/// <remarks>
/// The findings follow NJsonSchema's, which is the reference: pointers are derived from the same
/// dotted paths it reports, a property sent twice is judged by its last value (as the tree it
/// builds keeps only that one), and a value of the wrong type under an object schema also
/// reports that schema's required properties as missing.
/// </remarks>
internal sealed class StructuralPass : IDisposable
{
    private readonly PathSegment[] _path = new PathSegment[Json.RecordJson.MaxDepth + 2];
    private int _depth;
    private char[] _chars = ArrayPool<char>.Shared.Rent(256);
    private List<Problem>? _problems;

    public IReadOnlyList<Problem> Run(SchemaNode root, ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = Json.RecordJson.MaxDepth + 1 });
        reader.Read();
        CheckValue(ref reader, root);
        return _problems ?? (IReadOnlyList<Problem>)[];
    }

    public void Dispose() => ArrayPool<char>.Shared.Return(_chars);

    private int ProblemCount => _problems?.Count ?? 0;

    private void Add(Problem problem) => (_problems ??= []).Add(problem);

    private void CheckValue(ref Utf8JsonReader reader, SchemaNode node)
    {
        var token = reader.TokenType;
        var isNull = token == JsonTokenType.Null;
        if (isNull && node.AcceptsNull)
        {
            if (!node.TypeAllowsNull)
                ReportMissingRequired(node);
            return;
        }

        var isNumber = token == JsonTokenType.Number;
        if (token == JsonTokenType.String)
            CheckString(ref reader, node);
        else if (node.Type == ExpectedType.String)
            Add(SchemaProblems.TypeExpected(Pointer(), ExpectedType.String));
        if (node.Type == ExpectedType.Number && !isNumber)
            Add(SchemaProblems.TypeExpected(Pointer(), ExpectedType.Number));
        if (isNumber)
            CheckRange(reader.ValueSpan, node);
        if (node.Type == ExpectedType.Integer && !(isNumber && JsonText.IsIntegerLiteral(reader.ValueSpan)))
            Add(SchemaProblems.TypeExpected(Pointer(), ExpectedType.Integer));
        if (node.Type == ExpectedType.Boolean && token is not (JsonTokenType.True or JsonTokenType.False))
            Add(SchemaProblems.TypeExpected(Pointer(), ExpectedType.Boolean));
        if (node.Type == ExpectedType.Null && !isNull)
            Add(SchemaProblems.TypeExpected(Pointer(), ExpectedType.Null));
        if (node.Type == ExpectedType.Object && token != JsonTokenType.StartObject)
            Add(SchemaProblems.TypeExpected(Pointer(), ExpectedType.Object));
        if (node.Enumeration.Length > 0)
            CheckEnumeration(ref reader, node);

        if (token == JsonTokenType.StartArray)
            CheckArray(ref reader, node);
        else if (node.Type == ExpectedType.Array)
            Add(SchemaProblems.TypeExpected(Pointer(), ExpectedType.Array));

        if (token == JsonTokenType.StartObject)
            CheckObject(ref reader, node);
        else if (!node.TypeAllowsNull)
            ReportMissingRequired(node);
    }

    private void CheckString(ref Utf8JsonReader reader, SchemaNode node)
    {
        if (node.PatternRegex is null && node.Formats.Length == 0 && node.Enumeration.Length == 0)
        {
            if (node.MinLength is null && node.MaxLength is null)
                return;
            if (!reader.ValueIsEscaped)
            {
                CheckLength(JsonText.CodePoints(reader.ValueSpan), node);
                return;
            }
        }

        var text = ReadChars(ref reader);
        if (node.PatternRegex is { } regex)
        {
            try
            {
                if (!regex.IsMatch(text))
                    Add(SchemaProblems.PatternMismatch(Pointer(), node.Pattern));
            }
            catch (RegexMatchTimeoutException)
            {
                Add(SchemaProblems.PatternTimedOut(Pointer(), node.Pattern!));
            }
        }
        if (node.MinLength is not null || node.MaxLength is not null)
            CheckLength(JsonText.CodePoints(text), node);
        if (node.Formats.Length > 0)
        {
            if (!MatchesAnyFormat(node.Formats, text.ToString()))
            {
                foreach (var kind in node.Formats.Select(f => f.ValidationErrorKind).Distinct())
                {
                    Add(kind switch
                    {
                        NJsonSchema.Validation.ValidationErrorKind.DateExpected => SchemaProblems.DateExpected(Pointer()),
                        NJsonSchema.Validation.ValidationErrorKind.DateTimeExpected => SchemaProblems.DateTimeExpected(Pointer()),
                        _ => SchemaProblems.Other(Pointer(), kind.ToString()),
                    });
                }
            }
        }
    }

    // A loop rather than Any with a lambda: this runs for every date of every record.
    private static bool MatchesAnyFormat(IFormatValidator[] formats, string value)
    {
        foreach (var format in formats)
        {
            if (format.IsValid(value, JTokenType.String))
                return true;
        }
        return false;
    }

    // The buffer may be replaced by a larger one while reading, so the span is taken after.
    private ReadOnlySpan<char> ReadChars(ref Utf8JsonReader reader)
    {
        var length = JsonText.ReadChars(ref reader, ref _chars);
        return _chars.AsSpan(0, length);
    }

    private void CheckLength(int length, SchemaNode node)
    {
        if (length < node.MinLength)
            Add(SchemaProblems.TooShort(Pointer(), node.MinLength));
        if (length > node.MaxLength)
            Add(SchemaProblems.TooLong(Pointer(), node.MaxLength));
    }

    private void CheckRange(ReadOnlySpan<byte> number, SchemaNode node)
    {
        if (node.Minimum is null && node.Maximum is null && node.ExclusiveMinimum is null && node.ExclusiveMaximum is null)
            return;
        var value = JsonText.ReadNumber(number);
        if (node.Minimum is { } minimum && value.Below(minimum, node.IsExclusiveMinimum))
            Add(SchemaProblems.TooSmall(Pointer(), node.Minimum));
        if (node.Maximum is { } maximum && value.Above(maximum, node.IsExclusiveMaximum))
            Add(SchemaProblems.TooBig(Pointer(), node.Maximum));
        if (node.ExclusiveMinimum is { } exclusiveMinimum && value.Below(exclusiveMinimum, orEqual: true))
            Add(SchemaProblems.TooSmall(Pointer(), node.Minimum));
        if (node.ExclusiveMaximum is { } exclusiveMaximum && value.Above(exclusiveMaximum, orEqual: true))
            Add(SchemaProblems.TooBig(Pointer(), node.Maximum));
    }

    // NJsonSchema compares the value's text as its token prints it with each allowed value's text.
    private void CheckEnumeration(ref Utf8JsonReader reader, SchemaNode node)
    {
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            // An object or array prints as indented JSON, which no allowed value is written as.
            Add(SchemaProblems.Other(Pointer(), nameof(NJsonSchema.Validation.ValidationErrorKind.NotInEnumeration)));
            return;
        }
        var text = reader.TokenType switch
        {
            JsonTokenType.String => ReadChars(ref reader).ToString(),
            JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
            JsonTokenType.True => bool.TrueString,
            JsonTokenType.False => bool.FalseString,
            _ => "",
        };
        if (!node.Enumeration.Contains(text, StringComparer.Ordinal))
            Add(SchemaProblems.Other(Pointer(), nameof(NJsonSchema.Validation.ValidationErrorKind.NotInEnumeration)));
    }

    private void CheckArray(ref Utf8JsonReader reader, SchemaNode node)
    {
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (node.Items is { } items)
            {
                Push(new PathSegment(null, count));
                CheckValue(ref reader, items);
                Pop();
            }
            reader.Skip();
            count++;
        }
        if (node.MinItems > 0 && count < node.MinItems)
            Add(SchemaProblems.TooFewItems(Pointer(), node.MinItems));
        if (node.MaxItems > 0 && count > node.MaxItems)
            Add(SchemaProblems.TooManyItems(Pointer(), node.MaxItems));
    }

    private void CheckObject(ref Utf8JsonReader reader, SchemaNode node)
    {
        var properties = node.Properties;
        // Where each declared property's problems start and end, so that a repeated property's
        // earlier findings can be withdrawn; -1 while the property has not been seen.
        Span<int> firstProblem = properties.Length <= 64 ? stackalloc int[properties.Length] : new int[properties.Length];
        Span<int> endProblem = properties.Length <= 64 ? stackalloc int[properties.Length] : new int[properties.Length];
        firstProblem.Fill(-1);
        List<string>? additional = null;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var escapedName = reader.ValueIsEscaped ? ReadChars(ref reader).ToString() : null;
            var index = escapedName is null ? node.IndexOf(reader.ValueSpan) : node.IndexOf(Encoding.UTF8.GetBytes(escapedName));
            if (index < 0)
            {
                var name = escapedName ?? Encoding.UTF8.GetString(reader.ValueSpan);
                reader.Read();
                reader.Skip();
                if (!node.AllowAdditionalProperties && !(additional ??= []).Contains(name))
                {
                    additional.Add(name);
                    Add(SchemaProblems.AdditionalProperty(PointerTo(name), name));
                }
                continue;
            }

            var property = properties[index];
            reader.Read();
            if (firstProblem[index] >= 0)
                Withdraw(firstProblem[index], endProblem[index], firstProblem, endProblem);
            firstProblem[index] = ProblemCount;
            if (!(reader.TokenType == JsonTokenType.Null && property.NullSkipsChecks))
            {
                Push(new PathSegment(property.Name, -1));
                CheckValue(ref reader, property.Schema);
                Pop();
            }
            reader.Skip();
            endProblem[index] = ProblemCount;
        }

        if (!node.HasRequiredProperties)
            return;
        for (var i = 0; i < properties.Length; i++)
        {
            if (properties[i].Required && firstProblem[i] < 0)
                Add(SchemaProblems.Required(PointerTo(properties[i].Name), properties[i].Name));
        }
    }

    private void Withdraw(int start, int end, Span<int> firstProblem, Span<int> endProblem)
    {
        var count = end - start;
        if (count == 0)
            return;
        _problems!.RemoveRange(start, count);
        for (var i = 0; i < firstProblem.Length; i++)
        {
            if (firstProblem[i] >= end)
            {
                firstProblem[i] -= count;
                endProblem[i] -= count;
            }
        }
    }

    private void ReportMissingRequired(SchemaNode node)
    {
        if (!node.HasRequiredProperties)
            return;
        foreach (var property in node.Properties)
        {
            if (property.Required)
                Add(SchemaProblems.Required(PointerTo(property.Name), property.Name));
        }
    }

    private void Push(PathSegment segment) => _path[_depth++] = segment;

    private void Pop() => _depth--;

    private string Pointer() => JsonPointer.FromPath(DottedPath());

    private string PointerTo(string name)
    {
        var path = DottedPath();
        return JsonPointer.FromPath(path.Length == 0 ? name : path + "." + name);
    }

    // The path as NJsonSchema writes it ("contact.email", "certificates[0].name"): pointers are
    // derived from it the same way for both validators.
    private string DottedPath()
    {
        var path = new StringBuilder();
        for (var i = 0; i < _depth; i++)
        {
            var segment = _path[i];
            if (segment.Name is null)
                path.Append('[').Append(segment.Index).Append(']');
            else
                (path.Length == 0 ? path : path.Append('.')).Append(segment.Name);
        }
        return path.ToString();
    }

    private readonly record struct PathSegment(string? Name, int Index);
}
