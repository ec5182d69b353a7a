using System.Collections.Concurrent;
using Festa.Core.Members;
using Festa.Core.Telemetry;
using Festa.Core.Events.Waitlist;
using Microsoft.Extensions.Logging;

namespace Festa.Core.Events.SignUps.Ledger;

/// <summary>
/// Seats, decided once for every store: sign-ups for one event that are in flight on this instance at the same
/// time share store transactions (group commit). The first request of an event becomes the leader of that
/// event's queue; each round it reads the seat counters once, admits the queued members in arrival order up
/// to the seats left, and commits them in one transaction per counter (up to <see cref="ISeatLedger.MaxClaimsPerCommit"/>
/// claims each). Requests arriving meanwhile wait for the next round. So one instance is one writer per event,
/// not hundreds, and a seat costs a fraction of a store request. See docs/concurrency.md, "Group commit".
/// </summary>
/// <remarks>
/// Nothing outlives the requests in flight: a queue exists while it has requests and is dropped when it empties,
/// so instances hold no state. Correctness rests on the ledger's transactions alone (a counter that moved, or a
/// member already holding a record, fails the whole transaction), never on this queue.
/// </remarks>
public sealed partial class GroupCommitSignUpStore(ISeatLedger ledger, IEnumerable<ITransientFailureClassifier> classifiers,
    TimeProvider time, FestaMetrics metrics, ILogger<GroupCommitSignUpStore> logger, WaitlistPromoter? promoter = null, ISignUpGate? gate = null)
    : ISignUpStore
{
    /// <summary>Rounds a request may lose to other writers before it is answered "busy" (with backoff, seconds of contention).</summary>
    public const int MaxAttempts = 30;

    /// <summary>Transactions one round may send in parallel (each on its own counter).</summary>
    public const int MaxCommitsPerRound = 4;

    /// <summary>
    /// Longest a busy queue waits for more requests before its next round (group commit's "linger"; see
    /// <see cref="NextRoundAsync"/>): a sign-up alone is not delayed; in a crowd a round that would carry a few claims waits up to
    /// this long for <see cref="GatherTarget"/>, because each round reads the event and its counters (up to 18 entities on
    /// Table Storage) and a seat's share of that read is what the event's partition pays per seat.
    /// </summary>
    public static readonly TimeSpan GatherFor = TimeSpan.FromMilliseconds(50);

    /// <summary>Waiting requests at which a busy queue stops gathering and runs its round.</summary>
    public const int GatherTarget = 32;

    /// <summary>
    /// The clock the linger waits on: real time, not the injected business clock (sign-up times, windows, hint ages),
    /// because it is latency tuning — a test that freezes business time must not freeze a crowd's rounds. Tests of the
    /// linger itself set a fake one.
    /// </summary>
    internal TimeProvider LingerClock { get; init; } = TimeProvider.System;

    /// <summary>Age after which a request's hint is written again before its next commit (stale hints go after 10 minutes).</summary>
    public static readonly TimeSpan HintRefreshAfter = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<EventId, SignUpQueue> _queues = new();
    private long _arrivals;

    public async Task<SignUpOutcome> SignUpAsync(EventId eventId, UserId memberId, DateTimeOffset now, CancellationToken cancellationToken,
        string? requestId = null) =>
        (await SignUpWithEventAsync(eventId, memberId, now, cancellationToken, requestId)).Outcome;

    public async Task<(SignUpOutcome Outcome, FestaEvent? Event, bool Gated)> SignUpWithEventAsync(EventId eventId, UserId memberId, DateTimeOffset now,
        CancellationToken cancellationToken, string? requestId = null)
    {
        var request = new PendingSignUp(new SeatClaim(memberId, now, requestId ?? Guid.NewGuid().ToString("N")), Interlocked.Increment(ref _arrivals));
        var queue = Enqueue(eventId, request, out var lead);
        if (lead)
        {
            // The leader is not the caller's: a caller that gives up must not strand the others.
            _ = Task.Run(() => LeadAsync(queue), CancellationToken.None);
        }

        try
        {
            return (await request.Outcome.Task.WaitAsync(cancellationToken), request.Event, request.Gated);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            queue.Withdraw(request); // not yet in a round: it takes no seat (once in a round, its outcome stands)
            throw;
        }
    }

    public async Task<CancelOutcome> CancelAsync(EventId eventId, UserId memberId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Cancels move the waiting list's state: on one instance they take turns with its joins and leaves.
        using (promoter is { IsSupported: true } ? await promoter.TurnAsync(eventId, cancellationToken) : null)
        {
            return await CancelInTurnAsync(eventId, memberId, now, cancellationToken);
        }
    }

    private async Task<CancelOutcome> CancelInTurnAsync(EventId eventId, UserId memberId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var stateRead = ledger.ReadAsync(eventId, cancellationToken);
            var recordRead = ledger.FindAsync(eventId, memberId, cancellationToken);
            var (state, record) = (await stateRead, await recordRead);
            if (state is null)
            {
                return CancelOutcome.NotFound;
            }

            if (record is null)
            {
                return CancelOutcome.NotSignedUp;
            }

            if (!state.Event.IsOpenAt(now))
            {
                return CancelOutcome.Closed;
            }

            if (promoter is { IsSupported: true } && state.Waitlist is not null)
            {
                // The freed seat goes to the head of the waiting list in the same transaction, if anyone waits.
                if (await promoter.ReleaseAsync(state, record, now, cancellationToken) == SeatCommitStatus.Committed)
                {
                    return CancelOutcome.Cancelled;
                }
            }
            else
            {
                // Any counter with a seat taken may give it back: Σ taken = records is what the transaction keeps.
                var occupied = state.Counters.Where(c => c.Taken > 0).ToArray();
                if (occupied.Length > 0 &&
                    (await ledger.ReleaseAsync(eventId, occupied[Random.Shared.Next(occupied.Length)], record, cancellationToken)).Status == SeatCommitStatus.Committed)
                {
                    return CancelOutcome.Cancelled;
                }
            }

            // A counter moved, or the record was cancelled meanwhile: read again to answer.
            metrics.StoreConflict(StoreConflictSite.CancelSeat);
            await BackOffAsync(attempt, cancellationToken);
        }

        return CancelOutcome.Busy;
    }

    public Task<StorePage<SignUpRecord>> ListParticipantsAsync(EventId eventId, string? after, int limit, CancellationToken cancellationToken) =>
        ledger.ListParticipantsAsync(eventId, after, limit, cancellationToken);

    public Task<IReadOnlyList<(FestaEvent Event, DateTimeOffset SignedUpAt)>> ListOfMemberAsync(UserId memberId, CancellationToken cancellationToken) =>
        ledger.ListOfMemberAsync(memberId, cancellationToken);

    private SignUpQueue Enqueue(EventId eventId, PendingSignUp request, out bool lead)
    {
        while (true)
        {
            var queue = _queues.GetOrAdd(eventId, id => new SignUpQueue(id));
            if (queue.TryAdd(request, out lead))
            {
                return queue;
            }

            // The queue emptied and retired between the lookup and the add: a fresh one takes its place.
            _queues.TryRemove(new KeyValuePair<EventId, SignUpQueue>(eventId, queue));
        }
    }

    private async Task LeadAsync(SignUpQueue queue)
    {
        try
        {
            await LeadRoundsAsync(queue);
        }
        catch (Exception e)
        {
            // Only a fault outside a round gets here (a round's own faults answer that round): no request may be left
            // waiting for a leader that is gone.
            LogRoundFailed(e, queue.EventId.Value, queue.Waiting().Count);
            queue.Fail(e);
        }

        _queues.TryRemove(new KeyValuePair<EventId, SignUpQueue>(queue.EventId, queue));
    }

    private async Task LeadRoundsAsync(SignUpQueue queue)
    {
        var idleRounds = 0;
        var previousRound = 0;
        while (await NextRoundAsync(queue, previousRound) is { Count: > 0 } round)
        {
            previousRound = round.Count;
            bool progress;
            try
            {
                progress = await RunRoundAsync(queue, round);
            }
            catch (Exception e)
            {
                // A store fault (or a bug) answers this round's requests; the queue goes on with the next.
                LogRoundFailed(e, queue.EventId.Value, round.Count);
                foreach (var request in round.Where(r => !queue.IsWaiting(r)))
                {
                    request.Outcome.TrySetException(e); // those put back for another round keep their chance
                }

                progress = true;
            }

            idleRounds = progress ? 0 : idleRounds + 1;
            if (idleRounds > 0)
            {
                await BackOffAsync(idleRounds, CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// The next round's requests. In a crowd — a round just ran, it or the queue now holds more than one request, and
    /// every request waiting is a new arrival — a queue with fewer than <see cref="GatherTarget"/>
    /// waiting gathers more, up to that many or <see cref="GatherFor"/>, whichever comes first. Never delayed: a queue's
    /// first round, a lone request after a round of one, and requests put back (a lost race has its own back-off; the
    /// requests beyond the seats left are owed a seat or "full" from the next read; a round without progress always
    /// puts back what it did not answer).
    /// </summary>
    private async Task<List<PendingSignUp>> NextRoundAsync(SignUpQueue queue, int previousRound)
    {
        var (waiting, anyPutBack) = queue.Waiting();
        if (!anyPutBack && previousRound > 0 && waiting is > 0 and < GatherTarget && (previousRound > 1 || waiting > 1))
        {
            using var stop = new CancellationTokenSource();
            await Task.WhenAny(queue.WhenWaitingAsync(GatherTarget), Task.Delay(GatherFor, LingerClock, stop.Token));
            await stop.CancelAsync(); // the timer goes with the round that no longer needs it
        }

        return queue.TakeRound(ledger.MaxClaimsPerCommit * MaxCommitsPerRound);
    }

    /// <summary>One read, then one transaction per counter used. True when any request was answered.</summary>
    private async Task<bool> RunRoundAsync(SignUpQueue queue, List<PendingSignUp> round)
    {
        var state = await ledger.ReadAsync(queue.EventId, CancellationToken.None);
        if (state is null)
        {
            return AnswerAll(round, SignUpOutcome.NotFound);
        }

        var open = new List<PendingSignUp>(round.Count);
        foreach (var request in round)
        {
            // Outside the sign-up window: answered from this read alone, no seat write (a crowd before the opening is cheap).
            var window = state.Event.WindowAt(request.Claim.At);
            request.Event = state.Event;
            if (window == SignUpWindow.Open)
            {
                open.Add(request);
            }
            else
            {
                request.Outcome.TrySetResult(window switch
                {
                    SignUpWindow.NotYetOpen => SignUpOutcome.NotYetOpen,
                    SignUpWindow.Closed => SignUpOutcome.WindowClosed,
                    _ => SignUpOutcome.Closed,
                });
            }
        }

        if (state.Waiting > 0 && state.SeatsLeft > 0 && open.Count > 0 && promoter is { IsSupported: true })
        {
            // Free seats while members wait (a capacity raise being promoted): they are the waiting members', first.
            queue.Requeue(open);
            return await promoter.PromoteFreeSeatsAsync(state, CancellationToken.None);
        }

        // "Full" is only ever answered from a read that shows no seat left, and not to a member who holds one.
        if (state.SeatsLeft == 0)
        {
            await Task.WhenAll(open.Select(r => AnswerFullAsync(queue, r)));
            return true;
        }

        var groups = Assign(state, open, queue.PreferredCounter, out var admitted);
        queue.Requeue(open.Skip(admitted)); // beyond the seats left: the next read decides between a seat and "full"
        await Task.WhenAll(groups.SelectMany(g => g.Requests).Select(r => IndexAsync(r, state.Event)));
        var answered = await Task.WhenAll(groups.Select(g => CommitAsync(queue, g.Counter,
            g.Requests.Where(r => !r.Outcome.Task.IsCompleted).ToList())));
        return answered.Any(a => a) || open.Count < round.Count;
    }

    /// <summary>
    /// Admits requests in arrival order to counters with room: the queue's preferred counter first (the one it last
    /// committed to), the others in random order, so instances spread out over the counters and then stay apart.
    /// </summary>
    private List<(SeatCounter Counter, List<PendingSignUp> Requests)> Assign(SeatLedgerState state, List<PendingSignUp> open, int preferred,
        out int admitted)
    {
        var counters = state.Counters.Where(c => c.Room > 0).ToArray();
        Random.Shared.Shuffle(counters);
        var sticky = Array.FindIndex(counters, c => c.Index == preferred);
        if (sticky > 0)
        {
            (counters[0], counters[sticky]) = (counters[sticky], counters[0]);
        }

        var groups = new List<(SeatCounter, List<PendingSignUp>)>();
        admitted = 0;
        foreach (var counter in counters.Take(MaxCommitsPerRound))
        {
            var take = Math.Min(Math.Min(counter.Room, ledger.MaxClaimsPerCommit), open.Count - admitted);
            if (take <= 0)
            {
                break;
            }

            groups.Add((counter, open.GetRange(admitted, take)));
            admitted += take;
        }

        return groups;
    }

    private async Task IndexAsync(PendingSignUp request, FestaEvent festaEvent)
    {
        // A hint is written again before a commit once it is a minute old: "my sign-ups" deletes hints without a seat
        // after 10 minutes, and a gated hint must still be there when the withdrawal lists them (docs/concurrency.md).
        if (request.Indexed && time.GetUtcNow() - request.IndexedAt < HintRefreshAfter)
        {
            return;
        }

        try
        {
            var written = await ledger.IndexAsync(request.Claim.MemberId, festaEvent, CancellationToken.None);
            if (written == HintWrite.GateClosed)
            {
                // Only a withdrawal closes the gate: this member gets no seat (nothing is committed for them).
                request.Outcome.TrySetResult(SignUpOutcome.MemberLeaving);
                return;
            }

            request.Gated = written == HintWrite.Gated;
            request.Indexed = true;
            request.IndexedAt = time.GetUtcNow();
        }
        catch (Exception e)
        {
            // Without its hint the seat could go missing from "my sign-ups": this member is not committed.
            request.Outcome.TrySetException(e);
        }
    }

    /// <summary>Commits the requests on one counter; a member who already holds a seat is answered and the rest retried at once.</summary>
    private async Task<bool> CommitAsync(SignUpQueue queue, SeatCounter counter, List<PendingSignUp> requests)
    {
        var answered = false;
        while (requests.Count > 0)
        {
            SeatCommit result;
            try
            {
                result = await ledger.CommitAsync(queue.EventId, counter, requests.ConvertAll(r => r.Claim), CancellationToken.None);
            }
            catch (Exception e) when (classifiers.Any(c => c.IsTransient(e)))
            {
                // Ambiguous: the transaction may have committed. One more round settles it (a record carrying this
                // request's id is its own seat); a second fault is answered with the fault (503 busy).
                foreach (var request in requests.Where(r => r.Faulted))
                {
                    answered |= request.Outcome.TrySetException(e);
                }

                requests.ForEach(r => r.Faulted = true);
                queue.Requeue(requests.Where(r => !r.Outcome.Task.IsCompleted));
                return answered;
            }

            switch (result.Status)
            {
                case SeatCommitStatus.Committed:
                    queue.Committed(counter.Index);
                    return AnswerAll(requests, SignUpOutcome.SignedUp);
                case SeatCommitStatus.ClaimExists:
                    var holder = requests[result.FailedClaim];
                    requests.RemoveAt(result.FailedClaim);
                    answered |= await AnswerExistingAsync(queue, holder);
                    continue; // nothing was written: the counter is as read
                default:
                    metrics.StoreConflict(StoreConflictSite.SignUpSeat);
                    queue.LostRace(counter.Index); // another writer uses it: the next round draws again
                    foreach (var request in requests.Where(r => ++r.Attempts >= MaxAttempts))
                    {
                        answered |= request.Outcome.TrySetResult(SignUpOutcome.Busy);
                    }

                    queue.Requeue(requests.Where(r => !r.Outcome.Task.IsCompleted));
                    return answered;
            }
        }

        return answered;
    }

    /// <summary>
    /// "Full", unless the member holds a seat (checked in the member's own index, off the hot partition): then
    /// "signed up" if this very request wrote it (a commit whose answer was lost), else "already signed up".
    /// </summary>
    private async Task AnswerFullAsync(SignUpQueue queue, PendingSignUp request)
    {
        try
        {
            var record = await ledger.IsIndexedAsync(request.Claim.MemberId, queue.EventId, CancellationToken.None)
                ? await ledger.FindAsync(queue.EventId, request.Claim.MemberId, CancellationToken.None)
                : null;
            request.Outcome.TrySetResult(record is null ? SignUpOutcome.Full : Held(record, request));
        }
        catch (Exception e)
        {
            request.Outcome.TrySetException(e);
        }
    }

    private static SignUpOutcome Held(SeatRecord record, PendingSignUp request) =>
        record.RequestId == request.Claim.RequestId ? SignUpOutcome.SignedUp : SignUpOutcome.AlreadySignedUp;

    /// <summary>
    /// The member already holds a record. If this very request wrote it (a transaction that committed although its
    /// answer was lost, then retried), the seat is the member's: "signed up". Otherwise "already signed up".
    /// </summary>
    private async Task<bool> AnswerExistingAsync(SignUpQueue queue, PendingSignUp request)
    {
        SeatRecord? record;
        try
        {
            record = await ledger.FindAsync(queue.EventId, request.Claim.MemberId, CancellationToken.None);
        }
        catch (Exception e)
        {
            return request.Outcome.TrySetException(e);
        }

        if (record is null && gate is not null)
        {
            // No seat, yet the key is taken: a withdrawal's guard (the member is leaving), or a cancel in between.
            bool guarded;
            try
            {
                guarded = await gate.IsGuardedAsync(queue.EventId, request.Claim.MemberId, CancellationToken.None);
            }
            catch (Exception e)
            {
                return request.Outcome.TrySetException(e);
            }

            if (guarded)
            {
                return request.Outcome.TrySetResult(SignUpOutcome.MemberLeaving);
            }
        }

        if (record is null)
        {
            // Cancelled in between: try again, within the same budget as a lost race.
            if (++request.Attempts >= MaxAttempts)
            {
                return request.Outcome.TrySetResult(SignUpOutcome.Busy);
            }

            queue.Requeue([request]);
            return false;
        }

        return request.Outcome.TrySetResult(Held(record, request));
    }

    private static bool AnswerAll(IEnumerable<PendingSignUp> requests, SignUpOutcome outcome)
    {
        var any = false;
        foreach (var request in requests)
        {
            any |= request.Outcome.TrySetResult(outcome);
        }

        return any;
    }

    /// <summary>Exponential backoff with full jitter, so writers that lost a round spread out instead of colliding again.</summary>
    private Task BackOffAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, Math.Min(250, 4 << Math.Min(attempt, 10)))), time, cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A sign-up round for event {EventId} failed; {Count} requests answered with the fault")]
    private partial void LogRoundFailed(Exception exception, string eventId, int count);
}
