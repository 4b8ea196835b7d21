using System.ComponentModel.DataAnnotations;

namespace Exchange.Hub.Health;

/// <summary>When the hub reports itself ready to take traffic (<c>/health/ready</c>).</summary>
public sealed class HealthOptions
{
    public const string Section = "Exchange:Health";

    /// <summary>
    /// Records the merged index may stand behind the record topics, all partitions together, before
    /// the hub reports itself not ready. A bulk import passes it for a while: the merger keeps
    /// merging, and the hub reports ready again once it has caught up.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long MaxMergerLag { get; set; } = 100_000;
}
