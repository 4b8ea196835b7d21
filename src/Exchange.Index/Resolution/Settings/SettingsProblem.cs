namespace Exchange.Index.Resolution.Settings;

/// <summary>One thing wrong with resolution settings: where (a JSON path), a stable code, and what.</summary>
public sealed record SettingsProblem(string Path, string Code, string Message)
{
    public static class Codes
    {
        public const string Json = "settings.json";
        public const string Missing = "settings.missing";
        public const string Duplicate = "settings.duplicate";
        public const string UnknownField = "settings.unknown-field";
        public const string UnknownType = "settings.unknown-type";
        public const string UnknownLevel = "settings.unknown-level";
        public const string UnknownFunction = "settings.unknown-key-function";
        public const string InvalidValue = "settings.invalid-value";
        public const string UnknownColumn = "settings.unknown-column";
        public const string ModelMismatch = "settings.model-mismatch";
    }
}

/// <summary>Thrown when settings (or a model's settings) cannot be used; carries every problem found.</summary>
public sealed class ResolutionSettingsException(IReadOnlyList<SettingsProblem> problems)
    : Exception(string.Join("; ", problems.Select(p => $"{p.Code} at {p.Path}: {p.Message}")))
{
    public IReadOnlyList<SettingsProblem> Problems { get; } = problems;
}
