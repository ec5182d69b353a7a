using Festa.Core.Auth;
using Festa.Core.Auth.Sessions;
using Festa.Core.Auth.Throttling;
using Festa.Core.Common;
using Festa.Core.Events.SignUps.Ledger;
using Festa.Core.Members.Passwords;
using Microsoft.Extensions.Logging;

namespace Festa.Core.Members.Withdraw;

/// <summary>
/// Closes the account: the user id stays reserved, personal data is erased, every seat is freed, every session ends,
/// and later logins fail exactly like a wrong password. Requires the current password, checked through the login
/// throttle (<see cref="PasswordAttempts"/>, reserved before the hash), so a stolen session cannot close the account
/// or guess the password without limit.
/// </summary>
/// <remarks>
/// Steps, each idempotent, in this order (docs/concurrency.md, "Withdrawal"):
/// <list type="number">
/// <item>mark the member withdrawing (conditional on its version): from then on no login succeeds; then close the
/// member's sign-up gate (<see cref="ISignUpGate"/>, where the store keeps one), so every later sign-up is refused
/// before it takes a seat (on a store without gates, a sign-up reads the member after its commit and gives the seat back);</item>
/// <item>revoke every session except the caller's;</item>
/// <item>run the <see cref="IWithdrawalStep"/>s (free seats until none is left);</item>
/// <item>erase personal data and mark the member withdrawn (conditional on its version);</item>
/// <item>revoke the caller's session.</item>
/// </list>
/// A failure anywhere leaves the caller's session valid, so a retry of the same request (same session, same
/// password) continues from the start, redoes nothing that is done, and answers 204. After step 4 the password is
/// gone: a retry then only ends the caller's session.
/// </remarks>
public sealed partial class WithdrawHandler(
    IMemberStore members,
    ISessionStore sessions,
    IEnumerable<IWithdrawalStep> steps,
    BoundedPasswordHasher hasher,
    PasswordAttempts attempts,
    TimeProvider time,
    ILogger<WithdrawHandler> logger,
    ISignUpGate? gate = null)
{
    /// <summary>Conditional writes of the member that may lose to concurrent changes before the answer is 503 busy.</summary>
    public const int MaxAttempts = 5;

    /// <param name="clientAddress">Where the request came from, for the login throttle.</param>
    public async Task<Result> HandleAsync(CurrentSession caller, WithdrawRequest request, string clientAddress, CancellationToken cancellationToken)
    {
        var password = request.Password;
        if (string.IsNullOrEmpty(password) || password.Length > PasswordPolicy.MaxLength)
        {
            var errors = new FieldErrors();
            errors.Add("password", "is required: the current password.");
            return errors.ToError();
        }

        var found = await members.FindAsync(caller.MemberId, cancellationToken);
        if (found is null)
        {
            return MemberErrors.Gone;
        }

        if (found.Value.IsWithdrawn)
        {
            // Only the last step was left (the erased password cannot be checked any more): end the caller's session.
            await sessions.DeleteAsync(caller.Id, caller.MemberId, cancellationToken);
            LogFinished(caller.MemberId.Value);
            return Result.Success;
        }

        var attempt = await attempts.ReserveAsync(caller.MemberId, clientAddress, cancellationToken);
        if (attempt.RetryAfter is { } wait)
        {
            return AuthErrors.TooManyAttempts(wait);
        }

        if (await hasher.VerifyAsync(found.Value.PasswordHash, password, cancellationToken) == PasswordCheck.Failed)
        {
            LogWrongPassword(caller.MemberId.Value);
            return MemberErrors.WrongPassword;
        }

        await attempts.SucceededAsync(attempt, cancellationToken);

        if (!await ReplaceAsync(caller.MemberId, found, m => m.IsActive ? m.Withdrawing(time.GetUtcNow()) : null, cancellationToken))
        {
            return CommonErrors.Busy(TimeSpan.FromSeconds(1));
        }

        if (gate is not null)
        {
            await gate.CloseAsync(caller.MemberId, cancellationToken);
        }

        await sessions.DeleteAllOfMemberAsync(caller.MemberId, keep: caller.Id, cancellationToken);
        foreach (var step in steps)
        {
            if (!await step.RunAsync(caller.MemberId, cancellationToken))
            {
                LogIncomplete(caller.MemberId.Value, step.GetType().Name);
                return CommonErrors.Busy(TimeSpan.FromSeconds(1));
            }
        }

        if (!await ReplaceAsync(caller.MemberId, null, m => m.IsWithdrawn ? null : m.Withdrawn(time.GetUtcNow()), cancellationToken))
        {
            return CommonErrors.Busy(TimeSpan.FromSeconds(1));
        }

        await sessions.DeleteAsync(caller.Id, caller.MemberId, cancellationToken);
        LogFinished(caller.MemberId.Value);
        return Result.Success;
    }

    /// <summary>
    /// Writes <paramref name="change"/> of the member as read, conditional on its version, re-reading after a lost
    /// race. <paramref name="change"/> answers null when the member is already past that step (nothing to write).
    /// </summary>
    /// <returns>False when concurrent writers kept winning (or the member vanished).</returns>
    private async Task<bool> ReplaceAsync(UserId memberId, Versioned<Member>? read, Func<Member, Member?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = attempt == 0 && read is not null ? read : await members.FindAsync(memberId, cancellationToken);
            if (current is null)
            {
                return false;
            }

            if (change(current.Value) is not { } changed || await members.TryReplaceAsync(changed, current.Version, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} withdrew")]
    private partial void LogFinished(string memberId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Withdrawal of member {MemberId} refused: wrong password")]
    private partial void LogWrongPassword(string memberId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Withdrawal of member {MemberId} left work in {Step}; a retry continues it")]
    private partial void LogIncomplete(string memberId, string step);
}
