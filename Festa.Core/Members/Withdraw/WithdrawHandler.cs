using Festa.Core.Auth.Sessions;
using Festa.Core.Common;

namespace Festa.Core.Members.Withdraw;

/// <summary>
/// Closes the account: personal data is erased, the user id stays reserved, every session ends,
/// and later logins fail exactly like a wrong password.
/// </summary>
public sealed class WithdrawHandler(IMemberStore members, ISessionStore sessions, IEnumerable<IWithdrawalStep> steps, TimeProvider time)
{
    private const int MaxAttempts = 5;

    public async Task<Result> HandleAsync(CurrentSession caller, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await members.FindAsync(caller.MemberId, cancellationToken);
            if (current is not { Value.IsWithdrawn: false })
            {
                return MemberErrors.Gone;
            }

            if (await members.TryReplaceAsync(current.Value.Withdrawn(time.GetUtcNow()), current.Version, cancellationToken))
            {
                await sessions.DeleteAllOfMemberAsync(caller.MemberId, keep: null, cancellationToken);
                foreach (var step in steps)
                {
                    await step.RunAsync(caller.MemberId, cancellationToken);
                }

                return Result.Success;
            }
        }

        return CommonErrors.Busy(TimeSpan.FromSeconds(1));
    }
}

/// <summary>Other features' clean-up when a member leaves (for example, freeing their seats).</summary>
public interface IWithdrawalStep
{
    Task RunAsync(UserId memberId, CancellationToken cancellationToken);
}
