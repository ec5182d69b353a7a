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
/// Checks credentials and opens a session. A request that names no valid account (malformed user id, empty or
/// overlong password) is refused before anything else, without a hash: it costs no more than it sent. Otherwise the
/// check is reserved with the login throttle first (<see cref="PasswordAttempts"/>, count before check), and unknown,
/// withdrawing, withdrawn and wrong-password accounts fail identically, each costing one password verification, so neither the
/// answer nor its timing reveals whether an account exists. Logs name the account only when it exists: a failed
/// attempt's user id may be a password typed into the wrong field.
/// </summary>
public sealed partial class LoginHandler(
    IMemberStore members,
    BoundedPasswordHasher hasher,
    PasswordAttempts attempts,
    SessionIssuer issuer,
    FestaMetrics metrics,
    PasswordAgeCheck passwordAge,
    TimeProvider time,
    ILogger<LoginHandler> logger)
{
    /// <param name="clientAddress">Where the request came from (the HTTP layer's client address), for the throttle.</param>
    public async Task<Result<IssuedSession>> HandleAsync(LoginRequest request, string? userAgent, string clientAddress,
        CancellationToken cancellationToken)
    {
        var password = request.Password ?? string.Empty;
        if (!UserId.TryParse(request.UserId, out var userId) || password.Length is 0 or > PasswordPolicy.MaxLength)
        {
            metrics.LoginFailed();
            LogMalformed();
            return AuthErrors.InvalidCredentials;
        }

        var account = await members.FindForLoginAsync(userId, cancellationToken);
        var attempt = await attempts.ReserveAsync(userId, clientAddress, cancellationToken);
        if (attempt.RetryAfter is { } wait)
        {
            metrics.LoginThrottled();
            if (account is null)
            {
                LogUnknownThrottled(wait);
            }
            else
            {
                LogThrottled(userId.Value, wait);
            }

            return AuthErrors.TooManyAttempts(wait);
        }

        // A withdrawing account (docs/concurrency.md, "Withdrawal") fails like an unknown one, after the same hash.
        var member = account is { Value.IsActive: true } ? account : null;
        var check = await hasher.VerifyAsync(member?.Value.PasswordHash, password, cancellationToken);
        if (check == PasswordCheck.Failed || member is null)
        {
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

        await attempts.SucceededAsync(attempt, cancellationToken);
        if (check == PasswordCheck.SuccessRehashNeeded)
        {
            // Best effort: if the member changed meanwhile, the next login re-hashes instead.
            var rehashed = member.Value with { PasswordHash = await hasher.HashAsync(password, cancellationToken) };
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Login refused without a password check: malformed user id or password")]
    private partial void LogMalformed();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Login for member {MemberId} throttled before the password check; retry after {RetryAfter}")]
    private partial void LogThrottled(string memberId, TimeSpan retryAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Login for an unknown account throttled before the password check; retry after {RetryAfter}")]
    private partial void LogUnknownThrottled(TimeSpan retryAfter);
}
