using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Festa.Core.Telemetry;
using Microsoft.ApplicationInsights;
using Microsoft.Extensions.Hosting;

namespace Festa.Functions.Observability;

/// <summary>
/// Forwards the counters of the <see cref="FestaMetrics.MeterName"/> meter to Application Insights as
/// pre-aggregated custom metrics (<c>customMetrics</c>: one row per metric and tag value per minute, never
/// sampled). The Application Insights 2.x SDK does not read <see cref="Meter"/>s by itself. Only this app's own meter
/// (the <see cref="FestaMetrics"/> of its container) is read, not every meter of that name in the process.
/// </summary>
internal sealed class ApplicationInsightsMetricForwarder(TelemetryClient client, FestaMetrics metrics) : IHostedService, IDisposable
{
    private const string NoValue = "none";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(Instrument Instrument, string? Tag1, string? Tag2), Metric> _metrics = new();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.SetMeasurementEventCallback<int>(OnMeasurement);
        _listener.SetMeasurementEventCallback<double>(OnMeasurement);
        _listener.Start();
        return Task.CompletedTask;
    }

    /// <summary>Sends what was aggregated so far, so an instance scaled in loses no counts.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _listener.Dispose();
        client.Flush();
        return Task.CompletedTask;
    }

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
        where T : struct, IConvertible
    {
        var amount = value.ToDouble(System.Globalization.CultureInfo.InvariantCulture);
        switch (tags.Length)
        {
            case 0:
                MetricFor(instrument, null, null).TrackValue(amount);
                break;
            case 1:
                MetricFor(instrument, tags[0].Key, null).TrackValue(amount, ValueOf(tags[0]));
                break;
            default:
                // Festa's instruments carry at most two tags (see FestaMetrics); more are not forwarded.
                MetricFor(instrument, tags[0].Key, tags[1].Key).TrackValue(amount, ValueOf(tags[0]), ValueOf(tags[1]));
                break;
        }
    }

    private Metric MetricFor(Instrument instrument, string? tag1, string? tag2) =>
        _metrics.GetOrAdd((instrument, tag1, tag2), key => key switch
        {
            (_, null, _) => client.GetMetric(key.Instrument.Name),
            (_, { } first, null) => client.GetMetric(key.Instrument.Name, first),
            (_, { } first, { } second) => client.GetMetric(key.Instrument.Name, first, second),
        });

    private static string ValueOf(KeyValuePair<string, object?> tag) =>
        tag.Value?.ToString() is { Length: > 0 } text ? text : NoValue;
}
