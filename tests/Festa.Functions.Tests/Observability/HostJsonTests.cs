using System.Text.Json;
using Festa.TestSupport;

namespace Festa.Functions.Tests.Observability;

/// <summary>The host's telemetry settings: quiet per-request logs, every request row kept, everything else sampled.</summary>
public sealed class HostJsonTests
{
    private static readonly JsonElement Logging =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "host.json"))).RootElement.GetProperty("logging");

    [Fact]
    public void The_host_logs_warnings_but_no_per_invocation_information_and_keeps_request_rows()
    {
        var levels = Logging.GetProperty("logLevel");

        Assert.Equal("Warning", levels.GetProperty("default").GetString());
        Assert.Equal("Warning", levels.GetProperty("Function").GetString());
        Assert.Equal("Information", levels.GetProperty("Host.Results").GetString());
        Assert.Equal("Trace", levels.GetProperty("Host.Aggregator").GetString());
    }

    [Fact]
    public void Host_sampling_is_on_and_never_drops_requests_or_exceptions()
    {
        var sampling = Logging.GetProperty("applicationInsights").GetProperty("samplingSettings");

        Assert.True(sampling.GetProperty("isEnabled").GetBoolean());
        Assert.Equal(["Exception", "Request"], sampling.GetProperty("excludedTypes").GetString()!.Split(';').Order());
    }
}
