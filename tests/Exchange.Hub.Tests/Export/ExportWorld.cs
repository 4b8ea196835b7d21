using Exchange.Core.Pseudonymisation;
using Exchange.Hub.Tests.Security;
using Exchange.Hub.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Exchange.Hub.Tests.Export;

/// <summary>
/// What the export tests find in the index: a graduate shared with every employer (agreement and
/// consent for identity, education and contact, for matching) with a placement no agreement
/// shares; a graduate of the same university nobody consented for; and a vacancy.
/// </summary>
public sealed record ExportWorld(WorldSubject Shared, IReadOnlyList<string> HiddenValues, string HiddenKey, string VacancyTitle)
{
    public static async Task<ExportWorld> BuildAsync(HubHost hub)
    {
        var world = await SubjectWorld.BuildAsync(hub, employerRoleOnly: true);
        var shared = world.SharedWithEmployers;
        var hiddenKey = hub.Services.GetRequiredService<LinkageKeys>().KeyFor(ResidentIds.Make(901))!;
        var hidden = await SubjectWorld.InsertGraduateAsync(hub, shared.ProviderOrganisation, 901, hiddenKey);

        var placement = Samples.Valid("placement");
        placement["recordId"] = "EXPORT-PL-0001";
        await SubjectWorld.InsertRecordAsync(hub, "placement", TestClients.EmployerB.Organisation, placement, shared.SubjectKey);
        var vacancy = Samples.Valid("vacancy");
        await SubjectWorld.InsertRecordAsync(hub, "vacancy", TestClients.EmployerA.Organisation, vacancy, null!);
        await hub.WaitForMergerAsync();
        return new ExportWorld(shared, hidden, hiddenKey, (string)vacancy["title"]!);
    }
}
