using System.Globalization;

namespace Exchange.Index.Resolution.Settings;

/// <summary>Settings checked and turned into the indexed form the engine runs on.</summary>
public sealed class ResolutionSchema
{
    internal FieldSpec[] Fields { get; }
    internal ComparisonSpec[] Comparisons { get; }
    internal BlockingRuleSpec[] BlockingRules { get; }
    internal TrainingRuleSpec[] TrainingRules { get; }
    internal int LinkageKeyField { get; }
    internal bool PairsWithinSource { get; }
    internal bool PairsAcrossSources { get; }
    internal bool ThresholdsInWeight { get; }
    public ResolutionSettings Settings { get; }

    private ResolutionSchema(ResolutionSettings settings, FieldSpec[] fields, ComparisonSpec[] comparisons,
        BlockingRuleSpec[] blocking, TrainingRuleSpec[] training, int linkageKeyField)
    {
        Settings = settings;
        Fields = fields;
        Comparisons = comparisons;
        BlockingRules = blocking;
        TrainingRules = training;
        LinkageKeyField = linkageKeyField;
        PairsWithinSource = settings.LinkType is "dedupe" or "link-and-dedupe";
        PairsAcrossSources = true;
        ThresholdsInWeight = settings.Thresholds.Scale == "weight";
    }

    /// <summary>The field names, in the order <see cref="Features.InputRecord"/> values follow.</summary>
    public IReadOnlyList<string> FieldNames => [.. Fields.Select(f => f.Name)];

    public IReadOnlyList<string> ComparisonNames => [.. Comparisons.Select(c => c.Name)];

    /// <summary>The input columns each field reads, in field order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> FieldColumns => [.. Fields.Select(f => (IReadOnlyList<string>)f.Columns)];

