using System.Net;
using Festa.Cosmos;
using Festa.Cosmos.Events;
using Festa.Stores.Tests.Cosmos.Fakes;

namespace Festa.Stores.Tests.Cosmos;

/// <summary>
/// Every branch of the transactional-batch mapping (<see cref="CosmosBatchOutcome"/>, <see cref="CosmosBatches"/>),
/// fed with <c>TransactionalBatchResponse</c>s shaped as the SDK shapes them; the local test server has no batches.
/// </summary>
public sealed class CosmosBatchOutcomeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void A_successful_batch_has_no_failed_operation()
    {
        using var response = FakeBatch.Succeeded(2);
        var outcome = CosmosBatchOutcome.Of(response);

        Assert.True(outcome.Succeeded);
        Assert.Equal((-1, CosmosFailure.None, false, false), (outcome.FailedIndex, outcome.Failure, outcome.IsTransient, outcome.MayHaveCommitted));
    }

    [Theory]
    [InlineData(0, HttpStatusCode.Conflict, CosmosFailure.Rejected)] // sign-up document exists: one seat per member
    [InlineData(1, HttpStatusCode.PreconditionFailed, CosmosFailure.Rejected)] // patch filter: full, or the event is being deleted
    [InlineData(1, HttpStatusCode.NotFound, CosmosFailure.Missing)] // the event document is gone
    [InlineData(0, HttpStatusCode.TooManyRequests, CosmosFailure.Throttled)]
    [InlineData(1, HttpStatusCode.RequestTimeout, CosmosFailure.Transient)]
    public void The_failed_operation_is_the_one_that_is_not_424(int index, HttpStatusCode status, CosmosFailure failure)
    {
        using var response = FakeBatch.OperationFailed(2, index, status);
        var outcome = CosmosBatchOutcome.Of(response);

        Assert.Equal((index, status, failure), (outcome.FailedIndex, outcome.Status, outcome.Failure));
        Assert.True(outcome.Is(index, failure));
        Assert.False(outcome.Is(1 - index, failure));
        Assert.Equal(failure.IsTransient(), outcome.IsTransient);
    }

    [Fact]
    public void A_single_operation_batch_failing_with_404_means_that_item_is_missing()
    {
        using var response = FakeBatch.OperationFailed(1, 0, HttpStatusCode.NotFound);
        Assert.True(CosmosBatchOutcome.Of(response).Is(0, CosmosFailure.Missing));
    }

    [Fact]
    public void A_throttled_operation_carries_its_RetryAfter()
    {
        using var response = FakeBatch.OperationFailed(2, 1, HttpStatusCode.TooManyRequests, retryAfter: TimeSpan.FromMilliseconds(800));
        var outcome = CosmosBatchOutcome.Of(response);

        Assert.Equal((1, CosmosFailure.Throttled, TimeSpan.FromMilliseconds(800)), (outcome.FailedIndex, outcome.Failure, outcome.RetryAfter));
        Assert.False(outcome.MayHaveCommitted);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, 3200, CosmosFailure.Throttled, false)]
    [InlineData(HttpStatusCode.RequestTimeout, 0, CosmosFailure.Transient, true)]
    [InlineData(HttpStatusCode.Gone, 1002, CosmosFailure.Transient, false)]
    [InlineData((HttpStatusCode)449, 0, CosmosFailure.Transient, false)]
    [InlineData(HttpStatusCode.InternalServerError, 0, CosmosFailure.Transient, true)]
    [InlineData(HttpStatusCode.BadGateway, 0, CosmosFailure.Transient, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, 0, CosmosFailure.Transient, true)]
    [InlineData(HttpStatusCode.GatewayTimeout, 0, CosmosFailure.Transient, true)]
    [InlineData(HttpStatusCode.NotFound, CosmosStatus.OwnerResourceNotFound, CosmosFailure.Fault, false)]
    [InlineData(HttpStatusCode.NotFound, 0, CosmosFailure.Fault, false)] // whole batch 404: the container is not there
    [InlineData(HttpStatusCode.BadRequest, 0, CosmosFailure.Fault, false)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge, 0, CosmosFailure.Fault, false)]
    public void A_batch_level_failure_has_no_failed_operation(HttpStatusCode status, int subStatus, CosmosFailure failure, bool mayHaveCommitted)
    {
        using var response = FakeBatch.BatchFailed(2, status, subStatus, status == HttpStatusCode.TooManyRequests ? TimeSpan.FromSeconds(2) : null);
        var outcome = CosmosBatchOutcome.Of(response);

        Assert.Equal((-1, status, subStatus, failure, mayHaveCommitted), (outcome.FailedIndex, outcome.Status, outcome.SubStatus, outcome.Failure, outcome.MayHaveCommitted));
        Assert.Equal(status == HttpStatusCode.TooManyRequests ? TimeSpan.FromSeconds(2) : null, outcome.RetryAfter);

        var exception = outcome.ToException(response.ErrorMessage);
        Assert.Equal((status, subStatus, outcome.RetryAfter), (exception.Status, exception.SubStatus, exception.RetryAfter));
        Assert.Equal(failure.IsTransient(), new CosmosTransientFailureClassifier().IsTransient(exception));
    }

    [Fact]
    public void An_empty_failed_batch_is_a_batch_level_failure()
    {
        using var response = FakeBatch.BatchFailed(0, HttpStatusCode.ServiceUnavailable);
        Assert.Equal((-1, CosmosFailure.Transient), (CosmosBatchOutcome.Of(response).FailedIndex, CosmosBatchOutcome.Of(response).Failure));
    }

    [Fact]
    public async Task Batches_hold_at_most_100_operations_and_cover_every_id_once()
    {
        var ids = Enumerable.Range(0, 250).Select(i => $"signup.m{i:D3}").ToList();
        var sent = new List<IReadOnlyList<string>>();

        var applied = await CosmosBatches.RunAsync(ids, (batch, _) =>
        {
            sent.Add([.. batch]);
            return Task.FromResult(FakeBatch.Succeeded(batch.Count));
        }, _ => false, Ct);

        Assert.Equal(250, applied);
        Assert.Equal([100, 100, 50], sent.Select(b => b.Count));
        Assert.Equal(ids, sent.SelectMany(b => b));
    }

    [Fact]
    public async Task An_operation_refused_for_an_expected_reason_is_dropped_and_the_rest_sent_again()
    {
        var ids = new[] { "a", "b", "c" };
        var sent = new List<string[]>();
        var answers = new Queue<Func<int, Microsoft.Azure.Cosmos.TransactionalBatchResponse>>(
        [
            n => FakeBatch.OperationFailed(n, 1, HttpStatusCode.NotFound), // "b" was deleted meanwhile
            n => FakeBatch.OperationFailed(n, 0, HttpStatusCode.PreconditionFailed), // "a" changed meanwhile
            FakeBatch.Succeeded,
        ]);

        var applied = await CosmosBatches.RunAsync(ids, (batch, _) =>
        {
            sent.Add([.. batch]);
            return Task.FromResult(answers.Dequeue()(batch.Count));
        }, failure => failure is CosmosFailure.Missing or CosmosFailure.Rejected, Ct);

        Assert.Equal(1, applied);
        Assert.Equal([["a", "b", "c"], ["a", "c"], ["c"]], sent);
    }

    [Fact]
    public async Task A_refusal_that_is_not_droppable_throws_with_the_operations_status()
    {
        var thrown = await Assert.ThrowsAsync<CosmosBatchException>(() => CosmosBatches.RunAsync(["a", "b"],
            (batch, _) => Task.FromResult(FakeBatch.OperationFailed(batch.Count, 1, HttpStatusCode.Conflict)),
            failure => failure == CosmosFailure.Missing, Ct));

        Assert.Equal(HttpStatusCode.Conflict, thrown.Status);
        Assert.False(new CosmosTransientFailureClassifier().IsTransient(thrown));
    }

    [Fact]
    public async Task A_throttled_batch_throws_a_transient_failure_with_RetryAfter_instead_of_looping()
    {
        var calls = 0;
        var thrown = await Assert.ThrowsAsync<CosmosBatchException>(() => CosmosBatches.RunAsync(["a", "b"], (batch, _) =>
        {
            calls++;
            return Task.FromResult(FakeBatch.BatchFailed(batch.Count, HttpStatusCode.TooManyRequests, 3200, TimeSpan.FromSeconds(3)));
        }, _ => true, Ct));

        Assert.Equal(1, calls); // the SDK already retried it; dropping operations would not help
        Assert.Equal((HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(3)), (thrown.Status, thrown.RetryAfter));
        Assert.True(new CosmosTransientFailureClassifier().IsTransient(thrown));
    }

    [Fact]
    public async Task A_missing_container_fails_loudly_at_once()
    {
        var calls = 0;
        var thrown = await Assert.ThrowsAsync<CosmosBatchException>(() => CosmosBatches.RunAsync(["a", "b"], (batch, _) =>
        {
            calls++;
            return Task.FromResult(FakeBatch.BatchFailed(batch.Count, HttpStatusCode.NotFound, CosmosStatus.OwnerResourceNotFound));
        }, failure => failure == CosmosFailure.Missing, Ct));

        Assert.Equal(1, calls);
        Assert.Equal((HttpStatusCode.NotFound, CosmosStatus.OwnerResourceNotFound), (thrown.Status, thrown.SubStatus));
        Assert.False(new CosmosTransientFailureClassifier().IsTransient(thrown));
    }
}
