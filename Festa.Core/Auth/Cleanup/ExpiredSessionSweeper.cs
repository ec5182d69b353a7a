using Festa.Core.Auth.Sessions;
using Microsoft.Extensions.Logging;

namespace Festa.Core.Auth.Cleanup;

/// <summary>Removes expired sessions from stores that have no TTL of their own.</summary>
public sealed partial class ExpiredSessionSweeper(ISessionStore sessions, TimeProvider time, ILogger<ExpiredSessionSweeper> logger)
{
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var removed = await sessions.DeleteExpiredAsync(time.GetUtcNow(), cancellationToken);
        LogSwept(removed);
        return removed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} expired sessions")]
    private partial void LogSwept(int count);
}
