using System.Runtime.CompilerServices;
using Festa.Core.Events;
using Festa.Core.Members;
using Festa.Core.Notifications;
using Festa.Core.Notifications.Outbox;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Festa.Core.Tests.Notifications;

/// <summary>The dispatcher's policy over an in-memory outbox: what is removed only after it was queued, and when.</summary>
public sealed class OutboxDispatcherTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly MemoryOutbox _outbox = new();
    private readonly RecordingPublisher _queue = new();

    [Fact]
    public async Task A_deletion_is_queued_in_pages_of_at_most_100_and_each_page_is_removed_only_after_it_was_queued()
    {
        var eventId = EventId.New();
        var deleted = Deleted(eventId, seats: 250);

        Assert.Equal(0, await Dispatcher().DispatchAsync(eventId, maxDeletionPages: 2, Ct));
        Assert.Equal([100, 100], _queue.Sent.Select(m => m.Recipients!.Count));
        Assert.Equal(50, _outbox.Seats.Count);
        Assert.Contains(deleted, _outbox.Entries);

        Assert.Equal(1, await Dispatcher().DispatchAsync(eventId, Ct));
        Assert.Equal(250, _queue.Sent.SelectMany(m => m.Recipients!).Distinct().Count());
        Assert.All(_queue.Sent, m => Assert.Equal((EventChangeKind.Deleted, deleted.Id), (m.Kind, m.ChangeId)));
        Assert.Empty(_outbox.Entries);
    }

    [Fact]
    public async Task When_the_queue_refuses_nothing_is_removed_and_the_immediate_attempt_does_not_fail_the_request()
    {
        var eventId = EventId.New();
        Deleted(eventId, seats: 30);
        var change = new OutboxEntry("c1", OutboxEntryKind.EventChanged, eventId.Value, DateTimeOffset.UnixEpoch, "T", ["time"]);
        _outbox.Entries.Add(change);
        _queue.Failing = true;

        await Dispatcher().TryDispatchAsync(eventId, Ct);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Dispatcher().DispatchAsync(eventId, Ct));

        Assert.Equal((2, 30), (_outbox.Entries.Count, _outbox.Seats.Count));
        _queue.Failing = false;
        Assert.Equal(2, await Dispatcher().DispatchAsync(eventId, Ct));
        Assert.Equal([EventChangeKind.Changed, EventChangeKind.Deleted], _queue.Sent.Select(m => m.Kind)); // the change first
    }

    [Fact]
    public async Task The_timer_releases_an_index_entry_only_when_nothing_is_left_and_its_mark_is_older_than_the_grace()
    {
        var now = DateTimeOffset.UtcNow;
        var young = EventId.New();
        var old = EventId.New();
        _outbox.Index[young] = now.AddMinutes(-1);
        _outbox.Index[old] = now.AddMinutes(-11);
        Deleted(old, seats: 3);

        var sweep = await Dispatcher().DispatchPendingAsync(Ct);

        Assert.Equal(new OutboxSweep(Events: 2, Delivered: 1, Failed: 0, Released: 1), sweep);
        Assert.Equal([young], _outbox.Index.Keys);
    }

    private OutboxDispatcher Dispatcher() => new(_outbox, _queue, new NullInbox(), TimeProvider.System,
        Options.Create(new OutboxOptions()), NullLogger<OutboxDispatcher>.Instance);

    private OutboxEntry Deleted(EventId eventId, int seats)
    {
        var entry = new OutboxEntry("deleted." + eventId.Value, OutboxEntryKind.EventDeleted, eventId.Value, DateTimeOffset.UnixEpoch, "T", ["event"]);
        _outbox.Entries.Add(entry);
        _outbox.Seats.AddRange(Enumerable.Range(0, seats).Select(i => UserId.FromTrusted($"m{i:D4}")));
        return entry;
    }

    private sealed class RecordingPublisher : IEventChangePublisher
    {
        public bool Failing { get; set; }

        public List<EventChangeMessage> Sent { get; } = [];

        public Task PublishAsync(EventChangeMessage message, CancellationToken cancellationToken)
        {
            if (Failing)
            {
                throw new InvalidOperationException("queue down");
            }

            Sent.Add(message);
            return Task.CompletedTask;
        }
    }

    /// <summary>One event's outbox and seats (tests use one event at a time), and the index.</summary>
    private sealed class MemoryOutbox : IOutboxStore
    {
        public List<OutboxEntry> Entries { get; } = [];

        public List<UserId> Seats { get; } = [];

        public Dictionary<EventId, DateTimeOffset> Index { get; } = [];

        public Task MarkPendingAsync(EventId eventId, DateTimeOffset now, CancellationToken cancellationToken)
        {
            Index[eventId] = now;
            return Task.CompletedTask;
        }

        public async IAsyncEnumerable<PendingOutbox> ListPendingAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (var (id, at) in Index.ToList())
            {
                await Task.Yield();
                yield return new PendingOutbox(id, at, at.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        public Task<IReadOnlyList<OutboxEntry>> ReadAsync(EventId eventId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<OutboxEntry>>(Entries.Where(e => e.EventId == eventId.Value).ToList());

        public Task<IReadOnlyList<UserId>> ReadSeatsOfDeletedAsync(EventId eventId, int limit, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<UserId>>(Seats.Take(limit).ToList());

        public Task RemoveSeatsOfDeletedAsync(EventId eventId, IReadOnlyList<UserId> members, CancellationToken cancellationToken)
        {
            Seats.RemoveAll(members.Contains);
            return Task.CompletedTask;
        }

        public Task CompleteAsync(EventId eventId, OutboxEntry entry, CancellationToken cancellationToken)
        {
            Entries.Remove(entry);
            return Task.CompletedTask;
        }

        public Task<bool> TryUnmarkAsync(PendingOutbox pending, CancellationToken cancellationToken) =>
            Task.FromResult(Index.TryGetValue(pending.EventId, out var at) &&
                at.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture) == pending.Version && Index.Remove(pending.EventId));
    }

    private sealed class NullInbox : INotificationStore
    {
        public Task<bool> TryAddAsync(Notification notification, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<StorePage<Notification>> ListAsync(UserId memberId, string? after, int limit, CancellationToken cancellationToken) =>
            Task.FromResult(new StorePage<Notification>([], null));

        public Task<int> CountUnreadAsync(UserId memberId, CancellationToken cancellationToken) => Task.FromResult(0);

        public Task<bool> MarkReadAsync(UserId memberId, string id, DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task MarkAllReadAsync(UserId memberId, DateTimeOffset now, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
