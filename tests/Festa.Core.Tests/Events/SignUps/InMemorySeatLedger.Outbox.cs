using System.Runtime.CompilerServices;
using Festa.Core.Events;
using Festa.Core.Events.Waitlist;
using Festa.Core.Members;
using Festa.Core.Notifications.Outbox;

namespace Festa.Core.Tests.Events.SignUps;

/// <summary>
/// The notification outbox of the in-memory books: a promotion's <c>promoted</c> entry is kept by the same commit as the
/// promotion (as the Table and Cosmos ledgers write it in the same transaction), and delivered by the real
/// <see cref="OutboxDispatcher"/>. Only member notices are needed here (no deletions).
/// </summary>
internal sealed partial class InMemorySeatLedger : IOutboxStore
{
    private readonly List<OutboxEntry> _outbox = [];
    private readonly Dictionary<EventId, DateTimeOffset> _pending = [];

    /// <summary>Entries written and not yet delivered.</summary>
    public IReadOnlyList<OutboxEntry> Outbox
    {
        get
        {
            lock (_lock)
            {
                return [.. _outbox];
            }
        }
    }

    /// <summary>Called under the lock by a committing promotion.</summary>
    private void KeepNotices(IEnumerable<Promotion> promotions) =>
        _outbox.AddRange(promotions.Select(p => p.Notice).OfType<OutboxEntry>().Where(n => !_outbox.Any(o => o.Id == n.Id)));

    public Task MarkPendingAsync(EventId eventId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _pending[eventId] = now;
        }

        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<PendingOutbox> ListPendingAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<KeyValuePair<EventId, DateTimeOffset>> pending;
        lock (_lock)
        {
            pending = [.. _pending];
        }

        foreach (var (id, at) in pending)
        {
            await Task.Yield();
            yield return new PendingOutbox(id, at, at.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    Task<IReadOnlyList<OutboxEntry>> IOutboxStore.ReadAsync(EventId eventId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<OutboxEntry>>(_outbox.Where(e => e.EventId == eventId.Value).ToList());
        }
    }

    public Task<IReadOnlyList<UserId>> ReadSeatsOfDeletedAsync(EventId eventId, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<UserId>>([]);

    public Task RemoveSeatsOfDeletedAsync(EventId eventId, IReadOnlyList<UserId> members, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CompleteAsync(EventId eventId, OutboxEntry entry, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _outbox.RemoveAll(e => e.Id == entry.Id);
        }

        return Task.CompletedTask;
    }

    public Task<bool> TryUnmarkAsync(PendingOutbox pending, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_pending.Remove(pending.EventId));
        }
    }
}
