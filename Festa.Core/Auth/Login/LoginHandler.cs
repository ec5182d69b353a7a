using Festa.Core.Auth.Sessions;
using Festa.Core.Auth.Throttling;
using Festa.Core.Common;
using Festa.Core.Members;
using Festa.Core.Members.Passwords;

namespace Festa.Core.Auth.Login;

/// <summary>
/// Checks credentials and opens a session. Unknown, withdrawn and wrong-password accounts fail
/// identically and each costs one password verification, so neither the answer nor its timing
/// reveals whether an account exists.
/// </summary>
public sealed class LoginHandler(
    IMemberStore members,
    IPasswordHasher hasher,
    LoginFailureRecorder failures,
    LoginThrottle throttle,
    SessionIssuer issuer,
    TimeProvider time)
{
    public async Task<Result<IssuedSession>> HandleAsync(LoginRequest request, string? userAgent, CancellationToken cancellationToken)
    {
        var password = request.Password ?? string.Empty;
        if (!UserId.TryParse(request.UserId, out var userId) || password.Length is 0 or > PasswordPolicy.MaxLength)
        {
            hasher.Verify(null, "x");
            return AuthErrors.InvalidCredentials;
        }

        var record = await members.FindForLoginAsync(userId, cancellationToken);
        if (throttle.RetryAfter(record.Failures?.Value, time.GetUtcNow()) is { } wait)
        {
            return AuthErrors.TooManyAttempts(wait);
        }

        var member = record.Member is { Value.IsWithdrawn: false } found ? found : null;
        var check = hasher.Verify(member?.Value.PasswordHash, password);
        if (check == PasswordCheck.Failed || member is null)
        {
            await failures.RecordAsync(userId, record.Failures, cancellationToken);
            return AuthErrors.InvalidCredentials;
        }

        if (record.Failures is not null)
        {
            await members.ClearLoginFailuresAsync(userId, cancellationToken);
        }

        if (check == PasswordCheck.SuccessRehashNeeded)
        {
            // Best effort: if the member changed meanwhile, the next login re-hashes instead.
            var rehashed = member.Value with { PasswordHash = hasher.Hash(password) };
            await members.TryReplaceAsync(rehashed, member.Version, cancellationToken);
        }

        return await issuer.IssueAsync(member.Value, userAgent, cancellationToken);
    }
}
