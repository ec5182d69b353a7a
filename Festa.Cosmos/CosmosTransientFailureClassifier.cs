using Festa.Core;
using Festa.Cosmos.Events;
using Microsoft.Azure.Cosmos;

namespace Festa.Cosmos;

/// <summary>
/// Throttling, timeouts and unavailability left over after the SDK's own retries (the app answers 503
/// "busy"), by <see cref="CosmosStatus.Classify(System.Net.HttpStatusCode, int)"/>: a missing container (404/1003) or any 4xx fault is not
/// transient and stays a loud 500.
/// </summary>
internal sealed class CosmosTransientFailureClassifier : ITransientFailureClassifier
{
    public bool IsTransient(Exception exception) => exception switch
    {
        CosmosException cosmos => cosmos.Classify().IsTransient(),
        CosmosBatchException batch => CosmosStatus.Classify(batch.Status, batch.SubStatus).IsTransient(),
        HttpRequestException or TimeoutException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsTransient),
        _ => false,
    };

    public TimeSpan? RetryAfterOf(Exception exception) => exception switch
    {
        CosmosException cosmos => cosmos.RetryAfter,
        CosmosBatchException batch => batch.RetryAfter,
        AggregateException aggregate => aggregate.InnerExceptions.Select(RetryAfterOf).FirstOrDefault(r => r is not null),
        _ => null,
    };
}
