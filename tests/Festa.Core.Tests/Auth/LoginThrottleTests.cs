using Festa.Core.Auth.Throttling;
using Microsoft.Extensions.Options;

namespace Festa.Core.Tests.Auth;

public sealed class LoginThrottleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private readonly LoginThrottle _throttle = new(Options.Create(new LoginThrottleOptions()));

    [Fact]
    public void Four_failures_do_not_lock() =>
        Assert.Null(_throttle.RetryAfter(Failures(0, 1, 2, 3), T0.AddMinutes(4)));

    [Fact]
    public void Five_failures_within_fifteen_minutes_lock_until_fifteen_minutes_after_the_last()
    {
        var failures = Failures(0, 2, 4, 6, 8);
        Assert.Equal(TimeSpan.FromMinutes(15), _throttle.RetryAfter(failures, T0.AddMinutes(8)));
        Assert.Equal(TimeSpan.FromMinutes(1), _throttle.RetryAfter(failures, T0.AddMinutes(22)));
        Assert.Null(_throttle.RetryAfter(failures, T0.AddMinutes(23)));
    }

    [Fact]
    public void Five_failures_spread_over_more_than_the_window_do_not_lock() =>
        Assert.Null(_throttle.RetryAfter(Failures(0, 5, 10, 15, 20), T0.AddMinutes(20)));

    [Fact]
    public void Recording_keeps_only_recent_failures_up_to_the_limit()
    {
        var recorded = _throttle.RecordFailure(Failures(0, 1, 2, 3, 20, 21), T0.AddMinutes(22));
        Assert.Equal([T0.AddMinutes(20), T0.AddMinutes(21), T0.AddMinutes(22)], recorded.Recent);
    }

    [Fact]
    public void The_fifth_recorded_failure_engages_the_lock()
    {
        LoginFailures? failures = null;
        for (var i = 0; i < 5; i++)
        {
            Assert.Null(_throttle.RetryAfter(failures, T0.AddSeconds(i)));
            failures = _throttle.RecordFailure(failures, T0.AddSeconds(i));
        }

        Assert.NotNull(_throttle.RetryAfter(failures, T0.AddSeconds(5)));
    }

    private static LoginFailures Failures(params int[] minutes) =>
        new(minutes.Select(m => T0.AddMinutes(m)).ToList());
}
