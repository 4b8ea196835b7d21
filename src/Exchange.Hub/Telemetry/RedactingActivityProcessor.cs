using System.Diagnostics;
using Exchange.Core.Hosting;
using OpenTelemetry;

namespace Exchange.Hub.Telemetry;

/// <summary>
/// Holds traces to the rule logs keep: no resident id, query string or linkage key leaves the
/// hub. A request's <c>url.path</c> carries a subject's key (<c>/v1/subjects/{key}</c>), and an
/// instrumentation may add other text; every text tag and the name are redacted before any
/// exporter sees the activity. It must be the first processor: exporters export in their own
/// <c>OnEnd</c>, in the order processors were added.
/// </summary>
internal sealed class RedactingActivityProcessor : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.DisplayName = LogRedaction.Redact(data.DisplayName);
        List<KeyValuePair<string, string>>? redacted = null;
        foreach (var (key, value) in data.TagObjects)
        {
            if (value is string text && LogRedaction.Redact(text) is var clean && clean != text)
                (redacted ??= []).Add(new(key, clean));
        }
        // Set after the walk: setting a tag while enumerating them would change the list under it.
        foreach (var (key, clean) in redacted ?? [])
            data.SetTag(key, clean);
        if (data.StatusDescription is { } description)
            data.SetStatus(data.Status, LogRedaction.Redact(description));
    }
}
