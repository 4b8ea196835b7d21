using Exchange.Hub;
using Exchange.Core.Hosting;

try
{
    await using var app = await HubApplication.BuildAsync(args);
    await app.RunAsync();
    return 0;
}
catch (Exception exception) when (SettingsRefusal.TryGetFailures(exception, out var failures))
{
    // A wrong setting is the operator's to fix, not a crash: name each one, without a stack trace.
    SettingsRefusal.Print(failures, Console.Error);
    return 2;
}
