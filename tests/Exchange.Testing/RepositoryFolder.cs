namespace Exchange.Testing;

/// <summary>The repository's root folder, found above the running test (where <c>Exchange.sln</c> is), for tests that read its files or run its tools.</summary>
public static class RepositoryFolder
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Exchange.sln")))
                return folder.FullName;
        }
        throw new InvalidOperationException("The repository root (Exchange.sln) is not above the test's folder.");
    }
}
