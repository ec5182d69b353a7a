using Microsoft.Azure.Cosmos;

namespace Festa.Cosmos;

/// <summary>
/// Runs one kind of operation over many items of one logical partition as transactional batches of at
/// most <see cref="MaxOperations"/> (the service's limit: "Transactional batch operations in Azure Cosmos
/// DB", 100 operations, 2 MB). An operation refused for an expected reason (e.g. the item is already gone)
/// is dropped and the rest of its batch sent again; any other failure throws a
/// <see cref="Events.CosmosBatchException"/> (transient ones become 503 "busy", so the caller retries).
/// </summary>
internal static class CosmosBatches
{
    public const int MaxOperations = 100;

    /// <param name="ids">The items to apply the operation to.</param>
    /// <param name="execute">Builds and executes one batch over the given ids (the only call to the SDK).</param>
    /// <param name="droppable">Failures that mean "nothing to do for this item" (e.g. Missing for a delete).</param>
    /// <returns>How many operations were applied (dropped ones not counted).</returns>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> ids,
        Func<IReadOnlyList<string>, CancellationToken, Task<TransactionalBatchResponse>> execute,
        Func<CosmosFailure, bool> droppable,
        CancellationToken cancellationToken)
    {
        var applied = 0;
        foreach (var chunk in ids.Chunk(MaxOperations))
        {
            var pending = chunk.ToList();

            // Each retry has one operation fewer, so a batch is sent at most MaxOperations times.
            while (pending.Count > 0)
            {
                using var response = await execute(pending, cancellationToken);
                var outcome = CosmosBatchOutcome.Of(response);
                if (outcome.Succeeded)
                {
                    applied += pending.Count;
                    break;
                }

                if (outcome.FailedIndex < 0 || !droppable(outcome.Failure))
                {
                    throw outcome.ToException(response.ErrorMessage);
                }

                pending.RemoveAt(outcome.FailedIndex);
            }
        }

        return applied;
    }
}
