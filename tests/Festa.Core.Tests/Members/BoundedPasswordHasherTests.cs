using Festa.Core.Members.Passwords;
using Microsoft.Extensions.Options;

namespace Festa.Core.Tests.Members;

public sealed class BoundedPasswordHasherTests
{
    [Fact]
    public async Task No_more_than_the_configured_hashes_run_at_once_and_the_rest_wait_without_a_thread()
    {
        var slow = new SlowHasher();
        using var bounded = new BoundedPasswordHasher(slow, Options.Create(new PasswordHashingOptions { MaxConcurrency = 2 }));
        var ct = TestContext.Current.CancellationToken;

        var checks = Enumerable.Range(0, 8).Select(_ => Task.Run(() => bounded.VerifyAsync("hash", "password", ct), ct)).ToList();
        // Two blocked hashes hold pool threads; on 2 cores the rest start as the pool grows: give it time.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((slow.Running < 2 || bounded.Waiting < 6) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, ct);
        }

        await Task.Delay(50, ct);
        var waitingWhileBusy = bounded.Waiting;
        slow.Release.Set();
        await Task.WhenAll(checks);

        Assert.Equal(2, slow.MaxConcurrent);
        Assert.Equal(6, waitingWhileBusy);
        Assert.All(checks, c => Assert.Equal(PasswordCheck.Success, c.Result));
        Assert.Equal(0, bounded.Waiting);
    }

    [Fact]
    public void The_default_is_one_hash_per_core() =>
        Assert.Equal(Environment.ProcessorCount, new PasswordHashingOptions().EffectiveMaxConcurrency);

    private sealed class SlowHasher : IPasswordHasher
    {
        private int _running;
        private int _maxConcurrent;

        public ManualResetEventSlim Release { get; } = new();

        public int MaxConcurrent => _maxConcurrent;

        public int Running => Volatile.Read(ref _running);

        public string Hash(string password) => throw new NotSupportedException();

        public PasswordCheck Verify(string? passwordHash, string password)
        {
            var now = Interlocked.Increment(ref _running);
            InterlockedMax(ref _maxConcurrent, now);
            Release.Wait(TimeSpan.FromSeconds(90));
            Interlocked.Decrement(ref _running);
            return PasswordCheck.Success;
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }
}
