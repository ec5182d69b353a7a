using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Festa.Core.Idempotency;

/// <summary>What <see cref="IdempotencyKeys.TryBeginAsync"/> found.</summary>
public abstract record IdempotencyBegin
{
    /// <summary>The key is this request's: run the operation, then <see cref="IdempotencyKeys.CompleteAsync"/> or <see cref="IdempotencyKeys.ReleaseAsync"/>.</summary>
    /// <param name="TakenOver">A pending record whose lease had run out was taken over: the operation may have run before.</param>
    public sealed record Began(IdempotencyClaim Claim, bool TakenOver) : IdempotencyBegin;

    /// <summary>Another request with this key is still running (its lease holds).</summary>
    public sealed record InProgress : IdempotencyBegin;

    /// <summary>The key was used before for this very request: answer with its response.</summary>
    public sealed record Completed(StoredResponse Response) : IdempotencyBegin;

    /// <summary>The key was used before for a different request (method, route or body).</summary>
    public sealed record Mismatch : IdempotencyBegin;
}

/// <summary>A key held by the running request: the pending record's id and version.</summary>
public sealed record IdempotencyClaim(string Id, string Version, IdempotencyRecord Pending)
{
    /// <summary>Stable for (caller, key): passed to stores that recognise their own writes on a re-run.</summary>
    public string OperationId => Id;
}

/// <summary>
/// Idempotency keys (draft-ietf-httpapi-idempotency-key-header): record-then-act with a pending state. The first
/// request inserts a pending record (insert-if-absent) holding a lease, runs the operation and replaces the record
/// with its response (If-Match on the pending version). A repeat finds the response and replays it; a repeat during
/// the lease is told to wait (409); a repeat after the lease (the first instance died) takes the record over with
/// If-Match and runs the operation again. A record is worthless after <see cref="IdempotencyOptions.Retention"/>:
/// that is checked here by time, so a store that removes records late (Table sweep, Cosmos TTL) is never wrong.
/// </summary>
public sealed partial class IdempotencyKeys(IIdempotencyStore store, TimeProvider time, IOptions<IdempotencyOptions> options,
    ILogger<IdempotencyKeys> logger)
{
    /// <summary>Largest response body kept for replay (below Table Storage's 64 KiB per binary property); a larger one is not stored.</summary>
    public const int MaxStoredBodyBytes = 48 * 1024;

    /// <summary>Races lost to other writers of the same record before answering "in progress".</summary>
    private const int MaxAttempts = 4;

    /// <summary>
    /// The record id of <paramref name="key"/> used by <paramref name="caller"/>: SHA-256 (hex) of both, so
    /// keys from different callers never meet, and neither a caller id nor a key is stored in the clear.
    /// </summary>
    public static string RecordId(string caller, string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(caller + "\n" + key)));

    public async Task<IdempotencyBegin> TryBeginAsync(string caller, string key, string fingerprint, CancellationToken cancellationToken)
    {
        var id = RecordId(caller, key);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var now = time.GetUtcNow();
            var pending = new IdempotencyRecord(fingerprint, now + options.Value.Lease, now + options.Value.Retention, null, string.Empty);
            var insert = await store.TryInsertAsync(id, pending, cancellationToken);
            if (insert.Version is { } inserted)
            {
                return new IdempotencyBegin.Began(new IdempotencyClaim(id, inserted, pending), TakenOver: false);
            }

            var found = insert.Existing ?? await store.ReadAsync(id, cancellationToken);
            if (found is null)
            {
                continue; // released or removed in between: insert again
            }

            if (found.ExpiresAt <= now)
            {
                // Past its retention: the key is new again, whatever the old record says.
                if (await store.TryReplaceAsync(id, pending, found.Version, cancellationToken) is { } renewed)
                {
                    return new IdempotencyBegin.Began(new IdempotencyClaim(id, renewed, pending), TakenOver: false);
                }

                continue;
            }

            if (!string.Equals(found.Fingerprint, fingerprint, StringComparison.Ordinal))
            {
                return new IdempotencyBegin.Mismatch();
            }

            if (found.Response is { } response)
            {
                return new IdempotencyBegin.Completed(response);
            }

            if (found.LeaseUntil > now)
            {
                return new IdempotencyBegin.InProgress();
            }

            // The request that held the key stopped without an answer (its instance died): this one takes over.
            var takeover = found with { LeaseUntil = now + options.Value.Lease, Version = string.Empty };
            if (await store.TryReplaceAsync(id, takeover, found.Version, cancellationToken) is { } taken)
            {
                LogTakenOver(id);
                return new IdempotencyBegin.Began(new IdempotencyClaim(id, taken, takeover), TakenOver: true);
            }
        }

        return new IdempotencyBegin.InProgress();
    }

    /// <summary>Stores the response for replay; false when the key was taken over meanwhile (the lease ran out).</summary>
    public async Task<bool> CompleteAsync(IdempotencyClaim claim, StoredResponse response, CancellationToken cancellationToken)
    {
        var completed = claim.Pending with { Response = response, Version = string.Empty };
        var stored = await store.TryReplaceAsync(claim.Id, completed, claim.Version, cancellationToken) is not null;
        if (!stored)
        {
            LogLeaseLost(claim.Id);
        }

        return stored;
    }

    /// <summary>Gives the key back (the operation failed or answered something not to be replayed): the next repeat runs it.</summary>
    public Task<bool> ReleaseAsync(IdempotencyClaim claim, CancellationToken cancellationToken) =>
        store.TryDeleteAsync(claim.Id, claim.Version, cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Idempotency record {RecordId} was pending past its lease; a repeat took it over")]
    private partial void LogTakenOver(string recordId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Idempotency record {RecordId} was taken over before its response was stored")]
    private partial void LogLeaseLost(string recordId);
}
