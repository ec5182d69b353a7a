namespace Festa.Core;

/// <summary>
/// Implemented by each store adapter: recognises its SDK's exceptions that mean "overloaded or
/// unreachable, try again" (after the SDK's own retries gave up), as opposed to a bug.
/// </summary>
public interface ITransientFailureClassifier
{
    bool IsTransient(Exception exception);

    /// <summary>When the store asked to be tried again (Cosmos DB's <c>x-ms-retry-after-ms</c> on a 429), if it said.</summary>
    TimeSpan? RetryAfterOf(Exception exception) => null;
}
