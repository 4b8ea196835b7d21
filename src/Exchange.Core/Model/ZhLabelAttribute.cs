namespace Exchange.Core.Model;

/// <summary>
/// The Chinese label of a record property, published in the JSON Schema as <c>x-label-zh</c>
/// so that source systems whose staff read Chinese can map their fields without guessing.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Class, AllowMultiple = false)]
public sealed class ZhLabelAttribute(string label) : Attribute
{
    /// <summary>The label, e.g. 姓名.</summary>
    public string Label { get; } = label;
}
