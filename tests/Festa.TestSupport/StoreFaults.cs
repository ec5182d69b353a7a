using System.Net;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace Festa.TestSupport;

/// <summary>Where an injected fault strikes a store request.</summary>
public enum StoreFault
{
    /// <summary>The connection fails before the request is sent: nothing was written.</summary>
    BeforeCommit,

    /// <summary>The store applied the write, then the answer was lost: the caller sees a failure for work that was done.</summary>
    AfterCommit,
}

/// <summary>
/// Injects store faults into an instance's real clients, at a seeded rate, for torture tests.
/// Table Storage: one policy on both sides of the SDK's retry policy — per retry (the SDK itself retries after a lost
/// answer, so a conditional insert may come back 409 for its own write, as it can on Azure) and per call (the fault
/// survives the SDK's retries and reaches Festa as a transient <see cref="RequestFailedException"/>). Cosmos DB: a
/// request handler (after the SDK's retries) that throws 503 before or after the request.
/// Only writes fail after commit (a lost read answer is just a failed read). Off until <see cref="Enabled"/>.
/// </summary>
public sealed class StoreFaults(int seed, double beforeCommitRate, double afterCommitRate)
{
    private readonly Random _random = new(seed);
    private int _before;
    private int _after;

    public bool Enabled { get; set; }

    public int BeforeCommitCount => Volatile.Read(ref _before);

    public int AfterCommitCount => Volatile.Read(ref _after);

    /// <summary>Adds the faults to the clients an instance registers.</summary>
    public void AddTo(IServiceCollection services)
    {
        services.Configure<TableClientOptions>("Default", options =>
        {
            options.AddPolicy(new TablePolicy(this), HttpPipelinePosition.PerCall);
            options.AddPolicy(new TablePolicy(this), HttpPipelinePosition.PerRetry);
        });
        services.AddSingleton<RequestHandler>(new CosmosHandler(this));
    }

    private StoreFault? Next(bool isWrite)
    {
        if (!Enabled)
        {
            return null;
        }

        double roll;
        lock (_random)
        {
            roll = _random.NextDouble();
        }

        if (roll < beforeCommitRate)
        {
            Interlocked.Increment(ref _before);
            return StoreFault.BeforeCommit;
        }

        if (isWrite && roll < beforeCommitRate + afterCommitRate)
        {
            Interlocked.Increment(ref _after);
            return StoreFault.AfterCommit;
        }

        return null;
    }

    private sealed class TablePolicy(StoreFaults faults) : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var fault = faults.Next(message.Request.Method != RequestMethod.Get);
            if (fault is StoreFault.BeforeCommit)
            {
                // What HttpClientTransport throws for a reset connection: status 0, retriable.
                throw new RequestFailedException(0, "Injected fault: the connection failed before the request was sent.");
            }

            await ProcessNextAsync(message, pipeline);
            if (fault is StoreFault.AfterCommit && message.Response.Status < 300)
            {
                throw new RequestFailedException(0, "Injected fault: the request was applied, its answer lost.");
            }
        }
    }

    private sealed class CosmosHandler(StoreFaults faults) : RequestHandler
    {
        public override async Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
        {
            var fault = faults.Next(request.Method != HttpMethod.Get);
            if (fault is StoreFault.BeforeCommit)
            {
                throw Unavailable("before the request was sent");
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (fault is StoreFault.AfterCommit && response.IsSuccessStatusCode)
            {
                throw Unavailable("after the request was applied");
            }

            return response;
        }

        private static CosmosException Unavailable(string when) =>
            new($"Injected fault: service unavailable {when}.", HttpStatusCode.ServiceUnavailable, 0, Guid.NewGuid().ToString(), 0);
    }
}
