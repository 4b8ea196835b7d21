using Exchange.Access.Requests;
using Exchange.Hub.Ui.Agreements;
using Microsoft.AspNetCore.Mvc;

namespace Exchange.Hub.Ui.Graduates;

/// <summary>What a graduate's request to correct or delete posts.</summary>
public sealed class RequestForm
{
    public const int MostCharacters = 2000;

    [FromForm(Name = "kind")] public string? Kind { get; set; }
    [FromForm(Name = "record")] public string? Record { get; set; }
    [FromForm(Name = "field")] public string? Field { get; set; }
    [FromForm(Name = "details")] public string? Details { get; set; }
    [FromForm(Name = "contact")] public string? Contact { get; set; }
    [FromForm(Name = "contactDetail")] public string? ContactDetail { get; set; }

    /// <summary>How a record is named in the form's choice: kind, sender and the sender's id, which the subject's own records are checked against.</summary>
    public static string Value(RecordReference record) => $"{record.Kind}|{record.SourceOrganisation}|{record.SourceRecordId}";

    /// <summary>The request's kind, or the problems of the form; the record must be one of <paramref name="own"/> (empty value: everything).</summary>
    public (SubjectRequestKind Kind, RecordReference? Record) Check(IReadOnlyList<RecordReference> own, FormProblems problems)
    {
        var kind = Kind switch { "correction" => SubjectRequestKind.Correction, "deletion" => SubjectRequestKind.Deletion, _ => (SubjectRequestKind?)null };
        if (kind is null)
            Add(problems, RequestFields.Kind, w => w.KindRequired, "request.kind-required");
        RecordReference? record = null;
        if (!string.IsNullOrEmpty(Record))
        {
            record = own.FirstOrDefault(r => Value(r) == Record);
            if (record is null)
                Add(problems, RequestFields.Record, w => w.RecordUnknown, "request.record-unknown");
        }
        if (string.IsNullOrWhiteSpace(Details))
            Add(problems, RequestFields.Details, w => w.DetailsRequired, "request.details-required");
        else if (Details.Trim().Length > MostCharacters)
            Add(problems, RequestFields.Details, w => w.DetailsTooLong, "request.details-too-long");
        if (Contact is null || !SubjectRequestStore.Contacts.Contains(Contact))
            Add(problems, RequestFields.Contact, w => w.ContactRequired, "request.contact-required");
        else if (Contact != "university" && string.IsNullOrWhiteSpace(ContactDetail))
            Add(problems, RequestFields.ContactDetail, w => w.ContactDetailRequired, "request.contact-detail-required");
        return (kind ?? SubjectRequestKind.Correction, record);
    }

    private static void Add(FormProblems problems, string field, Func<GraduateText, string> text, string code) =>
        problems.Add(new FormProblem(field, code, text(GraduateTexts.English), text(GraduateTexts.Chinese)));
}

/// <summary>The ids of the request form's fields; a group's first choice carries the group's id, so that the error summary's link lands on it.</summary>
public static class RequestFields
{
    public const string Kind = "request-kind";
    public const string Record = "record";
    public const string Field = "field";
    public const string Details = "details";
    public const string Contact = "contact";
    public const string ContactDetail = "contact-detail";
    public const string Note = "note";

    /// <summary>The id of a choice of a group: the group's own for the first.</summary>
    public static string ChoiceId(string group, string code, bool first) => first ? group : $"{group}-{code}";
}
