using Festa.Core.Auth.Sessions;
using Festa.Core.Auth.Throttling;
using Festa.Core.Common;
using Festa.Core.Members;
using Festa.Core.Members.Passwords;
using Festa.Core.Notifications;
using Festa.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace Festa.Core.Auth.Login;

/// <summary>
/// Checks credentials and opens a session. Unknown, withdrawn and wrong-password accounts fail
/// identically and each costs one password verification, so neither the answer nor its timing
/// reveals whether an account exists. Logs name the account only when it exists: a failed attempt's user
/// id may be a password typed into the wrong field.
/// </summary>
public sealed partial class LoginHandler(
    IMemberStore members,
    IPasswordHasher hasher,
    LoginFailureRecorder failures,
    LoginThrottle throttle,
    SessionIssuer issuer,
    TimeProvider time,
    FestaMetrics metrics,
    PasswordAgeCheck passwordAge,
    ILogger<LoginHandler> logger)
{
    public async Task<Result<IssuedSession>> HandleAsync(LoginRequest request, string? userAgent, CancellationToken cancellationToken)
    {
        var password = request.Password ?? string.Empty;
        if (!UserId.TryParse(request.UserId, out var userId) || password.Length is 0 or > PasswordPolicy.MaxLength)
        {
            hasher.Verify(null, "x");
            metrics.LoginFailed();
            LogMalformed();
            return AuthErrors.InvalidCredentials;
        }

        var record = await members.FindForLoginAsync(userId, cancellationToken);
        if (throttle.RetryAfter(record.Failures?.Value, time.GetUtcNow()) is { } wait)
        {
            metrics.LoginThrottled();
            if (record.Member is null)
            {
                LogUnknownThrottled(wait);
            }
            else
            {
                LogThrottled(userId.Value, wait);
            }

            return AuthErrors.TooManyAttempts(wait);
        }

        var member = record.Member is { Value.IsWithdrawn: false } found ? found : null;
        var check = hasher.Verify(member?.Value.PasswordHash, password);
        if (check == PasswordCheck.Failed || member is null)
        {
            await failures.RecordAsync(userId, record.Failures, cancellationToken);
            metrics.LoginFailed();
            if (member is null)
            {
                LogUnknownFailed();
            }
            else
            {
                LogFailed(userId.Value);
            }

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

        var issued = await issuer.IssueAsync(member.Value, userAgent, cancellationToken);
        if (issued.Error is null)
        {
            metrics.LoginSucceeded();
            LogLoggedIn(userId.Value);

            // One insert at most; logs and swallows its own failures.
            await passwordAge.CheckAsync(member.Value, time.GetUtcNow(), cancellationToken);
        }
        else
        {
            metrics.LoginFailed();
            LogFailed(userId.Value);
        }

        return issued;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} logged in")]
    private partial void LogLoggedIn(string memberId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Login failed for member {MemberId}")]
    private partial void LogFailed(string memberId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Login failed for an unknown or withdrawn account")]
    private partial void LogUnknownFailed();

    [LoggerMessage(Level = LogLevel.Information, Message = "Login refused: malformed user id or password")]
    private partial void LogMalformed();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Login for member {MemberId} throttled: account locked for {RetryAfter}")]
    private partial void LogThrottled(string memberId, TimeSpan retryAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Login for an unknown account throttled: locked for {RetryAfter}")]
    private partial void LogUnknownThrottled(TimeSpan retryAfter);
}
