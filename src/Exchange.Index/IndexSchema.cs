using Exchange.Postgres;

namespace Exchange.Index;

/// <summary>The merged index's schema (<c>public</c>) and the migrations embedded in this assembly.</summary>
public static class IndexSchema
{
    /// <summary>The schema and its migrations.</summary>
    public static PartSchema Part { get; } = new("public", typeof(IndexSchema).Assembly);
}