    public static ResolutionSchema Compile(ResolutionSettings settings)
    {
        var problems = new List<SettingsProblem>();
        void Problem(string path, string code, string message) => problems.Add(new SettingsProblem(path, code, message));

        if (settings.LinkType is not ("dedupe" or "link" or "link-and-dedupe"))
            Problem("$.linkType", SettingsProblem.Codes.InvalidValue, $"'{settings.LinkType}' is not dedupe, link or link-and-dedupe.");

        var fields = new List<FieldSpec>();
        var byName = new Dictionary<string, FieldSpec>(StringComparer.Ordinal);
        for (var i = 0; i < settings.Fields.Count; i++)
        {
            var f = settings.Fields[i];
            var path = $"$.fields[{i}]";
            if (string.IsNullOrWhiteSpace(f.Name))
            {
                Problem(path + ".name", SettingsProblem.Codes.Missing, "A field needs a name.");
                continue;
            }
            FieldType? type = f.Type switch
            {
                "name" => FieldType.Name,
                "text" => FieldType.Text,
                "date" => FieldType.Date,
                "code" => FieldType.Code,
                _ => null,
            };
            if (type is null)
                Problem(path + ".type", SettingsProblem.Codes.UnknownType, $"Field '{f.Name}' has type '{f.Type}'; use name, text, date or code.");
            string[] columns = f.Columns is { Count: > 0 } list ? [.. list] : f.Column is { Length: > 0 } one ? [one] : [];
            if (columns.Length == 0)
                Problem(path + ".column", SettingsProblem.Codes.Missing, $"Field '{f.Name}' names no input column.");
            DateOrder? order = f.Order switch
            {
                null or "ymd" => DateOrder.Ymd,
                "dmy" => DateOrder.Dmy,
                "mdy" => DateOrder.Mdy,
                _ => null,
            };
            if (order is null)
                Problem(path + ".order", SettingsProblem.Codes.InvalidValue, $"Date order '{f.Order}' is not ymd, dmy or mdy.");
            var spec = new FieldSpec(fields.Count, f.Name, type ?? FieldType.Text, columns, order ?? DateOrder.Ymd);
            if (!byName.TryAdd(f.Name, spec))
                Problem(path + ".name", SettingsProblem.Codes.Duplicate, $"Field '{f.Name}' is declared twice.");
            else
                fields.Add(spec);
        }
        if (fields.Count == 0)
            Problem("$.fields", SettingsProblem.Codes.Missing, "Declare at least one field.");

        var linkageKey = -1;
        if (settings.LinkageKey is { } keyName)
        {
            if (byName.TryGetValue(keyName, out var keyField))
                linkageKey = keyField.Index;
            else
                Problem("$.linkageKey", SettingsProblem.Codes.UnknownField, $"Linkage key field '{keyName}' is not declared in fields.");
        }

        var comparisons = new List<ComparisonSpec>();
        for (var i = 0; i < settings.Comparisons.Count; i++)
        {
            var c = settings.Comparisons[i];
            var path = $"$.comparisons[{i}]";
            if (!byName.TryGetValue(c.Field, out var field))
            {
                Problem(path + ".field", SettingsProblem.Codes.UnknownField, $"Comparison '{c.Name}' compares '{c.Field}', which is not declared in fields.");
                continue;
            }
            if (c.Levels.Count is 0 or > Gamma.MaxLevels)
                Problem(path + ".levels", SettingsProblem.Codes.InvalidValue, $"Comparison '{c.Name}' needs 1 to {Gamma.MaxLevels} levels.");
            var levels = new List<LevelSpec>();
            for (var l = 0; l < c.Levels.Count; l++)
            {
                if (CompileLevel(c.Levels[l], field.Type, $"{path}.levels[{l}]", problems) is { } level)
                    levels.Add(level);
            }
            var missingField = -1;
            if (c.Missing is { } missing)
            {
                if (!byName.TryGetValue(missing, out var mf))
                    Problem(path + ".missing", SettingsProblem.Codes.UnknownField, $"Field '{missing}' is not declared in fields.");
                else if (mf.Index == field.Index)
                    Problem(path + ".missing", SettingsProblem.Codes.InvalidValue, $"Comparison '{c.Name}' cannot count only where its own field '{missing}' is missing.");
                else
                    missingField = mf.Index;
            }
            comparisons.Add(new ComparisonSpec(comparisons.Count, string.IsNullOrWhiteSpace(c.Name) ? c.Field : c.Name, field.Index, field.Type, [.. levels], missingField));
        }
        if (comparisons.Count is 0 or > Gamma.MaxComparisons)
            Problem("$.comparisons", SettingsProblem.Codes.InvalidValue, $"Declare 1 to {Gamma.MaxComparisons} comparisons.");
        if (comparisons.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count() != comparisons.Count)
            Problem("$.comparisons", SettingsProblem.Codes.Duplicate, "Comparison names must be unique.");

        var blocking = new List<BlockingRuleSpec>();
        for (var i = 0; i < settings.Blocking.Rules.Count; i++)
        {
            var r = settings.Blocking.Rules[i];
            var path = $"$.blocking.rules[{i}]";
            var parts = CompileKeys(r.Keys, byName, path + ".keys", problems);
            var sortField = -1;
            if (r.SortBy is { } sortBy)
            {
                if (byName.TryGetValue(sortBy, out var sf))
                    sortField = sf.Index;
                else
                    Problem(path + ".sortBy", SettingsProblem.Codes.UnknownField, $"Sort field '{sortBy}' is not declared in fields.");
            }
            var missingField = -1;
            if (r.Missing is { } missing)
            {
                if (byName.TryGetValue(missing, out var mf))
                    missingField = mf.Index;
                else
                    Problem(path + ".missing", SettingsProblem.Codes.UnknownField, $"Field '{missing}' is not declared in fields.");
            }
            if (r.MaxBlockSize < 2)
                Problem(path + ".maxBlockSize", SettingsProblem.Codes.InvalidValue, "maxBlockSize must be at least 2.");
            if (r.Window < 1)
                Problem(path + ".window", SettingsProblem.Codes.InvalidValue, "window must be at least 1.");
            blocking.Add(new BlockingRuleSpec(string.IsNullOrWhiteSpace(r.Name) ? string.Join("+", r.Keys) : r.Name, parts, r.MaxBlockSize, sortField, r.Window, missingField));
        }
        if (blocking.Count == 0)
            Problem("$.blocking.rules", SettingsProblem.Codes.Missing, "Declare at least one blocking rule.");

        var training = new List<TrainingRuleSpec>();
        for (var i = 0; i < settings.Training.Rules.Count; i++)
        {
            var r = settings.Training.Rules[i];
            var path = $"$.training.rules[{i}]";
            var parts = CompileKeys(r.Keys, byName, path + ".keys", problems);
            var used = parts.Select(p => p.Field).ToHashSet();
            // A rule's pairs agree on its keys' fields by construction, and all hold them, so they can
            // train neither a comparison of those fields nor one that counts only where they are missing.
            var trained = comparisons.Select(c => !used.Contains(c.Field) && !used.Contains(c.MissingField)).ToArray();
            if (r.MaxPairs < 100)
                Problem(path + ".maxPairs", SettingsProblem.Codes.InvalidValue, "maxPairs must be at least 100.");
            training.Add(new TrainingRuleSpec(string.Join("+", r.Keys), parts, r.MaxPairs, trained));
        }
        if (training.Count > 0)
        {
            for (var c = 0; c < comparisons.Count; c++)
            {
                if (!training.Any(t => t.Trained[c]))
                    Problem("$.training.rules", SettingsProblem.Codes.InvalidValue,
                        $"No training rule leaves comparison '{comparisons[c].Name}' free to be estimated: add a rule that does not block on field '{fields[comparisons[c].Field].Name}'{(comparisons[c].MissingField >= 0 ? $" nor on '{fields[comparisons[c].MissingField].Name}'" : "")}.");
            }
        }
        var t = settings.Training;
        if (t.RandomPairs < 1000)
            Problem("$.training.randomPairs", SettingsProblem.Codes.InvalidValue, "randomPairs must be at least 1000.");
        if (t.MaxIterations < 1)
            Problem("$.training.maxIterations", SettingsProblem.Codes.InvalidValue, "maxIterations must be at least 1.");
        if (t.TfMinimumCount < 1)
            Problem("$.training.tfMinimumCount", SettingsProblem.Codes.InvalidValue, "tfMinimumCount must be at least 1.");

        var th = settings.Thresholds;
        if (th.Scale is not ("probability" or "weight"))
            Problem("$.thresholds.scale", SettingsProblem.Codes.InvalidValue, $"'{th.Scale}' is not probability or weight.");
        else if (th.Scale == "probability" && (th.Link is <= 0 or >= 1 || th.Review is <= 0 or >= 1))
            Problem("$.thresholds", SettingsProblem.Codes.InvalidValue, "Probability thresholds lie strictly between 0 and 1.");
        if (th.Review > th.Link)
            Problem("$.thresholds.review", SettingsProblem.Codes.InvalidValue, "The review threshold cannot be above the link threshold.");

        if (problems.Count > 0)
            throw new ResolutionSettingsException(problems);
        return new ResolutionSchema(settings, [.. fields], [.. comparisons], [.. blocking], [.. training], linkageKey);
    }

