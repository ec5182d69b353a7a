using Festa.Core.Events.SignUps.Ledger;
using Festa.Core.Members;
using Festa.Core.Members.Withdraw;

namespace Festa.Core.Events.SignUps;

/// <summary>
/// A member who leaves gives their seats at events that have not started back to others. Runs after the member is
/// marked withdrawing. With a sign-up gate (<see cref="ISignUpGate"/>), which the withdrawal closed right after the
/// mark (<see cref="Members.Withdraw.WithdrawHandler"/>), it guards every hinted event after freeing the seats it lists, so that a sign-up whose hint went through the gate before the close, and whose seat
/// commits only now, fails on the guard. Lists again after every round until a listing shows no seat at an open event
/// and every guard is in place. Without a gate, a seat that commits after the last listing is given back by the
/// sign-up itself (<see cref="Join.SignUpForEventHandler"/> reads the member after its commit). docs/concurrency.md,
/// "Withdrawal". Idempotent: a seat already freed is answered "not signed up", a guard already in place is kept.
/// </summary>
public sealed class FreeSeatsOnWithdrawal(ISignUpStore signUps, TimeProvider time, ISignUpGate? gate = null) : IWithdrawalStep
{
    /// <summary>Listings before the step reports work left (the withdrawal answers 503 and its retry continues).</summary>
    public const int MaxRounds = 5;

    /// <summary>Guards written in parallel (each one conditional insert in its event's partition).</summary>
    private const int ParallelGuards = 8;

    public async Task<bool> RunAsync(UserId memberId, CancellationToken cancellationToken)
    {
        for (var round = 0; round < MaxRounds; round++)
        {
            var now = time.GetUtcNow();
            var held = await signUps.ListOfMemberAsync(memberId, cancellationToken);
            var open = held.Where(s => s.Event.IsOpenAt(now)).ToList();
            if (open.Count > 0)
            {
                foreach (var (e, _) in open)
                {
                    // Busy (contention) leaves the seat for the next round; the other outcomes leave nothing to free.
                    await signUps.CancelAsync(e.Id, memberId, now, cancellationToken);
                }

                continue;
            }

            // Seats kept at started events need no guard (no sign-up is accepted there any more).
            var kept = held.Select(s => s.Event.Id).ToHashSet();
            if (gate is null || await GuardAsync(memberId, kept, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Guards every hinted event but those in <paramref name="kept"/>. False when a seat committed since the listing (the next round frees it).</summary>
    private async Task<bool> GuardAsync(UserId memberId, HashSet<EventId> kept, CancellationToken cancellationToken)
    {
        var hinted = (await gate!.ListHintedAsync(memberId, cancellationToken)).Where(id => !kept.Contains(id)).ToList();
        var seatFound = 0;
        await Parallel.ForEachAsync(hinted, new ParallelOptions { MaxDegreeOfParallelism = ParallelGuards, CancellationToken = cancellationToken },
            async (eventId, ct) =>
            {
                if (await gate.GuardAsync(eventId, memberId, ct) == GuardOutcome.SeatHeld)
                {
                    Interlocked.Increment(ref seatFound);
                }
            });
        return seatFound == 0;
    }
}
