using System.Text.Json;
using Festa.Core.Events;
using Festa.Core.Members;
using Microsoft.Azure.Cosmos;

namespace Festa.Cosmos.Events;

/// <summary>
/// One read of an event's partition: the event document (details and seats taken) and, optionally, one
/// member's sign-up — everything a sign-up, cancel or event page needs, in a single request.
/// </summary>
internal sealed record EventPartition(EventDocument Document, string ETag, SignUpDocument? SignUp, string? SignUpETag)
{
    public FestaEvent Event { get; } = Document.ToEvent();

    public int SeatsTaken => Document.Taken;

    /// <summary>Null when the event does not exist.</summary>
    public static async Task<EventPartition?> ReadAsync(FestaContainers containers, EventId id, UserId? member, CancellationToken cancellationToken)
    {
        if (member is not { } m)
        {
            // Without a member it is a point read (1 RU) rather than a query.
            return await containers.ReadAsync(containers.Events, EventDocument.Key, id.Value, cancellationToken) is { } only
                ? new EventPartition(only.To<EventDocument>(), only.ETag(), null, null)
                : null;
        }

        var query = new QueryDefinition("SELECT * FROM c WHERE c.pk = @pk AND (c.id = @event OR c.id = @signUp)")
            .WithParameter("@pk", id.Value).WithParameter("@event", EventDocument.Key).WithParameter("@signUp", SignUpDocument.KeyOf(m));
        JsonElement? eventDoc = null;
        JsonElement? signUpDoc = null;
        foreach (var doc in await FestaContainers.QueryAsync(containers.Events, query, id.Value, cancellationToken))
        {
            if (doc.Id() == EventDocument.Key)
            {
                eventDoc = doc;
            }
            else
            {
                signUpDoc = doc;
            }
        }

        return eventDoc is not { } e
            ? null
            : new EventPartition(e.To<EventDocument>(), e.ETag(), signUpDoc?.To<SignUpDocument>(), signUpDoc?.ETag());
    }

    public EventSnapshot ToSnapshot() => new(Event, SeatsTaken, SignUp?.SignedUpAt, ETag);
}
