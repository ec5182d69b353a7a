using Festa.Core.Members.Passwords;
using Microsoft.Extensions.Hosting;

namespace Festa.Functions.Auth;

/// <summary>
/// Reads the embedded password lists (<see cref="CommonPasswords"/>, ~100,000 entries) on a pool thread when the
/// instance starts, so the first sign-up or password change does not pay for it on its request path. Start-up does
/// not wait for it; a request that comes first simply waits on the same one-time load.
/// </summary>
public sealed class PasswordListWarmUp : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(CommonPasswords.Preload, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
