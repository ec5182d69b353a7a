using System.Net;

namespace Festa.Cosmos.Events;

/// <summary>
/// A transactional batch failed in a way its caller does not answer itself: a transient failure (throttled,
/// timed out: the app answers 503 with Retry-After) or a fault such as a missing container (500). Classified by
/// <see cref="CosmosStatus.Classify(System.Net.HttpStatusCode, int)"/>, as every other Cosmos DB failure.
/// </summary>
public sealed class CosmosBatchException(HttpStatusCode status, string? message, int subStatus = 0, TimeSpan? retryAfter = null)
    : Exception($"A Cosmos DB transactional batch failed with {(int)status}/{subStatus}: {message}")
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>The batch's <c>x-ms-substatus</c> (1003: the container or database does not exist).</summary>
    public int SubStatus { get; } = subStatus;

    /// <summary>When the service asked to be tried again (429), if it did.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
