namespace Festa.Core.Members.Passwords;

public enum PasswordCheck
{
    Failed,
    Success,

    /// <summary>Correct, but hashed with weaker parameters than configured now: store a new hash.</summary>
    SuccessRehashNeeded,
}

/// <summary>Hashes and verifies passwords. Verification of a missing account costs the same as a real one.</summary>
public interface IPasswordHasher
{
    string Hash(string password);

    PasswordCheck Verify(string? passwordHash, string password);
}
