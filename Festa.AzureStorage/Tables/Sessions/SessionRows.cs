using Azure;
using Azure.Data.Tables;
using Festa.Core.Auth.Sessions;
using Festa.Core.Common;
using Festa.Core.Members;

namespace Festa.AzureStorage.Tables.Sessions;

/// <summary>Maps sessions to rows of the Sessions table and of the per-member index.</summary>
internal static class SessionRows
{
    /// <summary>256 buckets: spreads sessions over partitions and lets expired ones be deleted in batches.</summary>
    public static string PartitionOf(SessionId id) => id.Value[..2];

    public static TableEntity ToRow(Session s) => new(PartitionOf(s.Id), s.Id.Value)
    {
        ["MemberId"] = s.MemberId.Value,
        ["Role"] = s.Role.ToWire(),
        ["CreatedAt"] = s.CreatedAt,
        ["LastSeenAt"] = s.LastSeenAt,
        ["IdleExpiresAt"] = s.IdleExpiresAt,
        ["AbsoluteExpiresAt"] = s.AbsoluteExpiresAt,
        ["UserAgent"] = s.UserAgent,
    };

    /// <summary>Only the fields a refresh changes, written with a merge.</summary>
    public static TableEntity ToRefreshRow(Session s, string version) => new(PartitionOf(s.Id), s.Id.Value)
    {
        ["LastSeenAt"] = s.LastSeenAt,
        ["IdleExpiresAt"] = s.IdleExpiresAt,
        ETag = new ETag(version),
    };

    public static Versioned<Session> ToSession(TableEntity row)
    {
        var session = new Session(
            new SessionId(row.RowKey),
            UserId.FromTrusted(row.GetString("MemberId")),
            Roles.TryParse(row.GetString("Role"), out var role) ? role : Role.Member,
            row.GetDateTimeOffset("CreatedAt") ?? default,
            row.GetDateTimeOffset("LastSeenAt") ?? default,
            row.GetDateTimeOffset("IdleExpiresAt") ?? default,
            row.GetDateTimeOffset("AbsoluteExpiresAt") ?? default,
            row.GetString("UserAgent"));
        return new Versioned<Session>(session, row.ETag.ToString());
    }

    /// <summary>The member index row; its creation time finds the member's oldest sessions (SessionCap) without reading them.</summary>
    public static TableEntity ToIndexRow(Session s) => new(s.MemberId.Value, s.Id.Value)
    {
        ["CreatedAt"] = s.CreatedAt,
        ["AbsoluteExpiresAt"] = s.AbsoluteExpiresAt,
    };

    public static SessionIndexEntry ToIndexEntry(TableEntity row) => new(new SessionId(row.RowKey),
        row.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue, row.GetDateTimeOffset("AbsoluteExpiresAt") ?? DateTimeOffset.MaxValue);

    /// <summary>The session's row in the <see cref="ExpiryIndex"/> (hour of its absolute expiry) of the member-session table.</summary>
    public static TableEntity ToExpiryRow(Session s) => new(ExpiryIndex.Bucket(s.AbsoluteExpiresAt), s.Id.Value)
    {
        ["MemberId"] = s.MemberId.Value,
    };

    public static TableEntity IndexKey(UserId memberId, SessionId id) =>
        new(memberId.Value, id.Value) { ETag = ETag.All };
}
