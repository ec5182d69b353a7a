using Microsoft.Extensions.Options;

namespace Festa.Core.Members.Passwords;

/// <summary>
/// Runs <see cref="IPasswordHasher"/> (PBKDF2, ~0.3 s of CPU per call) with bounded concurrency per instance: at most
/// <see cref="PasswordHashingOptions.MaxConcurrency"/> hashes at once (default: the core count), the rest wait
/// asynchronously, holding no thread. A crowd of logins or sign-ups therefore occupies at most that many thread-pool
/// threads, and the pool keeps threads for everything else (the host's 15 s HTTP hand-off among them; see
/// docs/security.md, "Bounded hashing"). Every use case hashes through this class.
/// </summary>
public sealed class BoundedPasswordHasher(IPasswordHasher hasher, IOptions<PasswordHashingOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.EffectiveMaxConcurrency);
    private int _waiting;

    /// <summary>Hashes waiting for a slot right now (for diagnostics and tests).</summary>
    public int Waiting => Math.Max(0, _waiting);

    public Task<string> HashAsync(string password, CancellationToken cancellationToken) =>
        RunAsync(() => hasher.Hash(password), cancellationToken);

    public Task<PasswordCheck> VerifyAsync(string? passwordHash, string password, CancellationToken cancellationToken) =>
        RunAsync(() => hasher.Verify(passwordHash, password), cancellationToken);

    public void Dispose() => _slots.Dispose();

    private async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            await _slots.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        try
        {
            return work();
        }
        finally
        {
            _slots.Release();
        }
    }
}
