using Festa.Core.Members.Passwords;

namespace Festa.TestSupport;

/// <summary>Counts password verifications (PBKDF2 runs), for tests that prove a request was refused before hashing.</summary>
public sealed class CountingPasswordHasher(IPasswordHasher inner) : IPasswordHasher
{
    private int _verifications;

    public int Verifications => Volatile.Read(ref _verifications);

    public string Hash(string password) => inner.Hash(password);

    public PasswordCheck Verify(string? passwordHash, string password)
    {
        Interlocked.Increment(ref _verifications);
        return inner.Verify(passwordHash, password);
    }
}
