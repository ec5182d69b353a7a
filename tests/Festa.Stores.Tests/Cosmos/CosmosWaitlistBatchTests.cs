using System.Net;
using Festa.Core.Events.Waitlist;
using Festa.Cosmos;
using Festa.Cosmos.Events;
using Festa.Stores.Tests.Cosmos.Fakes;

namespace Festa.Stores.Tests.Cosmos;

/// <summary>
/// How the waiting list's transactional batches are read, over the SDK's own response types (the local test server has
/// no transactional batch; with FESTA_COSMOS_ENDPOINT/KEY the contract suite runs them for real).
/// </summary>
public sealed class CosmosWaitlistBatchTests
{
    [Fact]
    public void A_committed_batch_is_committed() =>
        Assert.Equal(WaitlistCommit.Committed, CosmosSeatLedger.Outcome(FakeBatch.Succeeded(3), CosmosSeatLedger.JoinFailedAt));

    [Theory]
    [InlineData(HttpStatusCode.PreconditionFailed)] // the list moved, the event has room again, or it is being deleted
    [InlineData(HttpStatusCode.NotFound)] // the event document is gone
    public void A_failed_patch_means_read_again(HttpStatusCode status)
    {
        Assert.Equal(WaitlistCommit.Changed, CosmosSeatLedger.Outcome(FakeBatch.OperationFailed(3, 0, status), CosmosSeatLedger.JoinFailedAt));
        Assert.Equal(WaitlistCommit.Changed, CosmosSeatLedger.Outcome(FakeBatch.OperationFailed(5, 0, status), CosmosSeatLedger.ReleaseAndPromoteFailedAt));
    }

    [Fact]
    public void A_member_who_waits_already_fails_the_join_at_the_index_entry() =>
        Assert.Equal(WaitlistCommit.EntryExists, CosmosSeatLedger.Outcome(FakeBatch.OperationFailed(3, 2, HttpStatusCode.Conflict), CosmosSeatLedger.JoinFailedAt));

    [Fact]
    public void A_head_holding_a_seat_fails_the_promotion_at_its_record()
    {
        Assert.Equal(WaitlistCommit.RecordExists(0),
            CosmosSeatLedger.Outcome(FakeBatch.OperationFailed(5, 4, HttpStatusCode.Conflict), CosmosSeatLedger.ReleaseAndPromoteFailedAt));
        // Free seats: operation 0 is the patch, then three per promotion; the record of promotion 2 is operation 9.
        Assert.Equal(WaitlistCommit.RecordExists(2),
            CosmosSeatLedger.Outcome(FakeBatch.OperationFailed(10, 9, HttpStatusCode.Conflict), CosmosSeatLedger.PromoteFailedAt));
        Assert.Equal(WaitlistCommit.Changed,
            CosmosSeatLedger.Outcome(FakeBatch.OperationFailed(10, 7, HttpStatusCode.NotFound), CosmosSeatLedger.PromoteFailedAt));
    }

    [Fact]
    public void A_promoted_entry_already_gone_means_read_again() =>
        Assert.Equal(WaitlistCommit.Changed,
            CosmosSeatLedger.Outcome(FakeBatch.OperationFailed(5, 2, HttpStatusCode.NotFound), CosmosSeatLedger.ReleaseAndPromoteFailedAt));

    [Fact]
    public void Throttling_is_transient_and_a_missing_container_a_loud_fault()
    {
        var throttled = Assert.Throws<CosmosBatchException>(() =>
            CosmosSeatLedger.Outcome(FakeBatch.BatchFailed(3, HttpStatusCode.TooManyRequests, retryAfter: TimeSpan.FromSeconds(2)), CosmosSeatLedger.JoinFailedAt));
        Assert.True(new CosmosTransientFailureClassifier().IsTransient(throttled));
        var missing = Assert.Throws<CosmosBatchException>(() =>
            CosmosSeatLedger.Outcome(FakeBatch.BatchFailed(3, HttpStatusCode.NotFound, subStatus: 1003), CosmosSeatLedger.JoinFailedAt));
        Assert.False(new CosmosTransientFailureClassifier().IsTransient(missing));
    }
}
