using System.ComponentModel.DataAnnotations;

namespace Festa.Core.Idempotency;

/// <summary>Configuration section <c>Festa:Idempotency</c> (draft-ietf-httpapi-idempotency-key-header).</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Festa:Idempotency";

    /// <summary>How long a key is remembered after its first use: a repeat within it gets the first response.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a request that is still running holds its key: a repeat meanwhile is answered 409; after it, the
    /// repeat takes the key over and runs the operation again (the first instance is presumed dead). Longer than
    /// any request should run (Festa's operations end within seconds; Azure's front end cuts a request at 230 s).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);
}
