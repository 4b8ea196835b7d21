using Exchange.Hub;

var app = await HubApplication.BuildAsync(args);
await app.RunAsync();
