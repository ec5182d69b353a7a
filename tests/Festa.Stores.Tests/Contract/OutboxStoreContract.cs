using Festa.Core.Events;
using Festa.Core.Members;
using Festa.Core.Notifications;
using Festa.Core.Notifications.Outbox;
using Festa.TestSupport;

namespace Festa.Stores.Tests.Contract;

/// <summary>
/// What every <see cref="IOutboxStore"/> (and the event store's writes of outbox entries) must do, whatever the store:
/// a notice is written by the same write as its change or not at all, a deletion's notice keeps the seats held at that
/// moment until they are removed, and the pending index is released only at the version that was read.
/// </summary>
public abstract class OutboxStoreContract(StoreFixture fixture)
{
    private IEventStore Events => fixture.Instance.Get<IEventStore>();

    private IOutboxStore Outbox => fixture.Instance.Get<IOutboxStore>();

    private ISignUpStore SignUps => fixture.Instance.Get<ISignUpStore>();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Writes the entry as a seat batch would (the store's helper for the waiting list's <c>promoted</c> notices).</summary>
    protected abstract Task WriteInSeatBatchAsync(EventId eventId, OutboxEntry entry);

    [Fact]
    public async Task A_change_and_its_notice_are_written_together_or_not_at_all()
    {
        var created = await CreateAsync();
        var basis = (await Events.FindAsync(created.Id, null, Ct))!;
        var renamed = basis.Event with { Title = "Renamed" };
        var notice = OutboxEntry.EventChanged(renamed, ["details"]);

        Assert.Equal(UpdateEventOutcome.Updated, await Events.UpdateAsync(renamed, basis, notice, Ct));
        var stale = basis.Event with { Description = "Stale" };
        Assert.Equal(UpdateEventOutcome.Stale, await Events.UpdateAsync(stale, basis, OutboxEntry.EventChanged(stale, ["details"]), Ct));

        var entry = Assert.Single(await Outbox.ReadAsync(created.Id, Ct));
        Assert.Equal(notice, entry with { Changed = notice.Changed });
        Assert.Equal(["details"], entry.Changed);
        Assert.Contains(await PendingAsync(created.Id), p => p.EventId == created.Id);
        Assert.Equal("Renamed", (await Events.FindAsync(created.Id, null, Ct))!.Event.Title);
    }

    [Fact]
    public async Task Undelivered_notices_survive_later_changes_and_completing_removes_only_its_own()
    {
        var created = await CreateAsync();
        var notices = new List<OutboxEntry>();
        foreach (var title in new[] { "First", "Second" })
        {
            var basis = (await Events.FindAsync(created.Id, null, Ct))!;
            var changed = basis.Event with { Title = title };
            notices.Add(OutboxEntry.EventChanged(changed, ["details"]));
            Assert.Equal(UpdateEventOutcome.Updated, await Events.UpdateAsync(changed, basis, notices[^1], Ct));
        }

        var capacityOnly = (await Events.FindAsync(created.Id, null, Ct))!;
        Assert.Equal(UpdateEventOutcome.Updated, await Events.UpdateAsync(capacityOnly.Event with { Capacity = 12 }, capacityOnly, null, Ct));
        Assert.Equal(notices.Select(n => n.Id).Order(), (await Outbox.ReadAsync(created.Id, Ct)).Select(e => e.Id).Order());

        await Outbox.CompleteAsync(created.Id, notices[0], Ct);
        await Outbox.CompleteAsync(created.Id, notices[0], Ct);

        Assert.Equal([notices[1].Id], (await Outbox.ReadAsync(created.Id, Ct)).Select(e => e.Id));
        Assert.Equal(("Second", 12), ((await Events.FindAsync(created.Id, null, Ct))!.Event.Title, (await Events.FindAsync(created.Id, null, Ct))!.Event.Capacity));
    }

    [Fact]
    public async Task The_pending_index_is_released_only_at_the_version_that_was_read()
    {
        var eventId = EventId.New();
        await Outbox.MarkPendingAsync(eventId, DateTimeOffset.UtcNow, Ct);
        var first = Assert.Single(await PendingAsync(eventId));
        await Outbox.MarkPendingAsync(eventId, DateTimeOffset.UtcNow, Ct); // a writer announcing a new entry meanwhile

        Assert.False(await Outbox.TryUnmarkAsync(first, Ct));
        var second = Assert.Single(await PendingAsync(eventId));
        Assert.True(await Outbox.TryUnmarkAsync(second, Ct));
        Assert.False(await Outbox.TryUnmarkAsync(second, Ct));
        Assert.Empty(await PendingAsync(eventId));
    }

