using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Festa.Core.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Festa.Core.RateLimiting;

/// <summary>A permit taken from a counter; give it back with <see cref="RateLimiter.ReleaseAsync"/> when the attempt must not count.</summary>
/// <param name="Count">The counter's value that taking the permit wrote.</param>
/// <param name="Version">The version (ETag) that write left: if nothing changed the counter since, giving the permit
/// back is one conditional write, without reading the counter first.</param>
public sealed record RateLimitLease(RateLimitPolicy Policy, RateLimitCounterKey Key, DateTimeOffset ExpiresAt, int Count = 0, string? Version = null);

/// <summary>The answer of <see cref="RateLimiter.AcquireAsync"/>: a lease, or how long to wait.</summary>
public sealed record RateLimitDecision(RateLimitLease? Lease, TimeSpan RetryAfter)
{
    public static RateLimitDecision Unlimited { get; } = new(null, TimeSpan.Zero);

    public bool Acquired => RetryAfter == TimeSpan.Zero;
}

/// <summary>
/// Festa's one rate-limit mechanism, shared by every instance through <see cref="IRateLimitStore"/>: a fixed-window
/// counter per (policy, subject, window), taken <em>before</em> the work it guards (count before act) by an
/// insert-if-absent or an If-Match replace, so N concurrent requests on N instances take at most the limit between
/// them. Windows are aligned to the Unix epoch; a denial says how long until the window ends (Retry-After).
/// A counter known to be full is remembered by this instance until its window ends, so a flood from one subject
/// is refused without a store request. Fixed windows admit up to twice the limit across a window boundary; that
/// is accepted for these abuse limits (docs/security.md).
/// </summary>
public sealed partial class RateLimiter(
    IRateLimitStore store,
    IOptions<RateLimitOptions> options,
    TimeProvider time,
    FestaMetrics metrics,
    ILogger<RateLimiter> logger)
{
    /// <summary>Optimistic-concurrency rounds before a contended counter is treated as full for a second.</summary>
    private const int MaxAttempts = 16;
    private const int MaxRemembered = 10_000;
    private static readonly TimeSpan ContendedRetryAfter = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<RateLimitCounterKey, DateTimeOffset> _full = new();

    /// <summary>Takes one permit of <paramref name="policy"/> for <paramref name="subject"/> (an address, a member id…).</summary>
    public async Task<RateLimitDecision> AcquireAsync(RateLimitPolicy policy, string subject, CancellationToken cancellationToken)
    {
        var settings = options.Value.For(policy);
        if (!settings.Enabled)
        {
            return RateLimitDecision.Unlimited;
        }

        var now = time.GetUtcNow();
        var (key, windowEnd) = Counter(policy, subject, settings.Window, now);
        if (_full.TryGetValue(key, out var until) && until > now)
        {
            return Denied(policy, until - now);
        }

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var current = await store.ReadAsync(key, cancellationToken);
            if (current is null)
            {
                if (await store.TryInsertAsync(key, 1, windowEnd, cancellationToken) is { } inserted)
                {
                    return new RateLimitDecision(new RateLimitLease(policy, key, windowEnd, 1, VersionOrNull(inserted)), TimeSpan.Zero);
                }
            }
            else if (current.Value >= settings.PermitLimit)
            {
                Remember(key, windowEnd, now);
                return Denied(policy, windowEnd - now);
            }
            else if (await store.TryReplaceAsync(key, current.Value + 1, current.Version, windowEnd, cancellationToken) is { } replaced)
            {
                return new RateLimitDecision(new RateLimitLease(policy, key, windowEnd, current.Value + 1, VersionOrNull(replaced)), TimeSpan.Zero);
            }

            metrics.StoreConflict(StoreConflictSite.RateLimitCounter);
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 4 * attempt)), cancellationToken);
        }

        // Sixteen lost races in a row: this subject is sending many requests at once. Refusing is the safe side.
        LogContended(policy);
        return Denied(policy, ContendedRetryAfter);
    }

    /// <summary>
    /// Gives a permit back (a login that succeeded is not a failure), or with <paramref name="reset"/> empties the
    /// lease's counter for the rest of its window. When nothing wrote the counter since the lease was taken, that is
    /// one write conditional on the lease's version (no read); otherwise read and replace, a lost race retried a few
    /// times (best effort).
    /// </summary>
    public async Task ReleaseAsync(RateLimitLease? lease, CancellationToken cancellationToken, bool reset = false)
    {
        if (lease is null || lease.ExpiresAt <= time.GetUtcNow())
        {
            return;
        }

        _full.TryRemove(lease.Key, out _);
        if (lease.Version is { } version &&
            await store.TryReplaceAsync(lease.Key, reset ? 0 : lease.Count - 1, version, lease.ExpiresAt, cancellationToken) is not null)
        {
            return;
        }

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var current = await store.ReadAsync(lease.Key, cancellationToken);
            if (current is null || current.Value <= 0 ||
                await store.TryReplaceAsync(lease.Key, reset ? 0 : current.Value - 1, current.Version, lease.ExpiresAt, cancellationToken) is not null)
            {
                return;
            }

            metrics.StoreConflict(StoreConflictSite.RateLimitCounter);
        }
    }

    /// <summary>The counter key of a subject at <paramref name="now"/>, and when its window ends.</summary>
    public static (RateLimitCounterKey Key, DateTimeOffset WindowEnd) Counter(RateLimitPolicy policy, string subject, TimeSpan window, DateTimeOffset now)
    {
        var sinceEpoch = now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var start = sinceEpoch - (sinceEpoch % window.Ticks);
        var windowEnd = DateTimeOffset.UnixEpoch.AddTicks(start + window.Ticks);

        // Hashed: addresses and ids stay out of the store, and any subject makes a valid key.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(subject)).AsSpan(0, 16));
        var key = new RateLimitCounterKey($"{policy}.{hash}", start.ToString("D19", CultureInfo.InvariantCulture));
        return (key, windowEnd);
    }

    /// <summary>A store that reported no version: the release reads the counter instead of trusting an empty If-Match.</summary>
    private static string? VersionOrNull(string version) => version.Length > 0 ? version : null;

    private RateLimitDecision Denied(RateLimitPolicy policy, TimeSpan retryAfter)
    {
        metrics.RateLimited(policy);
        return new RateLimitDecision(null, retryAfter < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retryAfter);
    }

    private void Remember(RateLimitCounterKey key, DateTimeOffset windowEnd, DateTimeOffset now)
    {
        if (_full.Count >= MaxRemembered)
        {
            foreach (var stale in _full.Where(e => e.Value <= now).Select(e => e.Key).ToList())
            {
                _full.TryRemove(stale, out _);
            }

            if (_full.Count >= MaxRemembered)
            {
                return;
            }
        }

        _full[key] = windowEnd;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limit {Policy}: counter contended, request refused")]
    private partial void LogContended(RateLimitPolicy policy);
}
