using Festa.Core.Events;
using Festa.Core.Events.SignUps;
using Festa.Core.Events.SignUps.Ledger;
using Festa.Core.Members;
using Microsoft.Extensions.Time.Testing;

namespace Festa.Core.Tests.Events.SignUps;

/// <summary>The seat-freeing step of a withdrawal: lists again until no seat at an open event is left, and is idempotent.</summary>
public sealed class FreeSeatsOnWithdrawalTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly UserId Member = UserId.FromTrusted("leaving");

    [Fact]
    public async Task A_seat_that_commits_after_a_listing_is_freed_by_the_next_listing()
    {
        var signUps = new Seats(Event(days: 3), Event(days: 5));
        var late = Event(days: 7);
        signUps.AfterListing = listing => { if (listing == 1) { signUps.Take(late); } };

        Assert.True(await new FreeSeatsOnWithdrawal(signUps, new FakeTimeProvider(Now)).RunAsync(Member, CancellationToken.None));

        Assert.Empty(signUps.Held);
        Assert.Equal(3, signUps.Cancelled);
        Assert.Equal(3, signUps.Listings);
    }

    [Fact]
    public async Task Seats_at_started_events_stay_and_a_second_run_has_nothing_to_do()
    {
        var past = Event(days: -1);
        var signUps = new Seats(past, Event(days: 2));
        var step = new FreeSeatsOnWithdrawal(signUps, new FakeTimeProvider(Now));

        Assert.True(await step.RunAsync(Member, CancellationToken.None));
        Assert.True(await step.RunAsync(Member, CancellationToken.None));

        Assert.Equal([past.Id], signUps.Held);
        Assert.Equal(1, signUps.Cancelled);
    }

    [Fact]
    public async Task A_seat_that_cannot_be_freed_reports_work_left_instead_of_success()
    {
        var signUps = new Seats(Event(days: 2)) { AlwaysBusy = true };

        Assert.False(await new FreeSeatsOnWithdrawal(signUps, new FakeTimeProvider(Now)).RunAsync(Member, CancellationToken.None));
        Assert.Equal(FreeSeatsOnWithdrawal.MaxRounds, signUps.Listings);
        Assert.Single(signUps.Held);
    }

    [Fact]
    public async Task With_a_closed_gate_it_guards_every_hinted_event_and_frees_a_seat_that_beat_the_guard()
    {
        var held = Event(days: 2);
        var racing = Event(days: 4); // hint written through the gate; its seat commits just before the guard
        var refused = Event(days: 6); // hint of a sign-up that took no seat
        var signUps = new Seats(held);
        var gate = new Gate(signUps, held.Id, racing.Id, refused.Id) { SeatBeforeGuard = racing };

        Assert.True(await new FreeSeatsOnWithdrawal(signUps, new FakeTimeProvider(Now), gate).RunAsync(Member, CancellationToken.None));

        Assert.Empty(signUps.Held);
        Assert.Equal(2, signUps.Cancelled);
        Assert.True(gate.Guarded.SetEquals([held.Id, racing.Id, refused.Id]), string.Join(", ", gate.Guarded));
    }

    [Fact]
    public async Task With_a_gate_a_seat_kept_at_a_started_event_ends_the_step_without_a_guard_there()
    {
        var past = Event(days: -1);
        var future = Event(days: 2);
        var signUps = new Seats(past, future);
        var gate = new Gate(signUps, past.Id, future.Id);

        Assert.True(await new FreeSeatsOnWithdrawal(signUps, new FakeTimeProvider(Now), gate).RunAsync(Member, CancellationToken.None));

        Assert.Equal([past.Id], signUps.Held);
        Assert.Equal([future.Id], gate.Guarded); // the freed event is guarded; the started one keeps its seat and gets none
    }

    private static FestaEvent Event(int days) => new(EventId.New(), UserId.FromTrusted("host"), "Event", "About it", EventCategory.Concert,
        Now.AddDays(days), Now.AddDays(days).AddHours(2), 10, new EventLocation("Seoul", "Mapo-gu", "1 River Road"), Now.AddDays(-30), Now.AddDays(-30));

    /// <summary>A gate over <see cref="Seats"/>: guards fail with "seat held" where a seat is held (one may commit just before its guard).</summary>
    private sealed class Gate(Seats seats, params EventId[] hinted) : ISignUpGate
    {
        public FestaEvent? SeatBeforeGuard { get; init; }

        public HashSet<EventId> Guarded { get; } = [];

        private bool _raced;

        public Task<bool> OpenAsync(UserId memberId, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task CloseAsync(UserId memberId, CancellationToken cancellationToken) => throw new NotSupportedException("The withdrawal closes it, before this step.");

        public Task<IReadOnlyList<EventId>> ListHintedAsync(UserId memberId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<EventId>>(hinted);

        public Task<GuardOutcome> GuardAsync(EventId eventId, UserId memberId, CancellationToken cancellationToken)
        {
            lock (Guarded)
            {
                if (SeatBeforeGuard?.Id == eventId && !_raced)
                {
                    _raced = true;
                    seats.Take(SeatBeforeGuard);
                }

                if (seats.Held.Contains(eventId))
                {
                    return Task.FromResult(GuardOutcome.SeatHeld);
                }

                Guarded.Add(eventId);
                return Task.FromResult(GuardOutcome.Guarded);
            }
        }

        public Task<bool> IsGuardedAsync(EventId eventId, UserId memberId, CancellationToken cancellationToken) =>
            Task.FromResult(Guarded.Contains(eventId));
    }

    /// <summary>The member's seats, in memory, with a hook after each listing (a sign-up committing in between).</summary>
    private sealed class Seats(params FestaEvent[] held) : ISignUpStore
    {
        private readonly Dictionary<EventId, FestaEvent> _held = held.ToDictionary(e => e.Id);

        public Action<int>? AfterListing { get; set; }

        public bool AlwaysBusy { get; init; }

        public int Listings { get; private set; }

        public int Cancelled { get; private set; }

        public IReadOnlyList<EventId> Held => [.. _held.Keys];

        public void Take(FestaEvent e) => _held[e.Id] = e;

        public Task<IReadOnlyList<(FestaEvent Event, DateTimeOffset SignedUpAt)>> ListOfMemberAsync(UserId memberId, CancellationToken cancellationToken)
        {
            IReadOnlyList<(FestaEvent, DateTimeOffset)> listing = [.. _held.Values.Select(e => (e, Now.AddDays(-1)))];
            Listings++;
            AfterListing?.Invoke(Listings);
            return Task.FromResult(listing);
        }

        public Task<CancelOutcome> CancelAsync(EventId eventId, UserId memberId, DateTimeOffset now, CancellationToken cancellationToken)
        {
            if (AlwaysBusy)
            {
                return Task.FromResult(CancelOutcome.Busy);
            }

            if (!_held.Remove(eventId))
            {
                return Task.FromResult(CancelOutcome.NotSignedUp);
            }

            Cancelled++;
            return Task.FromResult(CancelOutcome.Cancelled);
        }

        public Task<SignUpOutcome> SignUpAsync(EventId eventId, UserId memberId, DateTimeOffset now, CancellationToken cancellationToken, string? requestId = null) =>
            throw new NotSupportedException();

        public Task<StorePage<SignUpRecord>> ListParticipantsAsync(EventId eventId, string? after, int limit, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
