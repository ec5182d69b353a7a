using System.Net;
using Festa.Core.Events.SignUps.Ledger;
using Festa.Cosmos;
using Festa.Cosmos.Events;
using Microsoft.Azure.Cosmos;

namespace Festa.Stores.Tests.Cosmos;

/// <summary>
/// How a seat batch's response is read, driven with the SDK's own response types (the local test server has no
/// transactional batch; these shapes are the ones the service documents: the failing operation carries its
/// status, the others 424). Every branch of <see cref="CosmosSeatBatch.Outcome"/> runs here.
/// </summary>
public sealed class CosmosSeatBatchTests
{
    [Fact]
    public void A_successful_batch_is_committed() =>
        Assert.Equal(SeatCommit.Committed, CosmosSeatBatch.Outcome(new FakeBatch(HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Created)));

    [Theory]
    [InlineData(HttpStatusCode.PreconditionFailed)] // the filter found no room for all k
    [InlineData(HttpStatusCode.NotFound)] // the event document is gone
    public void A_failed_counter_patch_means_read_again(HttpStatusCode status) =>
        Assert.Equal(SeatCommit.CounterChanged, CosmosSeatBatch.Outcome(Failed(0, status, operations: 4)));

    [Fact]
    public void A_conflicting_sign_up_document_names_its_claim()
    {
        // Operation 3 is the third claim (operation 0 is the patch).
        Assert.Equal(SeatCommit.ClaimExists(2), CosmosSeatBatch.Outcome(Failed(3, HttpStatusCode.Conflict, operations: 5)));
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.RequestTimeout, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.InternalServerError, true)]
    [InlineData(HttpStatusCode.BadRequest, false)]
    [InlineData(HttpStatusCode.Forbidden, false)]
    public void Faults_are_thrown_with_the_service_advice_and_classified(HttpStatusCode status, bool transient)
    {
        var response = new FakeBatch(status, [.. Enumerable.Repeat(HttpStatusCode.FailedDependency, 3)]) { Advice = TimeSpan.FromMilliseconds(1_500) };

        var fault = Assert.Throws<CosmosBatchException>(() => CosmosSeatBatch.Outcome(response));

        Assert.Equal(status, fault.Status);
        Assert.Equal(TimeSpan.FromMilliseconds(1_500), fault.RetryAfter);
        Assert.Equal(transient, new CosmosTransientFailureClassifier().IsTransient(fault));
    }

    [Fact]
    public void A_missing_container_is_a_loud_fault_not_a_retry()
    {
        // A 404 on the batch itself, with no operation results, is a misconfiguration (no container).
        var fault = Assert.Throws<CosmosBatchException>(() => CosmosSeatBatch.Outcome(new FakeBatch(HttpStatusCode.NotFound)));
        Assert.False(new CosmosTransientFailureClassifier().IsTransient(fault));
    }

    [Fact]
    public void The_room_filter_asks_for_all_seats_of_the_batch_at_once() =>
        Assert.Equal("FROM c WHERE c.taken + 37 <= c.capacity AND (NOT IS_DEFINED(c.deleting) OR c.deleting = false)", CosmosSeatLedger.HasRoomFor(37));

    private static FakeBatch Failed(int index, HttpStatusCode status, int operations) =>
        new(status, [.. Enumerable.Range(0, operations).Select(i => i == index ? status : HttpStatusCode.FailedDependency)]);

    private sealed class FakeBatch(HttpStatusCode status, params HttpStatusCode[] operations) : TransactionalBatchResponse
    {
        private readonly List<TransactionalBatchOperationResult> _results = [.. operations.Select(s => new FakeResult(s))];

        public TimeSpan? Advice { get; init; }

        public override HttpStatusCode StatusCode => status;

        public override bool IsSuccessStatusCode => (int)status is >= 200 and < 300;

        public override string ErrorMessage => $"fake {(int)status}";

        public override TimeSpan? RetryAfter => Advice;

        public override int Count => _results.Count;

        public override TransactionalBatchOperationResult this[int index] => _results[index];

        public override IEnumerator<TransactionalBatchOperationResult> GetEnumerator() => _results.GetEnumerator();
    }

    private sealed class FakeResult(HttpStatusCode status) : TransactionalBatchOperationResult
    {
        public override HttpStatusCode StatusCode => status;

        public override bool IsSuccessStatusCode => (int)status is >= 200 and < 300;
    }
}
