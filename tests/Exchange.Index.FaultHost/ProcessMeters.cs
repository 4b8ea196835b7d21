using System.Diagnostics.Metrics;

namespace Exchange.Index.FaultHost;

/// <summary>The meters of this process, without a service container to own them.</summary>
internal sealed class ProcessMeters : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose() => _meters.ForEach(m => m.Dispose());
}
