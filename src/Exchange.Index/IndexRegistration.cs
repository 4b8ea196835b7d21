using Exchange.Index.Queries;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Exchange.Index;

/// <summary>Registers the merged index's readers. Needs the host's <see cref="NpgsqlDataSource"/>.</summary>
public static class IndexRegistration
{
    public static IHostApplicationBuilder AddIndex(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(sp => new SubjectRecordReader(sp.GetRequiredService<NpgsqlDataSource>()));
        return builder;
    }
}
