using Festa.Core.RateLimiting;

namespace Festa.TestSupport;

/// <summary>
/// Rate-limit windows are fixed and aligned to the Unix epoch (<see cref="RateLimiter.Counter"/>), so a counter starts
/// again at every boundary. A test whose exact counts (429 after N failures, store requests of a counter's first use)
/// rest on staying inside one window calls this first: it waits until the next boundary is further away than the test
/// needs. Every window Festa configures (1 min, 5 min, 15 min, 1 h) has its boundaries on whole minutes.
/// </summary>
public static class RateLimitWindows
{
    /// <param name="window">The window the test's counts depend on.</param>
    /// <param name="needed">How long the test needs, with margin for a loaded machine.</param>
    public static async Task ClearOfBoundaryAsync(TimeSpan window, TimeSpan needed, CancellationToken cancellationToken = default)
    {
        var now = DateTimeOffset.UtcNow;
        var (_, end) = RateLimiter.Counter(default, "probe", window, now);
        if (end - now < needed)
        {
            // Just past the boundary, a whole window lies ahead.
            await Task.Delay(end - now + TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }
}
