namespace Exchange.Adapters.Pull;

/// <summary>The pull adapters this hub runs, and how often each polls its source.</summary>
public sealed class PullOptions
{
    public const string Section = "Exchange:Pull";

    /// <summary>Time between the end of one round of an adapter and the start of its next.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    public List<UniversityRestOptions> UniversityRest { get; set; } = [];

    public List<JobPostingFeedOptions> JobPostingFeeds { get; set; } = [];

    public List<FhirServerOptions> FhirServers { get; set; } = [];

    public List<DropFolderOptions> DropFolders { get; set; } = [];
}
