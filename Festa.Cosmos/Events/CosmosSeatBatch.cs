using Festa.Core.Events.SignUps.Ledger;
using Microsoft.Azure.Cosmos;

namespace Festa.Cosmos.Events;

/// <summary>
/// Reads a seat batch's response into the ledger's terms, over <see cref="CosmosBatchOutcome"/> (the one mapping of
/// Cosmos batch statuses; tested with the SDK's own response types, since the local test server has no transactional
/// batch). Operation 0 is the counter's patch, operations 1… the sign-up documents.
/// </summary>
internal static class CosmosSeatBatch
{
    public const int MaxOperations = 100;

    public const int CounterOperations = 1;

    /// <exception cref="CosmosBatchException">
    /// A failure the batch cannot answer: throttling or a timeout left after the SDK's own retries (transient: the
    /// policy tries once more, deciding by the request id it wrote, then the app answers 503 with the service's
    /// <c>Retry-After</c>), or a fault such as a missing container (never retried, a loud 500).
    /// </exception>
    public static SeatCommit Outcome(TransactionalBatchResponse response)
    {
        var outcome = CosmosBatchOutcome.Of(response);
        if (outcome.Succeeded)
        {
            return SeatCommit.Committed;
        }

        if (outcome.FailedIndex == 0 && outcome.Failure is CosmosFailure.Rejected or CosmosFailure.Missing)
        {
            return SeatCommit.CounterChanged; // no room for all of them now, or the event is gone or being deleted: read again
        }

        if (outcome.FailedIndex >= CounterOperations && outcome.Failure is CosmosFailure.Rejected or CosmosFailure.Missing)
        {
            return SeatCommit.ClaimExists(outcome.FailedIndex - CounterOperations);
        }

        throw outcome.ToException(response.ErrorMessage);
    }
}
