namespace Exchange.Adapters.Pull;

/// <summary>The pull adapters this hub runs, and how often each polls its source.</summary>
public sealed class PullOptions
{
    public const string Section = "Exchange:Pull";

    /// <summary>Time between the end of one round of an adapter and the start of its next.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>University REST sources polled for records.</summary>
    public List<UniversityRestOptions> UniversityRest { get; set; } = [];

    /// <summary>Employers' schema.org JobPosting feeds polled for vacancies.</summary>
    public List<JobPostingFeedOptions> JobPostingFeeds { get; set; } = [];

    /// <summary>Government FHIR R4 servers polled for certifications.</summary>
    public List<FhirServerOptions> FhirServers { get; set; } = [];

    /// <summary>Folders where sources leave CSV files.</summary>
    public List<DropFolderOptions> DropFolders { get; set; } = [];
}
