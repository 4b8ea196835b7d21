using Exchange.Index.Resolution.Training;

namespace Exchange.Index.Merging;

/// <summary>
/// How the merger resolves graduate records (section <c>Exchange:Index:Resolution</c>):
/// probabilistically with a trained model, or by linkage key alone.
/// </summary>
public sealed class ResolutionOptions
{
    public const string Section = "Exchange:Index:Resolution";

    private const string ShippedModel = "Exchange.Index.Resolution.Settings.graduate.model.json";

    /// <summary>False: link by linkage key alone; a graduate without a key then joins no subject.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// A model saved by <c>exchange link</c> (its <c>model.json</c>), trained on the deployment's own
    /// records; by default the model shipped with the hub, trained on a synthetic population.
    /// </summary>
    public string? ModelFile { get; set; }

    private ResolutionModel? _model;

    /// <summary>The model the options name, or null when resolution is off; read once, when validated at start.</summary>
    public ResolutionModel? LoadModel()
    {
        if (!Enabled)
            return null;
        return _model ??= Read();
    }

    private ResolutionModel Read()
    {
        if (ModelFile is not null)
            return ResolutionModel.FromJson(File.ReadAllText(ModelFile));
        using var stream = typeof(ResolutionOptions).Assembly.GetManifestResourceStream(ShippedModel)
            ?? throw new InvalidOperationException("The shipped graduate model is missing from the build.");
        using var reader = new StreamReader(stream);
        return ResolutionModel.FromJson(reader.ReadToEnd());
    }

    /// <summary>One message per problem, naming its setting: a model that cannot be read, or reads columns a graduate record does not have.</summary>
    public static IEnumerable<string> Problems(ResolutionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
            yield break;
        string? problem = null;
        try
        {
            _ = new GraduateFieldValues(options.LoadModel()!.Schema);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException or InvalidOperationException
                                      or System.Text.Json.JsonException or Resolution.Settings.ResolutionSettingsException)
        {
            problem = e.Message;
        }
        if (problem is not null)
            yield return $"{Section}:ModelFile cannot be used: {problem}";
    }
}
