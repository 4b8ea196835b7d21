using System.Globalization;
using Exchange.Access.Requests;

namespace Exchange.Hub.Ui.Graduates;

/// <summary>How a request reads on a page.</summary>
public static class RequestDisplay
{
    public static string Kind(this SubjectRequest request, GraduateText w) => request.Kind == SubjectRequestKind.Deletion ? w.Deletion : w.Correction;

    public static string Record(this SubjectRequest request, GraduateText w) => request.Record is { } record ? Record(record, w) : w.EverythingHeld;

    public static string Record(RecordReference record, GraduateText w) =>
        $"{RecordFields.KindName(record.Kind, w)} — {record.SourceOrganisation} {record.SourceRecordId}";

    public static string Status(this SubjectRequest request, GraduateText w) => request.IsOpen ? w.StatusOpen : w.StatusHandled;

    public static string Contact(this SubjectRequest request, GraduateText w) => request.Contact switch
    {
        "email" => $"{w.ContactEmail}: {request.ContactDetail}",
        "phone" => $"{w.ContactPhone}: {request.ContactDetail}",
        _ => w.ContactUniversity,
    };

    public static string At(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
