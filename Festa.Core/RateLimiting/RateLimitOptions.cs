using System.ComponentModel.DataAnnotations;

namespace Festa.Core.RateLimiting;

/// <summary>One policy: at most <see cref="PermitLimit"/> permits per subject in each fixed <see cref="Window"/>.</summary>
public sealed class RateLimitPolicyOptions
{
    /// <summary>Off: the policy takes no permits and costs no store request.</summary>
    public bool Enabled { get; set; } = true;

    [Range(1, 1_000_000)]
    public int PermitLimit { get; set; }

    /// <summary>Windows are aligned to the Unix epoch, so every instance agrees on where one starts.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; }
}

/// <summary>
/// Configuration section <c>Festa:RateLimits</c>: one <see cref="RateLimitPolicyOptions"/> per
/// <see cref="RateLimitPolicy"/>, e.g. <c>Festa:RateLimits:LoginPerClient:PermitLimit</c>. Defaults below.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Festa:RateLimits";

    /// <summary>20 failures per client address per 5 minutes.</summary>
    public RateLimitPolicyOptions LoginPerClient { get; set; } = new() { PermitLimit = 20, Window = TimeSpan.FromMinutes(5) };

    /// <summary>5 failures per (account, client address) per 15 minutes.</summary>
    public RateLimitPolicyOptions LoginPerAccount { get; set; } = new() { PermitLimit = 5, Window = TimeSpan.FromMinutes(15) };

    /// <summary>100 failures per account per hour, from all addresses together.</summary>
    public RateLimitPolicyOptions LoginGlobal { get; set; } = new() { PermitLimit = 100, Window = TimeSpan.FromHours(1) };

    /// <summary>10 account creations per client address per hour.</summary>
    public RateLimitPolicyOptions MemberSignUpPerClient { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromHours(1) };

    /// <summary>30 event sign-ups per member per minute.</summary>
    public RateLimitPolicyOptions EventSignUpPerMember { get; set; } = new() { PermitLimit = 30, Window = TimeSpan.FromMinutes(1) };

    public RateLimitPolicyOptions For(RateLimitPolicy policy) => policy switch
    {
        RateLimitPolicy.LoginPerClient => LoginPerClient,
        RateLimitPolicy.LoginPerAccount => LoginPerAccount,
        RateLimitPolicy.LoginGlobal => LoginGlobal,
        RateLimitPolicy.MemberSignUpPerClient => MemberSignUpPerClient,
        RateLimitPolicy.EventSignUpPerMember => EventSignUpPerMember,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "Unknown policy."),
    };

    /// <summary>Nested sections are not reached by data annotations; this checks every policy.</summary>
    public static bool AllValid(RateLimitOptions options) =>
        Enum.GetValues<RateLimitPolicy>().All(p => Validator.TryValidateObject(options.For(p), new ValidationContext(options.For(p)), null, true));
}
