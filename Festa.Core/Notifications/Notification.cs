using System.Security.Cryptography;
using System.Text;
using Festa.Core.Members;

namespace Festa.Core.Notifications;

/// <summary>What a notification is about.</summary>
public enum NotificationKind
{
    EventChanged,
    EventCancelled,
    StartsToday,
    PasswordAge,

    /// <summary>The member was at the head of a waiting list and took a freed seat.</summary>
    Promoted,
}

/// <summary>
/// One entry in a member's inbox. <see cref="Id"/> is derived from what caused it (a change, a day, a
/// password period), so writing the same cause twice (a retried queue message, a second timer run) is a no-op.
/// </summary>
public sealed record Notification(
    string Id,
    UserId MemberId,
    NotificationKind Kind,
    string? EventId,
    string Title,
    string Body,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ReadAt)
{
    public bool IsRead => ReadAt is not null;

    /// <summary>A deterministic id: lowercase hex SHA-256 of the parts, each terminated by a separator.</summary>
    public static string IdOf(params string[] parts)
    {
        var text = string.Concat(parts.Select(p => p + "\n"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Ids are lowercase hex digits (64 for those derived by <see cref="IdOf"/>).</summary>
    public static bool IsWellFormedId(string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}

/// <summary>A notification as its member sees it.</summary>
public sealed record NotificationView(
    string Id,
    NotificationKind Kind,
    string? EventId,
    string Title,
    string Body,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ReadAt)
{
    public static NotificationView Of(Notification n) => new(n.Id, n.Kind, n.EventId, n.Title, n.Body, n.CreatedAt, n.ReadAt);
}

/// <summary>One page of a member's inbox, newest first, and how many are unread in all.</summary>
public sealed record NotificationPage(IReadOnlyList<NotificationView> Items, int UnreadCount, string? NextCursor);
