using System.Diagnostics.Metrics;

namespace Exchange.Testing;

/// <summary>A meter factory for parts built by hand in tests, without a host's metrics services.</summary>
public sealed class TestMeters : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options);
        lock (_meters)
            _meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        lock (_meters)
            _meters.ForEach(m => m.Dispose());
    }
}
