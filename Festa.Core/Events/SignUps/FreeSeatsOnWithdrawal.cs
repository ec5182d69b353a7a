using Festa.Core.Members;
using Festa.Core.Members.Withdraw;

namespace Festa.Core.Events.SignUps;

/// <summary>
/// A member who leaves gives their seats at events that have not started back to others. Runs after the member is
/// marked withdrawing, and lists the member's sign-ups again after every round of cancellations until a listing
/// shows none at an open event. A seat that commits after the last listing is given back by the sign-up itself
/// (<see cref="Join.SignUpForEventHandler"/> reads the member after its commit): docs/concurrency.md, "Withdrawal".
/// Idempotent: a seat already freed is answered "not signed up" and counts as done.
/// </summary>
public sealed class FreeSeatsOnWithdrawal(ISignUpStore signUps, TimeProvider time) : IWithdrawalStep
{
    /// <summary>Listings before the step reports work left (the withdrawal answers 503 and its retry continues).</summary>
    public const int MaxRounds = 5;

    public async Task<bool> RunAsync(UserId memberId, CancellationToken cancellationToken)
    {
        for (var round = 0; round < MaxRounds; round++)
        {
            var now = time.GetUtcNow();
            var open = (await signUps.ListOfMemberAsync(memberId, cancellationToken)).Where(s => s.Event.IsOpenAt(now)).ToList();
            if (open.Count == 0)
            {
                return true;
            }

            foreach (var (e, _) in open)
            {
                // Busy (contention) leaves the seat for the next round; the other outcomes leave nothing to free.
                await signUps.CancelAsync(e.Id, memberId, now, cancellationToken);
            }
        }

        return false;
    }
}