    private static LevelSpec? CompileLevel(LevelSettings level, FieldType type, string path, List<SettingsProblem> problems)
    {
        LevelKind? kind = level.Kind switch
        {
            "exact" => LevelKind.Exact,
            "folded" when type == FieldType.Name => LevelKind.Folded,
            "pinyin" when type == FieldType.Name => LevelKind.Pinyin,
            "romanised" when type == FieldType.Name => LevelKind.Romanised,
            "edit" when type != FieldType.Date => LevelKind.Edit,
            "jaro-winkler" when type != FieldType.Date => LevelKind.JaroWinkler,
            "day-month-swap" when type == FieldType.Date => LevelKind.DayMonthSwap,
            "digits" when type == FieldType.Date => LevelKind.Digits,
            "year" when type == FieldType.Date => LevelKind.Year,
            "prefix" when type is FieldType.Code or FieldType.Text => LevelKind.Prefix,
            _ => null,
        };
        if (kind is null)
        {
            problems.Add(new SettingsProblem(path + ".kind", SettingsProblem.Codes.UnknownLevel,
                $"Level '{level.Kind}' does not apply to a {type.ToString().ToLowerInvariant()} field."));
            return null;
        }
        var inv = CultureInfo.InvariantCulture;
        switch (kind)
        {
            case LevelKind.Edit or LevelKind.Digits:
                var max = level.Max ?? 1;
                if (max is < 1 or > 3)
                    problems.Add(new SettingsProblem(path + ".max", SettingsProblem.Codes.InvalidValue, "max is 1, 2 or 3."));
                if (kind == LevelKind.Edit && level.Length is { } minLength)
                {
                    if (minLength < 1)
                        problems.Add(new SettingsProblem(path + ".length", SettingsProblem.Codes.InvalidValue, "An edit level's length is at least 1."));
                    return new LevelSpec(kind.Value, string.Create(inv, $"{level.Kind}<={max},length>={minLength}"), max, 0, level.Tf, minLength);
                }
                return new LevelSpec(kind.Value, string.Create(inv, $"{level.Kind}<={max}"), max, 0, level.Tf);
            case LevelKind.JaroWinkler:
                var min = level.Min ?? 0.9;
                if (min is <= 0 or > 1)
                    problems.Add(new SettingsProblem(path + ".min", SettingsProblem.Codes.InvalidValue, "min lies in (0, 1]."));
                return new LevelSpec(kind.Value, string.Create(inv, $"jaro-winkler>={min}"), 0, min, level.Tf);
            case LevelKind.Prefix:
                var length = level.Length ?? 0;
                if (length < 1)
                    problems.Add(new SettingsProblem(path + ".length", SettingsProblem.Codes.InvalidValue, "A prefix level needs a length of at least 1."));
                return new LevelSpec(kind.Value, string.Create(inv, $"prefix{length}"), length, 0, level.Tf);
            default:
                return new LevelSpec(kind.Value, level.Kind, 0, 0, level.Tf);
        }
    }

