using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace Festa.Functions.Tests.Idempotency;

/// <summary>
/// Records the tables an instance writes to (every request but GET/HEAD, batches as "$batch"), as an Azure SDK
/// pipeline policy on the real clients: what a replayed request must not touch is visible without trusting the code.
/// </summary>
internal sealed class StoreWriteRecorder : HttpPipelinePolicy
{
    private readonly List<string> _writes = [];

    public void AddTo(IServiceCollection services) =>
        services.Configure<TableClientOptions>("Default", options => options.AddPolicy(this, HttpPipelinePosition.PerCall));

    /// <summary>Tables written since the last call (names without the test prefix's account path), and clears them.</summary>
    public IReadOnlyList<string> Take()
    {
        lock (_writes)
        {
            var taken = _writes.ToList();
            _writes.Clear();
            return taken;
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Record(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Record(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void Record(HttpMessage message)
    {
        if (message.Request.Method == RequestMethod.Get || message.Request.Method == RequestMethod.Head)
        {
            return;
        }

        var segment = message.Request.Uri.Path.TrimEnd('/').Split('/')[^1];
        var table = segment.Split('(')[0];
        lock (_writes)
        {
            _writes.Add(table);
        }
    }
}
