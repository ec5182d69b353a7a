using Festa.Core.Auth;
using Festa.Core.Auth.Sessions;
using Festa.Core.Auth.Throttling;
using Festa.Core.Common;
using Festa.Core.Members.Passwords;

namespace Festa.Core.Members.Password;

/// <summary>
/// Changes the password and ends every other session of the member. A wrong current password counts
/// as a failed login (the same throttle, <see cref="PasswordAttempts"/>, reserved before the check), so a stolen
/// session cannot be used to guess the password without limit.
/// </summary>
public sealed class ChangePasswordHandler(
    IMemberStore members,
    ISessionStore sessions,
    BoundedPasswordHasher hasher,
    PasswordAttempts attempts,
    TimeProvider time)
{
    public async Task<Result> HandleAsync(CurrentSession caller, ChangePasswordRequest request, string clientAddress,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrEmpty(request.CurrentPassword) || request.CurrentPassword.Length > PasswordPolicy.MaxLength)
        {
            errors.Add("currentPassword", "is required.");
        }

        PasswordPolicy.Validate(errors, "newPassword", request.NewPassword, caller.MemberId);
        if (request.NewPassword is not null && request.NewPassword == request.CurrentPassword)
        {
            errors.Add("newPassword", "must differ from the current password.");
        }

        if (errors.Any)
        {
            return errors.ToError();
        }

        var member = await members.FindAsync(caller.MemberId, cancellationToken);
        if (member is not { Value.IsWithdrawn: false })
        {
            return MemberErrors.Gone;
        }

        var attempt = await attempts.ReserveAsync(caller.MemberId, clientAddress, cancellationToken);
        if (attempt.RetryAfter is { } wait)
        {
            return AuthErrors.TooManyAttempts(wait);
        }

        if (await hasher.VerifyAsync(member.Value.PasswordHash, request.CurrentPassword!, cancellationToken) == PasswordCheck.Failed)
        {
            var wrong = new FieldErrors();
            wrong.Add("currentPassword", "is not correct.");
            return wrong.ToError();
        }

        await attempts.SucceededAsync(attempt, cancellationToken);

        // The stamp changes with the hash; logins racing with this change re-check it (SessionIssuer).
        var updated = member.Value.WithPassword(await hasher.HashAsync(request.NewPassword!, cancellationToken), time.GetUtcNow());
        if (!await members.TryReplaceAsync(updated, member.Version, cancellationToken))
        {
            return CommonErrors.Busy(TimeSpan.FromSeconds(1));
        }

        await sessions.DeleteAllOfMemberAsync(caller.MemberId, keep: caller.Id, cancellationToken);
        return Result.Success;
    }
}