    private static KeyPart[] CompileKeys(List<string> keys, Dictionary<string, FieldSpec> fields, string path, List<SettingsProblem> problems)
    {
        if (keys.Count == 0)
            problems.Add(new SettingsProblem(path, SettingsProblem.Codes.Missing, "A rule needs at least one key."));
        var parts = new List<KeyPart>();
        for (var i = 0; i < keys.Count; i++)
        {
            var colon = keys[i].IndexOf(':', StringComparison.Ordinal);
            var fieldName = colon < 0 ? keys[i] : keys[i][..colon];
            var function = colon < 0 ? "" : keys[i][(colon + 1)..];
            if (!fields.TryGetValue(fieldName, out var field))
            {
                problems.Add(new SettingsProblem($"{path}[{i}]", SettingsProblem.Codes.UnknownField, $"Key '{keys[i]}' names field '{fieldName}', which is not declared in fields."));
                continue;
            }
            KeyPart? part = (field.Type, function) switch
            {
                (_, "") => new KeyPart(field.Index, KeyFunction.Value, 0),
                (FieldType.Name, "surname") => new KeyPart(field.Index, KeyFunction.Surname, 0),
                (FieldType.Name, "pinyin") => new KeyPart(field.Index, KeyFunction.Pinyin, 0),
                (FieldType.Name, "given") => new KeyPart(field.Index, KeyFunction.Given, 0),
                (FieldType.Name, "folded") => new KeyPart(field.Index, KeyFunction.Folded, 0),
                (FieldType.Date, "year") => new KeyPart(field.Index, KeyFunction.Year, 0),
                (FieldType.Date, "year-month") => new KeyPart(field.Index, KeyFunction.YearMonth, 0),
                (FieldType.Date, "month-day") => new KeyPart(field.Index, KeyFunction.MonthDay, 0),
                (FieldType.Text or FieldType.Code, _) when function.StartsWith("prefix", StringComparison.Ordinal)
                    && int.TryParse(function.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                    => new KeyPart(field.Index, KeyFunction.Prefix, n),
                _ => null,
            };
            if (part is null)
                problems.Add(new SettingsProblem($"{path}[{i}]", SettingsProblem.Codes.UnknownFunction,
                    $"Key function '{function}' does not apply to {field.Type.ToString().ToLowerInvariant()} field '{fieldName}'."));
            else
                parts.Add(part.Value);
        }
        return [.. parts];
    }
}
