namespace Exchange.Postgres.Embedded;

/// <summary>
/// Where things live inside the hub's data folder. The cluster sits in its own subfolder so the
/// password file and log can stay with the hub's account when the server runs as another user.
/// </summary>
internal sealed class ClusterLayout
{
    public ClusterLayout(string dataDirectory)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
    }

    public string DataDirectory { get; }

    public string ClusterDirectory => Path.Combine(DataDirectory, "cluster");

    public string PasswordFile => Path.Combine(DataDirectory, "superuser.password");

    public string RuntimePasswordFile => Path.Combine(DataDirectory, "runtime.password");

    public string LogFile => Path.Combine(DataDirectory, "postgres.log");

    public string VersionFile => Path.Combine(ClusterDirectory, "PG_VERSION");

    public string PidFile => Path.Combine(ClusterDirectory, "postmaster.pid");

    /// <summary>Which hub process started the running server (see <see cref="ServerOwner"/>).</summary>
    public string OwnerFile => Path.Combine(DataDirectory, "hub.owner");

    public bool HasCluster => File.Exists(VersionFile);
}
