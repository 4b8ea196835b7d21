using System.Text;
using Exchange.Core.Model;
using Exchange.Hub.Tests.Support;
using Exchange.Log;
using Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Exchange.Hub.Tests.Records;

[Collection(PostgresCollection.Name)]
public sealed class PullHostTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Configured_drop_folder_is_polled_by_the_hub_and_its_rows_reach_the_log()
    {
        using var drop = new TempFolder("exchange-hub-drop");
        var g = Samples.Valid("graduate");
        var header = "recordId,institutionCode,studentId,residentId,name,sex,birthDate,originRegion,educationLevel,majorCode,majorName,enrolmentDate,graduationDate,cohort";
        var row = string.Join(",", header.Split(',').Select(column => g[column]!.ToString()));
        await File.WriteAllTextAsync(drop.Combine("export-2026-06.csv"), header + "\r\n" + row + "\r\n", Encoding.UTF8);
        await File.WriteAllTextAsync(drop.Combine("export-2026-06.csv.done"), "");

        await using var hub = await HubHost.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["Exchange:Pull:Interval"] = "00:00:01",
            ["Exchange:Pull:DropFolders:0:Name"] = "pku-drop",
            ["Exchange:Pull:DropFolders:0:Folder"] = drop.Path,
            ["Exchange:Pull:DropFolders:0:SourceOrganisation"] = TestClients.UniversityA.Organisation,
            ["Exchange:Pull:DropFolders:0:Kind"] = "graduate",
        });

        var processed = Path.Combine(drop.Path, "processed", "export-2026-06.csv");
        for (var waited = 0; !File.Exists(processed) && waited < 60; waited++)
            await Task.Delay(TimeSpan.FromSeconds(1), TestTimeout.Token());

        Assert.True(File.Exists(processed), "The hub did not pick up the dropped file within 60 s.");
        var messages = await hub.Services.GetRequiredService<IEventLog>().CountMessagesAsync(Topics.For(RecordKind.Graduate), TestTimeout.Token());
        Assert.Equal(1, messages);
    }
}