    [Fact]
    public async Task A_deletion_without_sign_ups_records_its_notice_and_completing_it_removes_the_rest()
    {
        var doomed = await CreateAsync();
        var notice = OutboxEntry.EventDeleted(doomed, DateTimeOffset.UtcNow);

        await Events.DeleteAsync(doomed, notice, Ct);

        Assert.Equal([(notice.Id, OutboxEntryKind.EventDeleted)], (await Outbox.ReadAsync(doomed.Id, Ct)).Select(e => (e.Id, e.Kind)));
        Assert.Contains(await PendingAsync(doomed.Id), p => p.EventId == doomed.Id);
        Assert.Empty(await Outbox.ReadSeatsOfDeletedAsync(doomed.Id, 100, Ct));
        await Outbox.CompleteAsync(doomed.Id, notice, Ct);
        Assert.Empty(await Outbox.ReadAsync(doomed.Id, Ct));
        Assert.Null(await Events.FindAsync(doomed.Id, null, Ct));
    }

    [Fact]
    public async Task A_deletion_keeps_exactly_the_seats_held_when_it_closed_the_event_until_they_are_removed()
    {
        fixture.Require(StoreCapability.Transactions);
        var doomed = await CreateAsync();
        var members = Enumerable.Range(0, 5).Select(_ => UserId.FromTrusted(Seed.NewUserId())).ToList();
        foreach (var member in members)
        {
            Assert.Equal(SignUpOutcome.SignedUp, await SignUps.SignUpAsync(doomed.Id, member, DateTimeOffset.UtcNow, Ct));
        }

        Assert.Equal(CancelOutcome.Cancelled, await SignUps.CancelAsync(doomed.Id, members[^1], DateTimeOffset.UtcNow, Ct));

        await Events.DeleteAsync(doomed, OutboxEntry.EventDeleted(doomed, DateTimeOffset.UtcNow), Ct);
        Assert.Equal(SignUpOutcome.NotFound, await SignUps.SignUpAsync(doomed.Id, UserId.FromTrusted(Seed.NewUserId()), DateTimeOffset.UtcNow, Ct));

        var held = await Outbox.ReadSeatsOfDeletedAsync(doomed.Id, 100, Ct);
        Assert.Equal(members[..^1].Select(m => m.Value).Order(), held.Select(m => m.Value).Order());
        Assert.Equal(2, (await Outbox.ReadSeatsOfDeletedAsync(doomed.Id, 2, Ct)).Count);

        await Outbox.RemoveSeatsOfDeletedAsync(doomed.Id, members[..2], Ct);
        await Outbox.RemoveSeatsOfDeletedAsync(doomed.Id, members[..2], Ct);
        Assert.Equal(members[2..^1].Select(m => m.Value).Order(), (await Outbox.ReadSeatsOfDeletedAsync(doomed.Id, 100, Ct)).Select(m => m.Value).Order());
        Assert.Empty(await SignUps.ListOfMemberAsync(members[0], Ct));
    }

    [Fact]
    public async Task A_notice_written_in_a_seat_batch_is_read_and_completed_like_any_entry()
    {
        var created = await CreateAsync();
        var member = UserId.FromTrusted(Seed.NewUserId());
        var notice = OutboxEntry.Notice("promoted." + member.Value, created.Id, member, NotificationKind.EventChanged, "Promoted", "A seat is yours.",
            DateTimeOffset.UtcNow);

        await Outbox.MarkPendingAsync(created.Id, DateTimeOffset.UtcNow, Ct);
        await WriteInSeatBatchAsync(created.Id, notice);
        await WriteInSeatBatchAsync(created.Id, notice); // a retried batch: still one entry

        Assert.Equal(notice, Assert.Single(await Outbox.ReadAsync(created.Id, Ct)) with { Changed = notice.Changed });
        Assert.Equal(1, await fixture.Instance.Get<OutboxDispatcher>().DispatchAsync(created.Id, Ct));
        Assert.Empty(await Outbox.ReadAsync(created.Id, Ct));
        var inbox = await fixture.Instance.Get<INotificationStore>().ListAsync(member, null, 10, Ct);
        Assert.Equal(notice.ToNotice().Id, Assert.Single(inbox.Items).Id);
    }

    private async Task<FestaEvent> CreateAsync()
    {
        var created = EventStoreContract.NewEvent();
        Assert.Equal(CreateEventOutcome.Created, await Events.CreateAsync(created, Ct));
        return created;
    }

    private async Task<List<PendingOutbox>> PendingAsync(EventId eventId)
    {
        var found = new List<PendingOutbox>();
        await foreach (var pending in Outbox.ListPendingAsync(Ct))
        {
            if (pending.EventId == eventId)
            {
                found.Add(pending);
            }
        }

        return found;
    }
}
