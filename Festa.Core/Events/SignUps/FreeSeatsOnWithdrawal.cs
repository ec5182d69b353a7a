using Festa.Core.Events.SignUps.Ledger;
using Festa.Core.Members;
using Festa.Core.Members.Withdraw;

namespace Festa.Core.Events.SignUps;

/// <summary>
/// A member who leaves gives their seats at events that have not started back to others. Runs after the member is
/// marked withdrawing and, where the store keeps sign-up gates (<see cref="ISignUpGate"/>), after the gate was closed
/// (<see cref="Members.Withdraw.WithdrawHandler"/>). Each round first guards every event a hint names (before anything
/// here lists "my sign-ups", which deletes stale hints), so a sign-up whose hint went through the gate and whose seat
/// has not committed yet never gets it; then lists the member's seats and frees those at events that have not started.
/// Rounds repeat until one frees nothing and every guard is in place (or the key holds a seat at a started event, kept).
/// Without a gate, a seat that commits after the last listing is given back by the sign-up itself
/// (<see cref="Join.SignUpForEventHandler"/> reads the member after its commit). docs/concurrency.md, "Withdrawal".
/// Idempotent: a seat already freed is answered "not signed up", a guard already in place is kept.
/// </summary>
public sealed class FreeSeatsOnWithdrawal(ISignUpStore signUps, TimeProvider time, ISignUpGate? gate = null) : IWithdrawalStep
{
    /// <summary>Rounds before the step reports work left (the withdrawal answers 503 and its retry continues).</summary>
    public const int MaxRounds = 5;

    /// <summary>Guards written in parallel (each one conditional insert in its event's partition).</summary>
    private const int ParallelGuards = 8;

    public async Task<bool> RunAsync(UserId memberId, CancellationToken cancellationToken)
    {
        for (var round = 0; round < MaxRounds; round++)
        {
            var seatsFound = gate is null ? [] : await GuardAsync(memberId, cancellationToken);
            var now = time.GetUtcNow();
            var held = await signUps.ListOfMemberAsync(memberId, cancellationToken);
            var open = held.Where(s => s.Event.IsOpenAt(now)).ToList();
            foreach (var (e, _) in open)
            {
                // Busy (contention) leaves the seat for the next round; the other outcomes leave nothing to free.
                await signUps.CancelAsync(e.Id, memberId, now, cancellationToken);
            }

            // Done when nothing was left to free and every unguarded key holds a seat kept at a started event.
            var kept = held.Select(s => s.Event.Id).ToHashSet();
            if (open.Count == 0 && seatsFound.All(kept.Contains))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Guards every event a hint names; returns those where the member holds a seat (no guard there yet).</summary>
    private async Task<List<EventId>> GuardAsync(UserId memberId, CancellationToken cancellationToken)
    {
        var hinted = await gate!.ListHintedAsync(memberId, cancellationToken);
        var seatsFound = new List<EventId>();
        await Parallel.ForEachAsync(hinted, new ParallelOptions { MaxDegreeOfParallelism = ParallelGuards, CancellationToken = cancellationToken },
            async (eventId, ct) =>
            {
                if (await gate.GuardAsync(eventId, memberId, ct) == GuardOutcome.SeatHeld)
                {
                    lock (seatsFound)
                    {
                        seatsFound.Add(eventId);
                    }
                }
            });
        return seatsFound;
    }
}
