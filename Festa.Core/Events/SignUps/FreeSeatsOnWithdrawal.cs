using Festa.Core.Members;
using Festa.Core.Members.Withdraw;

namespace Festa.Core.Events.SignUps;

/// <summary>A member who leaves gives their seats at events that have not started back to others.</summary>
public sealed class FreeSeatsOnWithdrawal(ISignUpStore signUps, TimeProvider time) : IWithdrawalStep
{
    public async Task RunAsync(UserId memberId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var (e, _) in await signUps.ListOfMemberAsync(memberId, cancellationToken))
        {
            if (e.IsOpenAt(now))
            {
                await signUps.CancelAsync(e.Id, memberId, now, cancellationToken);
            }
        }
    }
}
