using System.Net;
using Festa.Core;
using Microsoft.Azure.Cosmos;

namespace Festa.Cosmos;

/// <summary>Throttling, timeouts and unavailability left over after the SDK's own retries.</summary>
internal sealed class CosmosTransientFailureClassifier : ITransientFailureClassifier
{
    private static readonly HashSet<HttpStatusCode> TransientStatuses =
    [
        HttpStatusCode.RequestTimeout,
        HttpStatusCode.TooManyRequests,
        HttpStatusCode.Gone,
        HttpStatusCode.InternalServerError,
        HttpStatusCode.BadGateway,
        HttpStatusCode.ServiceUnavailable,
        HttpStatusCode.GatewayTimeout,
    ];

    public bool IsTransient(Exception exception) => exception switch
    {
        CosmosException cosmos => TransientStatuses.Contains(cosmos.StatusCode),
        Events.CosmosBatchException batch => TransientStatuses.Contains(batch.Status) || (int)batch.Status == 449,
        HttpRequestException or TimeoutException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsTransient),
        _ => false,
    };
}
