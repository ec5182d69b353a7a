using Festa.Core.Events;
using Festa.Core.Events.SignUps.Ledger;
using Festa.Core.Members;
using Festa.Core.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Festa.Core.Tests.Events.SignUps;

/// <summary>
/// The one sign-up policy (group commit) over the in-memory ledger: deterministic rounds, made so by holding the
/// first round's read at a gate while the other requests queue behind it.
/// </summary>
public sealed class GroupCommitSignUpStoreTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly InMemorySeatLedger _ledger = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static GroupCommitSignUpStore StoreOver(ISeatLedger ledger, TimeProvider? time = null, TimeProvider? linger = null) =>
        new(ledger, [new TestTransientClassifier()], time ?? new InstantTimeProvider(), new FestaMetrics(),
            NullLogger<GroupCommitSignUpStore>.Instance) { LingerClock = linger ?? TimeProvider.System };

    internal static FestaEvent NewEvent(int capacity) => new(EventId.New(), UserId.FromTrusted("host"), "Gig", "", EventCategory.Festival,
        Now.AddDays(1), Now.AddDays(1).AddHours(2), capacity, new EventLocation("Seoul", "Jung-gu", "1 Main St"), Now, Now);

    private static UserId Member(int i) => UserId.FromTrusted($"member{i:D4}");

    /// <summary>Starts one request, waits until its round is reading, then starts the rest: they all share the second round.</summary>
    private async Task<SignUpOutcome[]> TwoRoundsAsync(GroupCommitSignUpStore store, EventId id, params UserId[] members)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ledger.BeforeRead = () =>
        {
            reading.TrySetResult();
            return gate.Task;
        };
        var first = store.SignUpAsync(id, members[0], Now, Ct);
        await reading.Task.WaitAsync(Ct);
        var rest = members.Skip(1).Select(m => store.SignUpAsync(id, m, Now, Ct)).ToList();
        gate.SetResult();
        return await Task.WhenAll([first, .. rest]);
    }

    [Fact]
    public async Task A_member_whose_gate_is_closed_gets_no_seat_and_the_rest_of_the_batch_commits()
    {
        var e = NewEvent(capacity: 10);
        _ledger.Add(e);
        _ledger.ClosedGates.Add(Member(2));
        var store = StoreOver(_ledger);

        var outcomes = await TwoRoundsAsync(store, e.Id, Member(1), Member(2), Member(3));

        Assert.Equal([SignUpOutcome.SignedUp, SignUpOutcome.MemberLeaving, SignUpOutcome.SignedUp], outcomes);
        Assert.Equal([1, 1], _ledger.CommitSizes);
        Assert.Equal((2, 2), (_ledger.Snapshot(e.Id).Records.Count, _ledger.Snapshot(e.Id).Taken));
        Assert.DoesNotContain(_ledger.Snapshot(e.Id).Records, r => r.MemberId == Member(2));
    }

    [Fact]
    public async Task A_request_that_keeps_losing_rounds_writes_its_hint_again_once_it_is_a_minute_old()
    {
        var e = NewEvent(capacity: 10);
        _ledger.Add(e);
        _ledger.ConflictsToInject = 3;
        var store = StoreOver(_ledger, new AdvancingClock(step: TimeSpan.FromSeconds(40)));

        Assert.Equal(SignUpOutcome.SignedUp, await store.SignUpAsync(e.Id, Member(1), Now, Ct));

        // Four rounds, 40 s of clock between reads: the hint is written again before the later commits.
        Assert.InRange(_ledger.IndexWrites, 2, 4);
    }

    [Fact]
    public async Task A_queue_keeps_committing_to_the_counter_it_last_committed_to()
    {
        var e = NewEvent(capacity: 160);
        _ledger.Add(e, counters: 16);
        var store = StoreOver(_ledger);
        const int Rounds = 6;
        var requests = new System.Collections.Concurrent.ConcurrentQueue<Task<SignUpOutcome>>();
        var next = 1;
        // Each round's read starts the next request, which waits for the following round: one queue, six rounds of one.
        _ledger.BeforeRead = () =>
        {
            if (next < Rounds)
            {
                requests.Enqueue(store.SignUpAsync(e.Id, Member(next++), Now, Ct));
            }

            return Task.CompletedTask;
        };
        requests.Enqueue(store.SignUpAsync(e.Id, Member(0), Now, Ct));
        while (requests.Count < Rounds)
        {
            await Task.Delay(5, Ct);
        }

        Assert.All(await Task.WhenAll(requests), o => Assert.Equal(SignUpOutcome.SignedUp, o));
        Assert.Equal(Rounds, _ledger.Reads);
        // Drawn at random each round, six seats would land on one of 16 counters once in a million runs.
        Assert.Equal([Rounds], _ledger.TakenPerCounter(e.Id).Where(t => t > 0));
    }

    /// <summary>Holds the queue's first round at its read, queues <paramref name="early"/> more behind it, then lets the round finish.</summary>
    private async Task<List<Task<SignUpOutcome>>> FirstRoundThenWaitingAsync(GroupCommitSignUpStore store, EventId id, int early,
        SignUpOutcome? expectFirst = SignUpOutcome.SignedUp, CancellationToken? waitingGiveUp = null)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ledger.BeforeRead = () =>
        {
            reading.TrySetResult();
            return gate.Task;
        };
        var first = store.SignUpAsync(id, Member(0), Now, Ct);
        await reading.Task.WaitAsync(Ct);
        var waiting = Enumerable.Range(1, early).Select(i => store.SignUpAsync(id, Member(i), Now, waitingGiveUp ?? Ct)).ToList();
        _ledger.BeforeRead = () => Task.CompletedTask;
        gate.SetResult();
        if (expectFirst is { } expected)
        {
            Assert.Equal(expected, await first);
            return waiting;
        }

        return [first, .. waiting]; // the first round's outcome is part of what the caller checks
    }

    [Fact]
    public async Task A_busy_queue_gathers_requests_for_its_next_round_instead_of_committing_a_few()
    {
        var e = NewEvent(capacity: 100);
        _ledger.Add(e);
        var store = StoreOver(_ledger, linger: new FakeTimeProvider(Now)); // never advanced: only the count ends the gathering
        var early = await FirstRoundThenWaitingAsync(store, e.Id, early: 3);

        await Task.Delay(100, Ct);
        Assert.Equal([1], _ledger.CommitSizes); // three waiting are fewer than the target: no round yet
        var late = Enumerable.Range(4, GroupCommitSignUpStore.GatherTarget - 3).Select(i => store.SignUpAsync(e.Id, Member(i), Now, Ct));

        Assert.All(await Task.WhenAll([.. early, .. late]), o => Assert.Equal(SignUpOutcome.SignedUp, o));
        Assert.Equal([1, GroupCommitSignUpStore.GatherTarget], _ledger.CommitSizes);
    }

    [Fact]
    public async Task A_busy_queue_gathers_no_longer_than_its_linger()
    {
        var e = NewEvent(capacity: 100);
        _ledger.Add(e);
        var clock = new FakeTimeProvider(Now);
        var store = StoreOver(_ledger, linger: clock);
        var early = Task.WhenAll(await FirstRoundThenWaitingAsync(store, e.Id, early: 3));

        Assert.False(early.IsCompleted);
        for (var i = 0; i < 200 && !early.IsCompleted; i++)
        {
            clock.Advance(GroupCommitSignUpStore.GatherFor); // the timer may be set after an advance: advance until it fires
            await Task.WhenAny(early, Task.Delay(10, Ct));
        }

        Assert.All(await early.WaitAsync(TimeSpan.FromSeconds(5), Ct), o => Assert.Equal(SignUpOutcome.SignedUp, o));
        Assert.Equal([1, 3], _ledger.CommitSizes);
    }

    [Fact]
    public async Task A_sign_up_alone_never_waits_for_company()
    {
        var e = NewEvent(capacity: 10);
        _ledger.Add(e);
        var store = StoreOver(_ledger, linger: new FakeTimeProvider(Now)); // never advanced: any wait on the clock would hang

        for (var i = 10; i < 13; i++)
        {
            Assert.Equal(SignUpOutcome.SignedUp, await store.SignUpAsync(e.Id, Member(i), Now, Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct));
        }

        // One request behind a round of one is a straggler, not a crowd: it is not held back either.
        var straggler = Assert.Single(await FirstRoundThenWaitingAsync(store, e.Id, early: 1));
        Assert.Equal(SignUpOutcome.SignedUp, await straggler.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Equal([1, 1, 1, 1, 1], _ledger.CommitSizes);
    }

    [Fact]
    public async Task A_frozen_business_clock_does_not_freeze_a_crowds_rounds()
    {
        // Tests (and nothing else) freeze business time; the linger waits on real time, so a crowd still moves.
        var e = NewEvent(capacity: 10);
        _ledger.Add(e);
        var store = new GroupCommitSignUpStore(_ledger, [new TestTransientClassifier()], new FakeTimeProvider(Now), new FestaMetrics(),
            NullLogger<GroupCommitSignUpStore>.Instance);

        var waiting = await FirstRoundThenWaitingAsync(store, e.Id, early: 3);

        Assert.All(await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(10), Ct), o => Assert.Equal(SignUpOutcome.SignedUp, o));
        Assert.Equal([1, 3], _ledger.CommitSizes);
    }

    [Fact]
    public async Task Requests_put_back_after_a_lost_race_are_not_held_for_company()
    {
        var e = NewEvent(capacity: 10);
        _ledger.Add(e);
        _ledger.ConflictsToInject = 1; // the first round loses its counter to "another instance"
        var store = StoreOver(_ledger, linger: new FakeTimeProvider(Now)); // never advanced: a linger would hang

        var waiting = await FirstRoundThenWaitingAsync(store, e.Id, early: 3, expectFirst: null);

        Assert.All(await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(10), Ct), o => Assert.Equal(SignUpOutcome.SignedUp, o));
        Assert.Equal([1, 4], _ledger.CommitSizes); // the lost one, then the retry together with the arrivals
    }

    [Fact]
    public async Task Requests_beyond_the_last_seats_are_answered_full_without_a_linger()
    {
        var e = NewEvent(capacity: 2);
        _ledger.Add(e);
        var store = StoreOver(_ledger, linger: new FakeTimeProvider(Now)); // never advanced: a linger would hang

        // 32 behind the first round: the next round runs at once, takes the last seat, and puts 31 back.
        var waiting = await FirstRoundThenWaitingAsync(store, e.Id, early: GroupCommitSignUpStore.GatherTarget);

        var outcomes = await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(SignUpOutcome.SignedUp, outcomes[0]);
        Assert.All(outcomes.Skip(1), o => Assert.Equal(SignUpOutcome.Full, o));
        Assert.Equal(2, _ledger.Snapshot(e.Id).Taken);
    }

    [Fact]
    public async Task A_leader_gathering_for_callers_who_gave_up_does_not_hold_the_next_sign_up()
    {
        var e = NewEvent(capacity: 10);
        _ledger.Add(e);
        var store = StoreOver(_ledger, linger: new FakeTimeProvider(Now)); // never advanced: only the callers' leaving ends it
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var leaving = await FirstRoundThenWaitingAsync(store, e.Id, early: 2, waitingGiveUp: giveUp.Token);

        await giveUp.CancelAsync(); // both leave while the leader gathers
        foreach (var request in leaving)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        }

        Assert.Equal(SignUpOutcome.SignedUp, await store.SignUpAsync(e.Id, Member(3), Now, Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Equal([1, 1], _ledger.CommitSizes);
    }

    [Fact]
    public async Task A_leader_that_fails_between_rounds_answers_its_waiting_requests_and_the_next_sign_up_gets_a_new_one()
    {
        var e = NewEvent(capacity: 10);
        _ledger.Add(e);
        _ledger.ConflictsToInject = 1; // a lost race: the leader backs off, and its clock's timer throws
        var store = StoreOver(_ledger, new TimerlessClock());

        var outcome = store.SignUpAsync(e.Id, Member(1), Now, Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => outcome.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Equal(SignUpOutcome.SignedUp, await store.SignUpAsync(e.Id, Member(2), Now, Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct));
    }

    /// <summary>A clock whose timers cannot be created (any delay on it fails).</summary>
    private sealed class TimerlessClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => Now;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            throw new InvalidOperationException("no timers on this clock");
    }

    [Fact]
    public async Task Requests_in_flight_together_share_one_transaction()
    {
        var e = NewEvent(capacity: 100);
        _ledger.Add(e);
        var store = StoreOver(_ledger);

        var outcomes = await TwoRoundsAsync(store, e.Id, [.. Enumerable.Range(0, 60).Select(Member)]);

        Assert.All(outcomes, o => Assert.Equal(SignUpOutcome.SignedUp, o));
        Assert.Equal([1, 59], _ledger.CommitSizes);
        Assert.Equal(2, _ledger.Reads);
        Assert.Equal((60, 60), (_ledger.Snapshot(e.Id).Records.Count, _ledger.Snapshot(e.Id).Taken));
    }

    [Fact]
    public async Task A_round_that_would_overfill_admits_the_earliest_arrivals_and_tells_the_rest_full_from_a_fresh_read()
    {
        var e = NewEvent(capacity: 10);
        _ledger.Add(e);
        var members = Enumerable.Range(0, 30).Select(Member).ToArray();

        var outcomes = await TwoRoundsAsync(StoreOver(_ledger), e.Id, members);

        // The first request had round 1; the next 9 arrivals take the 9 seats left; the other 20 are "full".
        Assert.Equal(Enumerable.Repeat(SignUpOutcome.SignedUp, 10).Concat(Enumerable.Repeat(SignUpOutcome.Full, 20)), outcomes);
        Assert.Equal(members.Take(10).Select(m => m.Value).Order(), _ledger.Snapshot(e.Id).Records.Select(r => r.MemberId.Value).Order());
        Assert.Equal(10, _ledger.Snapshot(e.Id).Taken);
        Assert.Equal(3, _ledger.Reads); // "full" only from a read that shows no seat left
    }

    [Fact]
    public async Task A_member_who_already_holds_a_seat_is_refused_and_the_rest_of_the_batch_commits_without_them()
    {
        var e = NewEvent(capacity: 50);
        _ledger.Add(e);
        var members = Enumerable.Range(0, 12).Select(Member).ToArray();
        _ledger.Seed(e.Id, members[5]);
        _ledger.Seed(e.Id, members[9]);

        var outcomes = await TwoRoundsAsync(StoreOver(_ledger), e.Id, members);

        Assert.Equal(SignUpOutcome.AlreadySignedUp, outcomes[5]);
        Assert.Equal(SignUpOutcome.AlreadySignedUp, outcomes[9]);
        Assert.Equal(10, outcomes.Count(o => o == SignUpOutcome.SignedUp));
        Assert.Equal((12, 12), (_ledger.Snapshot(e.Id).Records.Count, _ledger.Snapshot(e.Id).Taken));
        Assert.Equal([1, 11, 10, 9], _ledger.CommitSizes); // each refusal costs one failed transaction, no re-read
        Assert.Equal(2, _ledger.Reads);
    }

    [Fact]
    public async Task One_member_twice_in_the_same_round_gets_one_seat()
    {
        var e = NewEvent(capacity: 50);
        _ledger.Add(e);
        var (ana, ben) = (Member(1), Member(2));

        var outcomes = await TwoRoundsAsync(StoreOver(_ledger), e.Id, Member(0), ana, ben, ana, ana);

        Assert.Equal(SignUpOutcome.SignedUp, outcomes[1]);
        Assert.Equal(SignUpOutcome.SignedUp, outcomes[2]);
        Assert.Equal([SignUpOutcome.AlreadySignedUp, SignUpOutcome.AlreadySignedUp], outcomes[3..]);
        Assert.Single(_ledger.Snapshot(e.Id).Records, r => r.MemberId == ana);
        Assert.Equal(3, _ledger.Snapshot(e.Id).Taken);
    }

    [Fact]
    public async Task Transactions_never_exceed_the_ledgers_limit()
    {
        var e = NewEvent(capacity: 1_000);
        _ledger.Add(e, counters: 4);

        var outcomes = await TwoRoundsAsync(StoreOver(_ledger), e.Id, [.. Enumerable.Range(0, 400).Select(Member)]);

        Assert.All(outcomes, o => Assert.Equal(SignUpOutcome.SignedUp, o));
        Assert.All(_ledger.CommitSizes, size => Assert.InRange(size, 1, _ledger.MaxClaimsPerCommit));
        Assert.Equal(400, _ledger.Snapshot(e.Id).Taken);
    }

    [Fact]
    public async Task A_commit_whose_answer_was_lost_is_recognised_by_its_own_record()
    {
        var e = NewEvent(capacity: 5);
        _ledger.Add(e);
        _ledger.FaultsAfterCommit.Enqueue(new TimeoutException("answer lost after commit"));

        Assert.Equal(SignUpOutcome.SignedUp, await StoreOver(_ledger).SignUpAsync(e.Id, Member(1), Now, Ct));
        Assert.Equal(1, _ledger.Snapshot(e.Id).Taken);
    }

    [Fact]
    public async Task A_lost_answer_for_the_last_seat_is_still_the_members_seat_when_the_event_is_now_full()
    {
        var e = NewEvent(capacity: 1);
        _ledger.Add(e);
        _ledger.FaultsAfterCommit.Enqueue(new TimeoutException("answer lost after commit"));
        var store = StoreOver(_ledger);

        // The retry round reads no seat left; the record it finds is this request's own.
        Assert.Equal(SignUpOutcome.SignedUp, await store.SignUpAsync(e.Id, Member(1), Now, Ct));
        Assert.Equal(SignUpOutcome.AlreadySignedUp, await store.SignUpAsync(e.Id, Member(1), Now, Ct));
        Assert.Equal(SignUpOutcome.Full, await store.SignUpAsync(e.Id, Member(2), Now, Ct));
        Assert.Equal(1, _ledger.Snapshot(e.Id).Taken);
    }

    [Fact]
    public async Task A_second_transient_fault_is_answered_with_the_fault()
    {
        var e = NewEvent(capacity: 5);
        _ledger.Add(e);
        _ledger.FaultsAfterCommit.Enqueue(new TimeoutException("first"));
        var store = StoreOver(_ledger);
        Assert.Equal(SignUpOutcome.SignedUp, await store.SignUpAsync(e.Id, Member(1), Now, Ct));

        // A store that times out before committing, twice: the request is answered with the fault (503 upstream).
        var failing = new FailingLedger(_ledger, new TimeoutException("store unavailable"));
        await Assert.ThrowsAsync<TimeoutException>(() => StoreOver(failing).SignUpAsync(e.Id, Member(2), Now, Ct));
        Assert.Equal(2, failing.Commits);
        Assert.Equal(1, _ledger.Snapshot(e.Id).Taken);
    }

    [Fact]
    public async Task Lost_races_are_retried_and_give_up_as_busy()
    {
        var e = NewEvent(capacity: 5);
        _ledger.Add(e);
        var store = StoreOver(_ledger);

        _ledger.ConflictsToInject = 3;
        Assert.Equal(SignUpOutcome.SignedUp, await store.SignUpAsync(e.Id, Member(1), Now, Ct));
        Assert.Equal(1, _ledger.IndexWrites); // four rounds, one hint: a lost race does not write it again

        _ledger.ConflictsToInject = int.MaxValue;
        Assert.Equal(SignUpOutcome.Busy, await store.SignUpAsync(e.Id, Member(2), Now, Ct));
        Assert.Equal(1, _ledger.Snapshot(e.Id).Taken);
    }

    [Fact]
    public async Task Started_and_missing_events_are_answered_from_the_read()
    {
        var e = NewEvent(capacity: 5);
        _ledger.Add(e);
        var store = StoreOver(_ledger);

        Assert.Equal(SignUpOutcome.Closed, await store.SignUpAsync(e.Id, Member(1), e.StartsAt, Ct));
        Assert.Equal(SignUpOutcome.NotFound, await store.SignUpAsync(EventId.New(), Member(1), Now, Ct));
        Assert.Empty(_ledger.CommitSizes);
    }

    [Fact]
    public async Task A_cancelled_seat_goes_to_the_next_applicant()
    {
        var e = NewEvent(capacity: 1);
        _ledger.Add(e);
        var store = StoreOver(_ledger);

        Assert.Equal(SignUpOutcome.SignedUp, await store.SignUpAsync(e.Id, Member(1), Now, Ct));
        Assert.Equal(SignUpOutcome.Full, await store.SignUpAsync(e.Id, Member(2), Now, Ct));
        Assert.Equal(SignUpOutcome.AlreadySignedUp, await store.SignUpAsync(e.Id, Member(1), Now, Ct)); // full, but theirs
        Assert.Equal(CancelOutcome.NotSignedUp, await store.CancelAsync(e.Id, Member(2), Now, Ct));
        Assert.Equal(CancelOutcome.Cancelled, await store.CancelAsync(e.Id, Member(1), Now, Ct));
        Assert.Equal(SignUpOutcome.SignedUp, await store.SignUpAsync(e.Id, Member(2), Now, Ct));
        Assert.Equal([Member(2)], _ledger.Snapshot(e.Id).Records.Select(r => r.MemberId));
    }

    [Fact]
    public async Task A_caller_that_gives_up_before_its_round_takes_no_seat()
    {
        var e = NewEvent(capacity: 5);
        _ledger.Add(e);
        var store = StoreOver(_ledger);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ledger.BeforeRead = () =>
        {
            reading.TrySetResult();
            return gate.Task;
        };
        var first = store.SignUpAsync(e.Id, Member(1), Now, Ct);
        await reading.Task.WaitAsync(Ct);
        using var impatient = new CancellationTokenSource();
        var second = store.SignUpAsync(e.Id, Member(2), Now, impatient.Token);
        await impatient.CancelAsync();
        gate.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        Assert.Equal(SignUpOutcome.SignedUp, await first);
        Assert.Equal([Member(1)], _ledger.Snapshot(e.Id).Records.Select(r => r.MemberId));
    }

    /// <summary>Backoff delays elapse at once: the rounds under test, not the waiting, are what matters.</summary>
    /// <summary>Instant timers, and a clock that moves on by <paramref name="step"/> at every reading.</summary>
    private sealed class AdvancingClock(TimeSpan step) : TimeProvider
    {
        private long _readings;

        public override DateTimeOffset GetUtcNow() => Now + (step * Interlocked.Increment(ref _readings));

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            System.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.Zero, period);
    }

    private sealed class InstantTimeProvider : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            System.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.Zero, period);
    }

    /// <summary>A ledger whose commits fail with a transient fault before anything is written.</summary>
    private sealed class FailingLedger(InMemorySeatLedger inner, Exception fault) : ISeatLedger
    {
        private int _commits;

        public int Commits => _commits;

        public int MaxClaimsPerCommit => inner.MaxClaimsPerCommit;

        public Task<SeatLedgerState?> ReadAsync(EventId eventId, CancellationToken cancellationToken) => inner.ReadAsync(eventId, cancellationToken);

        public Task<SeatCommit> CommitAsync(EventId eventId, SeatCounter counter, IReadOnlyList<SeatClaim> claims, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _commits);
            return Task.FromException<SeatCommit>(fault);
        }

        public Task<SeatCommit> ReleaseAsync(EventId eventId, SeatCounter counter, SeatRecord record, CancellationToken cancellationToken) =>
            inner.ReleaseAsync(eventId, counter, record, cancellationToken);

        public Task<SeatRecord?> FindAsync(EventId eventId, UserId memberId, CancellationToken cancellationToken) =>
            inner.FindAsync(eventId, memberId, cancellationToken);

        public Task<HintWrite> IndexAsync(UserId memberId, FestaEvent festaEvent, CancellationToken cancellationToken) => Task.FromResult(HintWrite.Ungated);

        public Task<bool> IsIndexedAsync(UserId memberId, EventId eventId, CancellationToken cancellationToken) =>
            inner.IsIndexedAsync(memberId, eventId, cancellationToken);

        public Task<StorePage<SignUpRecord>> ListParticipantsAsync(EventId eventId, string? after, int limit, CancellationToken cancellationToken) =>
            inner.ListParticipantsAsync(eventId, after, limit, cancellationToken);

        public Task<IReadOnlyList<(FestaEvent Event, DateTimeOffset SignedUpAt)>> ListOfMemberAsync(UserId memberId, CancellationToken cancellationToken) =>
            inner.ListOfMemberAsync(memberId, cancellationToken);
    }
}
