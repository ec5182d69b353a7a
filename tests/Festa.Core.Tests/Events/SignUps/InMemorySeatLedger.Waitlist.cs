using Festa.Core.Events;
using Festa.Core.Events.SignUps.Ledger;
using Festa.Core.Events.Waitlist;
using Festa.Core.Members;

namespace Festa.Core.Tests.Events.SignUps;

/// <summary>
/// The waiting list in memory, with the semantics the store contract suite proves for Table Storage and Cosmos DB: every
/// write names the list's version as read and fails whole if it moved; a member waits once; promotions swap records or
/// take free seats, all or nothing.
/// </summary>
internal sealed partial class InMemorySeatLedger : IWaitlistLedger
{
    public int MaxPromotionsPerCommit => 24; // as Table and Cosmos: 4 operations per promotion (with its outbox entry)

    /// <summary>Waiting-list transactions that reached the ledger (committed or not).</summary>
    public int WaitlistWrites { get; private set; }

    /// <summary>Release-and-promote transactions still to fail with "changed" before they reach the books (a race lost).</summary>
    public int PromotionConflictsToInject { get; set; }

    public async Task<WaitlistCommit> JoinAsync(EventId eventId, WaitlistState waitlist, WaitingClaim claim, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_lock)
        {
            WaitlistWrites++;
            if (!_books.TryGetValue(eventId, out var book) || book.WaitlistState() != waitlist)
            {
                return WaitlistCommit.Changed;
            }

            if (book.Waiting.Values.Any(w => w.MemberId == claim.MemberId))
            {
                return WaitlistCommit.EntryExists;
            }

            book.Waiting[book.WaitNext] = new WaitingEntry(claim.MemberId, book.WaitNext, claim.At, claim.RequestId, NextVersion(book));
            book.WaitNext++;
            book.WaitVersion++;
            return WaitlistCommit.Committed;
        }
    }

    public async Task<WaitingEntry?> FindWaitingAsync(EventId eventId, UserId memberId, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_lock)
        {
            return _books.TryGetValue(eventId, out var book) ? book.Waiting.Values.FirstOrDefault(w => w.MemberId == memberId) : null;
        }
    }

    public Task<int> PositionAsync(EventId eventId, WaitingEntry entry, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(Math.Max(1, _books[eventId].Waiting.Keys.Count(k => k <= entry.Sequence)));
        }
    }

    public async Task<WaitlistCommit> LeaveAsync(EventId eventId, WaitlistState waitlist, WaitingEntry entry, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_lock)
        {
            WaitlistWrites++;
            if (!_books.TryGetValue(eventId, out var book) || book.WaitlistState() != waitlist || !book.Waiting.ContainsKey(entry.Sequence))
            {
                return WaitlistCommit.Changed;
            }

            book.Waiting.Remove(entry.Sequence);
            book.WaitVersion++;
            return WaitlistCommit.Committed;
        }
    }

    public Task<StorePage<WaitingEntry>> ListWaitingAsync(EventId eventId, string? after, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var from = after is null ? -1 : long.Parse(after, System.Globalization.CultureInfo.InvariantCulture);
            var rest = _books.TryGetValue(eventId, out var book) ? book.Waiting.Values.Where(w => w.Sequence > from).ToList() : [];
            var page = rest.Take(limit).ToList();
            return Task.FromResult(new StorePage<WaitingEntry>(page,
                rest.Count > limit ? page[^1].Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) : null));
        }
    }

    public async Task<WaitlistCommit> ReleaseAndPromoteAsync(EventId eventId, SeatRecord released, WaitlistState waitlist, Promotion promotion,
        CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_lock)
        {
            WaitlistWrites++;
            if (PromotionConflictsToInject > 0)
            {
                PromotionConflictsToInject--;
                return WaitlistCommit.Changed;
            }

            if (!_books.TryGetValue(eventId, out var book) || book.WaitlistState() != waitlist || !book.Waiting.ContainsKey(promotion.Entry.Sequence) ||
                !book.Records.TryGetValue(released.MemberId, out var held) || held.Version != released.Version)
            {
                return WaitlistCommit.Changed;
            }

            if (book.Records.ContainsKey(promotion.Entry.MemberId))
            {
                return WaitlistCommit.RecordExists(0);
            }

            book.Records.Remove(released.MemberId);
            book.Waiting.Remove(promotion.Entry.Sequence);
            book.Records[promotion.Entry.MemberId] = new SeatRecord(promotion.Entry.MemberId, promotion.At, promotion.PromotionId, NextVersion(book));
            book.WaitVersion++;
            KeepNotices([promotion]);
            return WaitlistCommit.Committed;
        }
    }

    public async Task<SeatCommit> ReleaseAsync(EventId eventId, SeatCounter counter, SeatRecord record, WaitlistState waitlist, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_lock)
        {
            WaitlistWrites++;
            if (!_books.TryGetValue(eventId, out var book) || book.WaitlistState() != waitlist || book.Counters[counter.Index] != counter || counter.Taken == 0)
            {
                return SeatCommit.CounterChanged;
            }

            if (!book.Records.TryGetValue(record.MemberId, out var held) || held.Version != record.Version)
            {
                return SeatCommit.ClaimExists(0);
            }

            book.Records.Remove(record.MemberId);
            book.Counters[counter.Index] = counter with { Taken = counter.Taken - 1, Version = NextVersion(book) };
            book.WaitVersion++;
            return SeatCommit.Committed;
        }
    }

    public async Task<WaitlistCommit> PromoteAsync(EventId eventId, SeatCounter counter, WaitlistState waitlist, IReadOnlyList<Promotion> promotions,
        CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_lock)
        {
            WaitlistWrites++;
            if (!_books.TryGetValue(eventId, out var book) || book.WaitlistState() != waitlist || book.Counters[counter.Index] != counter ||
                counter.Taken + promotions.Count > counter.Capacity || promotions.Any(p => !book.Waiting.ContainsKey(p.Entry.Sequence)))
            {
                return WaitlistCommit.Changed;
            }

            for (var i = 0; i < promotions.Count; i++)
            {
                if (book.Records.ContainsKey(promotions[i].Entry.MemberId))
                {
                    return WaitlistCommit.RecordExists(i);
                }
            }

            foreach (var promotion in promotions)
            {
                book.Waiting.Remove(promotion.Entry.Sequence);
                book.Records[promotion.Entry.MemberId] = new SeatRecord(promotion.Entry.MemberId, promotion.At, promotion.PromotionId, NextVersion(book));
            }

            book.Counters[counter.Index] = counter with { Taken = counter.Taken + promotions.Count, Version = NextVersion(book) };
            book.WaitVersion++;
            KeepNotices(promotions);
            return WaitlistCommit.Committed;
        }
    }

    public Task IndexWaitingAsync(UserId memberId, FestaEvent festaEvent, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<(FestaEvent Event, WaitingEntry Entry)>> ListWaitingOfMemberAsync(UserId memberId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Listing is the store adapters' (contract suite), not the promotion policy's.");

    public Task<IReadOnlyList<UserId>> ClearAsync(EventId eventId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Clearing is the store adapters' (contract suite), not the promotion policy's.");

    /// <summary>Raises the capacity of counter 0 (as a capacity change would), leaving the new seats free.</summary>
    public void Grow(EventId id, int seats)
    {
        lock (_lock)
        {
            var book = _books[id];
            book.Counters[0] = book.Counters[0] with { Capacity = book.Counters[0].Capacity + seats, Version = NextVersion(book) };
        }
    }

    /// <summary>The waiting members in order.</summary>
    public IReadOnlyList<UserId> WaitingOf(EventId id)
    {
        lock (_lock)
        {
            return _books[id].Waiting.Values.Select(w => w.MemberId).ToList();
        }
    }
}
