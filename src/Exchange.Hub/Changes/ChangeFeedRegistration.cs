using Exchange.Access.Tokens;
using Exchange.Core.Hosting;
using Exchange.Core.Pseudonymisation;

namespace Exchange.Hub.Changes;

/// <summary>The change feed: its cursors, the feed itself, and the topics published per subscriber, checked on start against the registered clients.</summary>
internal static class ChangeFeedRegistration
{
    public static void AddChangeFeed(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddSingleton(sp => new ChangeCursor(sp.GetRequiredService<DeploymentSecrets>().Handles));
        builder.Services.AddSingleton<ChangeFeed>();
        builder.Services.AddValidatedOptions<List<ChangeTopic>>(ChangeTopic.Section, topics => ChangeTopic.Problems(topics,
            configuration.GetSection(ClientRegistration.SectionName).Get<List<ClientRegistration>>() ?? []));
        builder.Services.AddHostedService<ChangeTopicPublisher>();
    }
}
