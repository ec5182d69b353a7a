using System.Globalization;
using Azure.Data.Tables;
using Festa.Core.Members;
using Festa.Core.Notifications;

namespace Festa.AzureStorage.Tables.Notifications;

/// <summary>
/// A member's inbox: PK = user id. Each notification has a list row, RK = "{inverted created ticks:D19}.{id}"
/// (so a partition scan returns newest first), and an id row, RK = "id.{id}", naming the list row (so a
/// notification is found by its id in one point read). List rows sort before id rows ('0'–'9' &lt; 'i').
/// </summary>
internal static class NotificationRows
{
    /// <summary>Every list row key is below this; every id row key above it.</summary>
    public const string ListEnd = "a";

    public static string ListKey(Notification n) =>
        (DateTimeOffset.MaxValue.UtcTicks - n.CreatedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "." + n.Id;

    public static string IdKey(string id) => "id." + id;

    public static TableEntity ToListRow(Notification n) => new(n.MemberId.Value, ListKey(n))
    {
        ["Id"] = n.Id,
        ["Kind"] = n.Kind.ToString(),
        ["EventId"] = n.EventId,
        ["Title"] = n.Title,
        ["Body"] = n.Body,
        ["CreatedAt"] = n.CreatedAt,
        ["ReadAt"] = n.ReadAt,
        ["Read"] = n.IsRead,
    };

    public static TableEntity ToIdRow(Notification n) => new(n.MemberId.Value, IdKey(n.Id))
    {
        ["Key"] = ListKey(n),
    };

    public static Notification ToNotification(TableEntity row) => new(
        row.GetString("Id"),
        UserId.FromTrusted(row.PartitionKey),
        Enum.TryParse<NotificationKind>(row.GetString("Kind"), out var kind) ? kind : NotificationKind.EventChanged,
        row.GetString("EventId"),
        row.GetString("Title") ?? string.Empty,
        row.GetString("Body") ?? string.Empty,
        row.GetDateTimeOffset("CreatedAt") ?? default,
        row.GetBoolean("Read") == true ? row.GetDateTimeOffset("ReadAt") : null);
}
