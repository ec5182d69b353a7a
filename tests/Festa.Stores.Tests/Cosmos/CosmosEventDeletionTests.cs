using Festa.Core.Events;
using Festa.Core.Members;
using Festa.Core.Notifications.Outbox;
using Festa.Cosmos;
using Festa.Cosmos.Events;
using Festa.Stores.Tests.Contract;
using Festa.TestSupport;
using Microsoft.Azure.Cosmos;

namespace Festa.Stores.Tests.Cosmos;

/// <summary>
/// An event deletion interrupted after its first step (the event marked <c>deleting</c>) is finished by the
/// next attempt: members no longer see the event, the host's management read still does, an update is
/// refused, and a retried delete records the same notice and removes the listing and the title claim; the outbox
/// dispatcher then delivers the notice and removes the event document. Without sign-ups no
/// transactional batch is needed, so this runs on the local test server too; the batches of sign-up
/// deletes run in the contract test on a real account and through <c>CosmosBatches</c> with fakes.
/// </summary>
public sealed class CosmosEventDeletionTests(CosmosStoreFixture fixture) : IClassFixture<CosmosStoreFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_deletion_interrupted_after_marking_the_event_is_finished_by_the_retry()
    {
        var events = fixture.Instance.Get<IEventStore>();
        var containers = fixture.Instance.Get<FestaContainers>();
        var doomed = EventStoreContract.NewEvent();
        await events.CreateAsync(doomed, Ct);

        // What the first attempt did before it failed: step 1, the mark.
        await containers.Events.PatchItemAsync<EventDocument>(EventDocument.Key, new PartitionKey(doomed.Id.Value),
            [PatchOperation.Set("/deleting", true)], cancellationToken: Ct);

        Assert.Null(await events.FindAsync(doomed.Id, UserId.FromTrusted(Seed.NewUserId()), Ct));
        var management = await events.FindAsync(doomed.Id, null, Ct);
        Assert.NotNull(management);
        Assert.Equal(UpdateEventOutcome.NotFound, await events.UpdateAsync(doomed with { Title = "Renamed" }, management, null, Ct));

        var notice = OutboxEntry.EventDeleted(doomed, DateTimeOffset.UtcNow);
        await events.DeleteAsync(doomed, notice, Ct);
        await events.DeleteAsync(doomed, notice, Ct); // once more, as a retry: the same notice, nothing else
        Assert.Equal([notice.Id], (await fixture.Instance.Get<IOutboxStore>().ReadAsync(doomed.Id, Ct)).Select(e => e.Id));

        // The outbox dispatcher delivers the notice (no sign-up here) and removes the event document, its tombstone.
        Assert.Equal(1, await fixture.Instance.Get<OutboxDispatcher>().DispatchAsync(doomed.Id, Ct));
        await events.DeleteAsync(doomed, notice, Ct); // a retry after the dispatcher finished: no 404, nothing left

        Assert.Null(await events.FindAsync(doomed.Id, null, Ct));
        Assert.Null(await containers.ReadAsync(containers.EventIndex, EventKeys.ListingKey(doomed), EventKeys.ListingPartition(doomed.StartsAt), Ct));
        // The title claim is gone with it: the host can publish the same title at the same start again.
        Assert.Equal(CreateEventOutcome.Created, await events.CreateAsync(doomed with { Id = EventId.New() }, Ct));
    }
}
