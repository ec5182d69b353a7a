using Festa.Core.Events.SignUps.Ledger;
using Microsoft.Extensions.Logging;

namespace Festa.Core.Events.Waitlist;

/// <summary>
/// Gives freed seats to the head of an event's waiting list, always inside the transaction that frees or offers the
/// seat: a cancel (or a withdrawal's cancel) that finds members waiting removes its record and inserts the head's in
/// one transaction (the seat count never dips, nobody slips in between); seats added by a capacity raise go to the
/// head, in order, up to <see cref="IWaitlistLedger.MaxPromotionsPerCommit"/> per transaction, before any sign-up may
/// take them (sign-up rounds that see free seats and members waiting promote first). docs/concurrency.md, "Waiting list".
/// </summary>
public sealed partial class WaitlistPromoter(ISeatLedger seats, IEnumerable<ITransientFailureClassifier> classifiers, PromotionNotices notices,
    TimeProvider time, ILogger<WaitlistPromoter> logger)
{
    /// <summary>Reads a capacity raise's promotions may lose to other writers before they are left to the next sign-up round or cancel.</summary>
    public const int MaxAttempts = 30;

    // Per instance (this is a singleton of its host), never static: two hosts in one process are two instances, and
    // must race each other as they would on two machines.
    private readonly SemaphoreSlim[] _turns = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    private IWaitlistLedger? Ledger => seats as IWaitlistLedger;

    /// <summary>
    /// This instance's turn to write the event's waiting-list state: joins, leaves and cancels of one event take turns
    /// within an instance (64 stripes by event id), so instances, not requests, compete for the state (fewer lost races).
    /// Correctness never depends on it: the store's transactions decide. Release the returned handle.
    /// </summary>
    public async Task<IDisposable> TurnAsync(EventId eventId, CancellationToken cancellationToken)
    {
        var turn = _turns[(int)((uint)StringComparer.Ordinal.GetHashCode(eventId.Value) % (uint)_turns.Length)];
        await turn.WaitAsync(cancellationToken);
        return new Releaser(turn);
    }

    /// <summary>Whether the store keeps waiting lists (every adapter does; some test ledgers do not).</summary>
    public bool IsSupported => Ledger is not null;

    /// <summary>
    /// Frees <paramref name="record"/>'s seat, in one transaction with the promotion of the head of the list when anyone
    /// waits. Committed, or Changed (something moved since <paramref name="state"/> was read: read again).
    /// </summary>
    public async Task<SeatCommitStatus> ReleaseAsync(SeatLedgerState state, SeatRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ledger = Ledger!;
        var eventId = state.Event.Id;
        var waitlist = state.Waitlist!;
        if (waitlist.IsEmpty)
        {
            // Any counter with a seat taken may give it back; the empty list moves too, so a join in between fails this.
            var occupied = state.Counters.Where(c => c.Taken > 0).ToArray();
            return occupied.Length == 0
                ? SeatCommitStatus.CounterChanged
                : (await ledger.ReleaseAsync(eventId, occupied[Random.Shared.Next(occupied.Length)], record, waitlist, cancellationToken)).Status;
        }

        var head = (await ledger.ListWaitingAsync(eventId, null, 1, cancellationToken)).Items.FirstOrDefault();
        if (head is null)
        {
            return SeatCommitStatus.CounterChanged; // promoted or left since the read
        }

        if (head.MemberId == record.MemberId)
        {
            // Signed up and waiting at once (a join racing a sign-up): the place is dropped, then the cancel goes on.
            await ledger.LeaveAsync(eventId, waitlist, head, cancellationToken);
            return SeatCommitStatus.CounterChanged;
        }

        var promotion = Promotion.WithNotice(state.Event, head, now);

        // Before the commit, independent of each other: "my sign-ups" lists it from the commit on; the outbox's index.
        var hint = seats.IndexAsync(head.MemberId, state.Event, cancellationToken);
        await Task.WhenAll(hint, notices.MarkPendingAsync(eventId, cancellationToken));
        if (await hint == HintWrite.GateClosed)
        {
            // The head is withdrawing (a join that committed after the withdrawal left its lists): its place goes, no seat.
            await ledger.LeaveAsync(eventId, waitlist, head, cancellationToken);
            return SeatCommitStatus.CounterChanged;
        }

        WaitlistCommit result;
        try
        {
            result = await ledger.ReleaseAndPromoteAsync(eventId, record, waitlist, promotion, cancellationToken);
        }
        catch (Exception e) when (classifiers.Any(c => c.IsTransient(e)))
        {
            // The answer was lost; the head's record carrying this promotion's id says the transaction committed.
            if ((await seats.FindAsync(eventId, head.MemberId, cancellationToken))?.RequestId != promotion.PromotionId)
            {
                throw;
            }

            result = WaitlistCommit.Committed;
        }

        switch (result.Status)
        {
            case WaitlistCommitStatus.Committed:
                LogPromoted(head.MemberId.Value, eventId.Value, head.Sequence);
                await notices.DispatchAsync(eventId, cancellationToken);
                return SeatCommitStatus.Committed;
            case WaitlistCommitStatus.RecordExists:
                // The head holds a seat already (signed up while waiting): its place goes, the next member is promoted instead.
                await ledger.LeaveAsync(eventId, waitlist, head, cancellationToken);
                return SeatCommitStatus.CounterChanged;
            default:
                return SeatCommitStatus.CounterChanged;
        }
    }

    /// <summary>
    /// One transaction that gives free seats (on the roomiest counter) to the head of the list. True when it changed
    /// anything (promoted, or dropped a member who holds a seat already or whose sign-up gate is closed: withdrawing);
    /// false when there was nothing to do or it lost a race.
    /// </summary>
    public async Task<bool> PromoteFreeSeatsAsync(SeatLedgerState state, CancellationToken cancellationToken)
    {
        var ledger = Ledger;
        if (ledger is null || state.Waitlist is not { IsEmpty: false } waitlist || state.SeatsLeft == 0)
        {
            return false;
        }

        var eventId = state.Event.Id;
        var counter = state.Counters.MaxBy(c => c.Room)!;
        var take = Math.Min(Math.Min(counter.Room, waitlist.Length), ledger.MaxPromotionsPerCommit);
        var heads = (await ledger.ListWaitingAsync(eventId, null, take, cancellationToken)).Items;
        if (heads.Count == 0)
        {
            return false;
        }

        var now = time.GetUtcNow();
        var promotions = heads.Select(h => Promotion.WithNotice(state.Event, h, now)).ToList();
        var hints = heads.Select(h => seats.IndexAsync(h.MemberId, state.Event, cancellationToken)).ToList();
        await Task.WhenAll(hints.Cast<Task>().Append(notices.MarkPendingAsync(eventId, cancellationToken)));
        if (hints.FindIndex(h => h.Result == HintWrite.GateClosed) is var leaving and >= 0)
        {
            // A withdrawing member at the head: its place goes first, the promotion is read again.
            return (await ledger.LeaveAsync(eventId, waitlist, heads[leaving], cancellationToken)).Status == WaitlistCommitStatus.Committed;
        }

        WaitlistCommit result;
        try
        {
            result = await ledger.PromoteAsync(eventId, counter, waitlist, promotions, cancellationToken);
        }
        catch (Exception e) when (classifiers.Any(c => c.IsTransient(e)))
        {
            if ((await seats.FindAsync(eventId, heads[0].MemberId, cancellationToken))?.RequestId != promotions[0].PromotionId)
            {
                throw;
            }

            result = WaitlistCommit.Committed;
        }

        switch (result.Status)
        {
            case WaitlistCommitStatus.Committed:
                foreach (var promotion in promotions)
                {
                    LogPromoted(promotion.Entry.MemberId.Value, eventId.Value, promotion.Entry.Sequence);
                }

                await notices.DispatchAsync(eventId, cancellationToken);

                return true;
            case WaitlistCommitStatus.RecordExists:
                return (await ledger.LeaveAsync(eventId, waitlist, heads[result.FailedIndex], cancellationToken)).Status == WaitlistCommitStatus.Committed;
            default:
                return false;
        }
    }

    /// <summary>
    /// Promotes until no seat is free or nobody waits (after a capacity raise). Each transaction is atomic; between
    /// them, sign-up rounds that see free seats and members waiting promote instead of seating anyone else.
    /// </summary>
    public async Task PromoteAllAsync(EventId eventId, CancellationToken cancellationToken)
    {
        if (Ledger is null)
        {
            return;
        }

        for (var attempt = 0; attempt < MaxAttempts;)
        {
            var state = await seats.ReadAsync(eventId, cancellationToken);
            if (state is null || state.Waiting == 0 || state.SeatsLeft == 0)
            {
                return;
            }

            if (!await PromoteFreeSeatsAsync(state, cancellationToken))
            {
                attempt++;
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, Math.Min(250, 4 << Math.Min(attempt, 10)))), time, cancellationToken);
            }
        }
    }

    private sealed class Releaser(SemaphoreSlim turn) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                turn.Release();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} promoted from the waiting list of event {EventId} (entry {Sequence})")]
    private partial void LogPromoted(string memberId, string eventId, long sequence);
}
