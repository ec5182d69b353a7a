using System.ComponentModel.DataAnnotations;

namespace Festa.Core.Auth.Throttling;

/// <summary>Configuration section <c>Festa:LoginThrottle</c>.</summary>
public sealed class LoginThrottleOptions
{
    public const string Section = "Festa:LoginThrottle";

    /// <summary>Failures within <see cref="Window"/> that lock the account.</summary>
    [Range(1, 100)]
    public int MaxFailures { get; set; } = 5;

    /// <summary>How far back failures count, and how long a lock lasts after the last of them.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}
