using System.Collections.Concurrent;
using Festa.Core.Members.Passwords;

namespace Festa.Functions.Tests.Concurrency.Torture;

/// <summary>
/// Counts the password checks (PBKDF2 runs) of the attacker's wrong passwords, per account. A torture run's wrong
/// passwords name their account (<see cref="For"/>), so the count needs no store.
/// </summary>
public sealed class WrongPasswordCounter(IPasswordHasher inner) : IPasswordHasher
{
    private const string Prefix = "Wrong!";

    public static ConcurrentDictionary<string, int> Checked { get; } = new(StringComparer.Ordinal);

    public static string For(string userId, int number) => $"{Prefix}{userId}!{number}";

    public string Hash(string password) => inner.Hash(password);

    public PasswordCheck Verify(string? passwordHash, string password)
    {
        if (password.StartsWith(Prefix, StringComparison.Ordinal) && password.IndexOf('!', Prefix.Length) is var end and > 0)
        {
            Checked.AddOrUpdate(password[Prefix.Length..end], 1, (_, n) => n + 1);
        }

        return inner.Verify(passwordHash, password);
    }
}
