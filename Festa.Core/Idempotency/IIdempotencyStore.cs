using Festa.Core.Common;

namespace Festa.Core.Idempotency;

/// <summary>
/// A response kept for replay: status, the headers that describe it (Location, ETag, Content-Type, Retry-After…)
/// and the body bytes exactly as first sent.
/// </summary>
public sealed record StoredResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    /// <summary>Headers as "name: value" lines (a header value never holds a line break, RFC 9110 §5.5).</summary>
    public string EncodeHeaders() => string.Join('\n', Headers.Select(h => h.Key + ": " + h.Value));

    public static IReadOnlyList<KeyValuePair<string, string>> DecodeHeaders(string? encoded) =>
        string.IsNullOrEmpty(encoded)
            ? []
            : [.. encoded.Split('\n').Select(line => line.Split(": ", 2)).Select(p => KeyValuePair.Create(p[0], p.Length > 1 ? p[1] : string.Empty))];
}

/// <summary>
/// One idempotency record: pending while <see cref="Response"/> is null (its first request holds a lease until
/// <see cref="LeaseUntil"/>), completed once the response is stored. Worthless after <see cref="ExpiresAt"/>.
/// </summary>
/// <param name="Fingerprint">SHA-256 (hex) of the request the key was first used with (method, route, body).</param>
/// <param name="Version">The store's ETag, for conditional writes.</param>
public sealed record IdempotencyRecord(string Fingerprint, DateTimeOffset LeaseUntil, DateTimeOffset ExpiresAt, StoredResponse? Response, string Version);

/// <summary>
/// The store port behind <see cref="IdempotencyKeys"/>: one small record per (caller, key), written with
/// insert-if-absent and If-Match. The <c>id</c> arguments are <see cref="IdempotencyKeys.RecordId"/>
/// (64 hex digits, a hash of caller and key), safe as a Table key and a Cosmos id; each record is its own partition,
/// so no partition is ever hot. The mechanism (fingerprints, leases, expiry by time) lives in <see cref="IdempotencyKeys"/>.
/// </summary>
public interface IIdempotencyStore : IExpiringStore
{
    /// <summary>The record, or null when there is none (an expired record the store has not removed yet is returned).</summary>
    Task<IdempotencyRecord?> ReadAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Creates the record (insert-if-absent): its new version; or, when one already exists, no version and that record
    /// if the adapter read it anyway (Table Storage does, to tell an SDK retry of its own insert), else null.
    /// </summary>
    Task<IdempotencyInsert> TryInsertAsync(string id, IdempotencyRecord record, CancellationToken cancellationToken);

    /// <summary>Replaces the record if it is still at <paramref name="version"/>; the new version, or null when it changed or is gone.</summary>
    Task<string?> TryReplaceAsync(string id, IdempotencyRecord record, string version, CancellationToken cancellationToken);

    /// <summary>Deletes the record if it is still at <paramref name="version"/>; false when it changed or is gone.</summary>
    Task<bool> TryDeleteAsync(string id, string version, CancellationToken cancellationToken);}

/// <summary>Outcome of <see cref="IIdempotencyStore.TryInsertAsync"/>: the new record's version, or (null and) the record
/// found in its place when the adapter read it — so a replay costs no second read.</summary>
public readonly record struct IdempotencyInsert(string? Version, IdempotencyRecord? Existing = null);
