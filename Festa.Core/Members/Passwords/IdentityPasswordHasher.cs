using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using IdentityHasher = Microsoft.AspNetCore.Identity.PasswordHasher<Festa.Core.Members.Member>;

namespace Festa.Core.Members.Passwords;

/// <summary>
/// ASP.NET Core Identity's hasher (format v3: PBKDF2-HMAC-SHA512, random salt, iteration count
/// stored in the hash), with the iteration count raised to OWASP's figure.
/// </summary>
public sealed class IdentityPasswordHasher : IPasswordHasher
{
    private readonly IdentityHasher _hasher;
    private readonly Lazy<string> _dummyHash;

    public IdentityPasswordHasher(IOptions<PasswordHashingOptions> options)
    {
        _hasher = new IdentityHasher(Options.Create(new PasswordHasherOptions
        {
            CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
            IterationCount = options.Value.Iterations,
        }));

        // Verifying against a throwaway hash makes "no such account" cost as much as "wrong password".
        _dummyHash = new Lazy<string>(() => _hasher.HashPassword(null!, Guid.NewGuid().ToString("N")));
    }

    public string Hash(string password) => _hasher.HashPassword(null!, password);

    public PasswordCheck Verify(string? passwordHash, string password)
    {
        if (string.IsNullOrEmpty(passwordHash))
        {
            _hasher.VerifyHashedPassword(null!, _dummyHash.Value, password);
            return PasswordCheck.Failed;
        }

        return _hasher.VerifyHashedPassword(null!, passwordHash, password) switch
        {
            PasswordVerificationResult.Success => PasswordCheck.Success,
            PasswordVerificationResult.SuccessRehashNeeded => PasswordCheck.SuccessRehashNeeded,
            _ => PasswordCheck.Failed,
        };
    }
}
