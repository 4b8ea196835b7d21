using Exchange.Core.Hosting;
using Exchange.Index.Matching;
using Exchange.Index.Merging;
using Exchange.Index.Queries;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Exchange.Index;

/// <summary>
/// Registers the merged index: its readers, and the merger that alone writes it from the log.
/// Needs the host's <see cref="NpgsqlDataSource"/>, <see cref="Exchange.Log.IEventLog"/> and <see cref="TimeProvider"/>.
/// </summary>
public static class IndexRegistration
{
    public static IHostApplicationBuilder AddIndex(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(sp => new SubjectRecordReader(sp.GetRequiredService<NpgsqlDataSource>()));
        builder.Services.AddSingleton(sp => new Search.GraduateSearch(sp.GetRequiredService<NpgsqlDataSource>()));
        builder.Services.AddSingleton(sp => new Search.VacancySearch(sp.GetRequiredService<NpgsqlDataSource>()));
        builder.Services.AddSingleton(sp => new Export.ExportReader(sp.GetRequiredService<NpgsqlDataSource>()));
        builder.Services.AddSingleton(sp => new IndexCounts(sp.GetRequiredService<NpgsqlDataSource>()));
        builder.Services.AddSingleton(sp => new Changes.ChangeFeedReader(sp.GetRequiredService<NpgsqlDataSource>()));
        builder.Services.AddSingleton(sp => new Changes.ChangeTopicPositions(sp.GetRequiredService<NpgsqlDataSource>()));
        builder.Services.AddValidatedOptions<ResolutionOptions>(ResolutionOptions.Section, ResolutionOptions.Problems);
        builder.Services.AddSingleton(sp => new Merger(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<TimeProvider>(),
            () => sp.GetRequiredService<IOptions<ResolutionOptions>>().Value.LoadModel(), sp.GetService<ILogger<Merger>>()));
        builder.Services.AddSingleton(sp => new MergerLag(sp.GetRequiredService<Exchange.Log.IEventLog>(), sp.GetRequiredService<NpgsqlDataSource>()));
        builder.Services.AddSingleton<MergerMetrics>();
        builder.Services.AddSingleton<MergerHost>();
        builder.Services.AddSingleton(sp => new IndexReviews(sp.GetRequiredService<NpgsqlDataSource>()));
        builder.Services.AddSingleton<StewardDecisions>();
        builder.Services.AddSingleton(sp => new SubjectGoldenRecords(sp.GetRequiredService<NpgsqlDataSource>()));
        builder.Services.AddValidatedOptions<MergerOptions>(MergerOptions.Section);
        builder.Services.AddSingleton<MergerStoodDown>();
        // Not AddHostedService, which refuses a factory typed IHostedService as indistinguishable from the other hosted services.
        builder.Services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<IOptions<MergerOptions>>().Value.Enabled
            ? sp.GetRequiredService<MergerHost>()
            : sp.GetRequiredService<MergerStoodDown>());
        builder.Services.AddSingleton(_ => MatchVocabulary.Shipped);
        builder.Services.AddSingleton(sp => new MatchEngine(new MatchScorer(sp.GetRequiredService<MatchVocabulary>()),
            new PolicyEligibilityCheck(sp.GetRequiredService<MatchVocabulary>())));
        builder.Services.AddSingleton(sp => new MatchRetrieval(sp.GetRequiredService<NpgsqlDataSource>()));
        return builder;
    }
}
