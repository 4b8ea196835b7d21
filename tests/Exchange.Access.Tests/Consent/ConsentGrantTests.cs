using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Access.Consent;
using Exchange.Core.Model;
using Exchange.Core.Validation;
using static Exchange.Access.Tests.Decisions.PolicyTestData;

namespace Exchange.Access.Tests.Consent;

public sealed class ConsentGrantTests
{
    private static ConsentRecord Record(params string[] categories) => new()
    {
        RecordId = "c-9",
        Grantee = new ConsentGrantee { Role = "bureau" },
        Purposes = ["service-delivery"],
        DataCategories = categories,
        ValidFrom = From,
        ValidThrough = Through,
        Status = "active",
        GivenAt = Recorded,
        Evidence = new ConsentEvidence { Method = "signed-form", Reference = "form/9" },
    };

    [Fact]
    public void A_pseudonymised_record_becomes_a_grant_keyed_by_subject()
    {
        var result = ConsentGrant.FromRecord(Record("hardship", "disability"), Subject, University);

        var grant = Assert.IsType<ConsentGrant>(result.Grant);
        Assert.Equal((Subject, Grantee.OfRole(PartyRole.Bureau), "c-9", University), (grant.SubjectKey, grant.Grantee, grant.SourceRecordId, grant.SourceOrganisation));
        Assert.True(grant.IsSeparate);
        Assert.Equal([Purpose.ServiceDelivery], grant.Purposes);
    }

    [Fact]
    public void A_record_mixing_sensitive_and_other_categories_is_rejected()
    {
        var result = ConsentGrant.FromRecord(Record("hardship", "education"), Subject, University);

        Assert.Null(result.Grant);
        Assert.Equal(ProblemCodes.ConsentSensitiveNotSeparate, Assert.Single(result.Problems).Code);
    }

    [Fact]
    public void An_unknown_category_is_a_problem_not_silently_dropped()
    {
        var result = ConsentGrant.FromRecord(Record("education", "astrology"), Subject, University);

        Assert.Equal(("/dataCategories/1", ProblemCodes.CodeUnknown), (Assert.Single(result.Problems).Pointer, result.Problems[0].Code));
    }
}
