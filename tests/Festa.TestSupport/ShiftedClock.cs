namespace Festa.TestSupport;

/// <summary>
/// The real clock moved forward on demand: timers and delays run as usual (so retries and backoff behave), while
/// <see cref="Advance"/> jumps "now" past a lease or a window without the test sleeping through it. Share one
/// instance between the instances of a test so they agree on the time.
/// </summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
