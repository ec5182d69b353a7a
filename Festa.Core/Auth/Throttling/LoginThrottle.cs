using Microsoft.Extensions.Options;

namespace Festa.Core.Auth.Throttling;

/// <summary>
/// Per-account guessing limit: once <c>MaxFailures</c> failures fall within <c>Window</c>, attempts are
/// refused until <c>Window</c> has passed since the last of them. Refused attempts are not counted,
/// so hammering a locked account does not extend the lock. The record lives in the store, so the
/// limit holds across every instance.
/// </summary>
public sealed class LoginThrottle(IOptions<LoginThrottleOptions> options)
{
    private readonly LoginThrottleOptions _options = options.Value;

    /// <summary>How long the caller must wait, or null when an attempt is allowed now.</summary>
    public TimeSpan? RetryAfter(LoginFailures? failures, DateTimeOffset now)
    {
        if (failures is null || failures.Recent.Count < _options.MaxFailures)
        {
            return null;
        }

        var last = failures.Recent.Order().TakeLast(_options.MaxFailures).ToList();
        if (last[^1] - last[0] > _options.Window)
        {
            return null;
        }

        var unlocksAt = last[^1] + _options.Window;
        return unlocksAt > now ? unlocksAt - now : null;
    }

    /// <summary>The record after one more failure now; failures too old to matter are dropped.</summary>
    public LoginFailures RecordFailure(LoginFailures? failures, DateTimeOffset now)
    {
        var recent = (failures?.Recent ?? [])
            .Where(t => now - t < _options.Window)
            .Append(now)
            .Order()
            .TakeLast(_options.MaxFailures)
            .ToList();
        return new LoginFailures(recent);
    }
}
