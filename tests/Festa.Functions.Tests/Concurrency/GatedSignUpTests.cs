using Festa.Core.Events;
using Festa.Core.Events.SignUps.Ledger;
using Festa.Core.Members;
using Festa.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Festa.Functions.Tests.Concurrency;

/// <summary>
/// The sign-up gate's race, made to happen every time (Table Storage, the store with gates): the member's hint goes
/// through the open gate, then — before the seat commits — the whole withdrawal runs on another instance. The seat
/// batch then fails on the withdrawal's guard: the sign-up answers 401 and no seat is left, although the sign-up never
/// read the member after its commit (docs/concurrency.md, "Withdrawal").
/// </summary>
public sealed class GatedSignUpTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    [Fact]
    public async Task A_withdrawal_between_a_gated_hint_and_its_seat_leaves_no_seat_and_the_sign_up_answers_401()
    {
        var hook = new WithdrawAfterHint();
        // The Table adapter is the gate and the ledger in one; the hook wraps its ledger side.
        var a = await store.StartInstanceAsync(services: s => s.AddSingleton<ISeatLedger>(sp => hook.Around((ISeatLedger)sp.GetRequiredService<ISignUpGate>())));
        var b = await store.StartInstanceAsync();
        var (_, host) = await b.SignedInMemberAsync(Role.Host);
        var eventId = await b.Client.CreateEventAsync(host);
        var (member, token) = await b.SignedInMemberAsync();
        hook.Withdraw = async () => Assert.Equal(204, (await b.Client.WithdrawAsync(token, Seed.Password)).Status);

        var signUp = await a.Client.PostAsync($"/api/events/{eventId}/signups", token: token);

        Assert.True(hook.Gated, "the hint did not go through the gate: the test would prove nothing");
        Assert.True(hook.Withdrawn, "the withdrawal did not run between the hint and the seat");
        Assert.True(signUp.Status == 401, signUp.ToString());
        Assert.Equal(0, await b.Client.SeatsTakenAsync(eventId, host));
        Assert.Empty(await b.AllParticipantsAsync(eventId));
        Assert.True(await b.Get<ISignUpGate>().IsGuardedAsync(EventId.FromTrusted(eventId), member.UserId, CancellationToken.None));
    }

    /// <summary>Runs <see cref="Withdraw"/> once, right after the first hint is written (before any seat commits).</summary>
    private sealed class WithdrawAfterHint
    {
        public Func<Task>? Withdraw { get; set; }

        public bool Gated { get; private set; }

        public bool Withdrawn { get; private set; }

        public ISeatLedger Around(ISeatLedger inner) => new Ledger(this, inner);

        private sealed class Ledger(WithdrawAfterHint hook, ISeatLedger inner) : ISeatLedger
        {
            public int MaxClaimsPerCommit => inner.MaxClaimsPerCommit;

            public async Task<HintWrite> IndexAsync(UserId memberId, FestaEvent festaEvent, CancellationToken cancellationToken)
            {
                var gated = await inner.IndexAsync(memberId, festaEvent, cancellationToken);
                if (hook.Withdraw is { } withdraw && !hook.Withdrawn)
                {
                    hook.Gated = gated == HintWrite.Gated;
                    await withdraw();
                    hook.Withdrawn = true;
                }

                return gated;
            }

            public Task<SeatLedgerState?> ReadAsync(EventId eventId, CancellationToken cancellationToken) => inner.ReadAsync(eventId, cancellationToken);

            public Task<SeatCommit> CommitAsync(EventId eventId, SeatCounter counter, IReadOnlyList<SeatClaim> claims, CancellationToken cancellationToken) =>
                inner.CommitAsync(eventId, counter, claims, cancellationToken);

            public Task<SeatCommit> ReleaseAsync(EventId eventId, SeatCounter counter, SeatRecord record, CancellationToken cancellationToken) =>
                inner.ReleaseAsync(eventId, counter, record, cancellationToken);

            public Task<SeatRecord?> FindAsync(EventId eventId, UserId memberId, CancellationToken cancellationToken) =>
                inner.FindAsync(eventId, memberId, cancellationToken);

            public Task<bool> IsIndexedAsync(UserId memberId, EventId eventId, CancellationToken cancellationToken) =>
                inner.IsIndexedAsync(memberId, eventId, cancellationToken);

            public Task<StorePage<SignUpRecord>> ListParticipantsAsync(EventId eventId, string? after, int limit, CancellationToken cancellationToken) =>
                inner.ListParticipantsAsync(eventId, after, limit, cancellationToken);

            public Task<IReadOnlyList<(FestaEvent Event, DateTimeOffset SignedUpAt)>> ListOfMemberAsync(UserId memberId, CancellationToken cancellationToken) =>
                inner.ListOfMemberAsync(memberId, cancellationToken);
        }
    }
}
