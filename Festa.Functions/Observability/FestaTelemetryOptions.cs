using System.ComponentModel.DataAnnotations;

namespace Festa.Functions.Observability;

/// <summary>Configuration section <c>Festa:Telemetry</c>: the worker's Application Insights knobs.</summary>
public sealed class FestaTelemetryOptions
{
    public const string Section = "Festa:Telemetry";

    /// <summary>
    /// Adaptive sampling target per instance for the worker's dependencies and traces (requests and
    /// exceptions are never sampled; metrics are pre-aggregated and never sampled).
    /// </summary>
    [Range(0.1, 10_000)]
    public double MaxSampledItemsPerSecond { get; set; } = 20;

    /// <summary>Live Metrics (QuickPulse) stream from the worker.</summary>
    public bool LiveMetrics { get; set; } = true;
}
