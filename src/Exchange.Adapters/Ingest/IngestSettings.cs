using Exchange.Adapters.Pull;

namespace Exchange.Adapters.Ingest;

/// <summary>Start-up checks of <c>Exchange:Ingest</c>: each setting that is wrong, by name.</summary>
internal static class IngestSettings
{
    public static IEnumerable<string> Problems(IngestOptions options)
    {
        foreach (var (organisation, institution) in options.Institutions)
        {
            if (institution.Length != 10 || !institution.All(char.IsAsciiDigit))
                yield return $"{IngestOptions.Section}:Institutions:{organisation} must be the 10-digit Ministry of Education institution code, not '{institution}'.";
        }
        if (options.ProfilesDirectory is { Length: > 0 } folder && !Directory.Exists(folder))
            yield return $"{IngestOptions.Section}:ProfilesDirectory '{folder}' does not exist.";
    }
}

/// <summary>Start-up checks of <c>Exchange:Pull</c>: every adapter needs a unique name, a source organisation and where to pull from.</summary>
internal static class PullSettings
{
    public static IEnumerable<string> Problems(PullOptions options)
    {
        if (options.Interval <= TimeSpan.Zero)
            yield return $"{PullOptions.Section}:Interval must be positive.";
        var names = new HashSet<string>(StringComparer.Ordinal);
        var adapters = options.UniversityRest.Select((o, i) => ($"UniversityRest:{i}", o?.Name, o?.SourceOrganisation, (object?)o?.BaseAddress, "BaseAddress"))
            .Concat(options.JobPostingFeeds.Select((o, i) => ($"JobPostingFeeds:{i}", o?.Name, o?.SourceOrganisation, (object?)o?.FeedUrl, "FeedUrl")))
            .Concat(options.FhirServers.Select((o, i) => ($"FhirServers:{i}", o?.Name, o?.SourceOrganisation, (object?)o?.BaseAddress, "BaseAddress")))
            .Concat(options.DropFolders.Select((o, i) => ($"DropFolders:{i}", o?.Name, o?.SourceOrganisation, (object?)o?.Folder, "Folder")));
        foreach (var (path, name, source, where, whereName) in adapters)
        {
            var setting = $"{PullOptions.Section}:{path}";
            if (string.IsNullOrWhiteSpace(name))
                yield return $"{setting}:Name is required.";
            else if (!names.Add(name))
                yield return $"{setting}:Name '{name}' is used by another adapter; names key the checkpoints and must be unique.";
            if (string.IsNullOrWhiteSpace(source))
                yield return $"{setting}:SourceOrganisation is required: the credit code recorded as the records' sender.";
            if (where is null || where is string { Length: 0 })
                yield return $"{setting}:{whereName} is required.";
        }
    }
}
