namespace Exchange.Core.Hosting;

/// <summary>Arguments every host of the hub is built with.</summary>
public static class HostArguments
{
    /// <summary>
    /// No settings file is watched for changes. A watching file source watches its folder and every
    /// folder under it (on Linux an inotify watch for each); run from the repository, that holds the
    /// embedded server's data folder, whose every write would then wake the hub. No setting of the
    /// hub is read again after the start, so there is nothing to reload.
    /// </summary>
    public const string NoConfigurationReload = "--hostBuilder:reloadConfigOnChange=false";
}
