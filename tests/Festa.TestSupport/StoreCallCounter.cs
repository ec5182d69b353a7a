using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace Festa.TestSupport;

/// <summary>
/// Counts the store requests an instance makes, as an Azure SDK pipeline policy on the real clients
/// (per call, so the SDK's own retries are not counted twice).
/// </summary>
public sealed class StoreCallCounter : HttpPipelinePolicy
{
    private int _calls;
    private int _batches;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Entity-group transactions among the calls.</summary>
    public int Batches => Volatile.Read(ref _batches);

    /// <summary>Adds the counter to the clients an instance registers.</summary>
    public void AddTo(IServiceCollection services) =>
        services.Configure<TableClientOptions>("Default", options => options.AddPolicy(this, HttpPipelinePosition.PerCall));

    public int Reset()
    {
        Interlocked.Exchange(ref _batches, 0);
        return Interlocked.Exchange(ref _calls, 0);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void Count(HttpMessage message)
    {
        Interlocked.Increment(ref _calls);
        if (message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _batches);
        }
    }
}
