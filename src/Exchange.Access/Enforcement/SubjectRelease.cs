using System.Text.Json.Nodes;

namespace Exchange.Access.Enforcement;

/// <summary>
/// What may leave about one subject: the masked document (<c>graduate</c>, <c>certifications</c>,
/// <c>placements</c>, <c>derived</c> and the caller's handle as <c>subject</c>), or nothing. A
/// subject the caller may see nothing of and one that does not exist both come back as
/// <see cref="Nothing"/>, so a read path cannot answer them differently.
/// </summary>
public sealed class SubjectRelease
{
    private SubjectRelease(JsonObject? document) => Document = document;

    /// <summary>Nothing may be released (or there is nothing).</summary>
    public static SubjectRelease Nothing { get; } = new(null);

    /// <summary>The masked document; null when nothing may be released.</summary>
    public JsonObject? Document { get; }

    /// <summary>True when something may be released.</summary>
    public bool IsReleased => Document is not null;

    internal static SubjectRelease Of(JsonObject document) => new(document);
}
