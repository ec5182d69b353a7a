namespace Festa.Core.Members.Withdraw;

/// <summary>
/// Another feature's clean-up when a member leaves (for example, freeing their seats). Runs after the member is
/// marked withdrawing and every other session is revoked, before personal data is erased; it runs again, from the
/// start, on every retry of the withdrawal, so it must be idempotent and must not assume an earlier run finished.
/// </summary>
public interface IWithdrawalStep
{
    /// <returns>True when nothing is left to do; false when some work is left (the withdrawal answers 503 and a retry continues).</returns>
    Task<bool> RunAsync(UserId memberId, CancellationToken cancellationToken);
}
