using System.ComponentModel.DataAnnotations;

namespace Festa.Core.Members.Passwords;

/// <summary>Configuration section <c>Festa:Passwords</c>.</summary>
public sealed class PasswordHashingOptions
{
    public const string Section = "Festa:Passwords";

    /// <summary>OWASP's figure for PBKDF2-HMAC-SHA512 (Password Storage Cheat Sheet, 2023).</summary>
    public const int OwaspMinimumIterations = 210_000;

    /// <summary>PBKDF2-HMAC-SHA512 iterations. Raising it re-hashes each password at its owner's next login.</summary>
    [Range(OwaspMinimumIterations, 10_000_000)]
    public int Iterations { get; set; } = OwaspMinimumIterations;

    /// <summary>Hashes run at once per instance (<see cref="BoundedPasswordHasher"/>); 0 (default) means one per core.</summary>
    [Range(0, 256)]
    public int MaxConcurrency { get; set; }

    public int EffectiveMaxConcurrency => MaxConcurrency > 0 ? MaxConcurrency : Environment.ProcessorCount;
}
