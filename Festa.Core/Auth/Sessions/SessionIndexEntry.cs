namespace Festa.Core.Auth.Sessions;

/// <summary>
/// A session as the member's index knows it, without reading the session itself: enough to find a member's oldest
/// sessions (<see cref="SessionCap"/>). <see cref="CreatedAt"/> is <see cref="DateTimeOffset.MinValue"/> for entries
/// written before the index kept it, so those count as the oldest.
/// </summary>
public sealed record SessionIndexEntry(SessionId Id, DateTimeOffset CreatedAt, DateTimeOffset AbsoluteExpiresAt);
