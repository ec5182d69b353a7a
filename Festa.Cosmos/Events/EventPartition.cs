using System.Text.Json;
using Festa.Core.Events;
using Festa.Core.Members;

namespace Festa.Cosmos.Events;

/// <summary>
/// What a sign-up page or an update needs of an event's partition: the event document (details and seats taken)
/// and, optionally, one member's sign-up — two point reads sent in parallel (about 1 RU each), never a query.
/// </summary>
internal sealed record EventPartition(EventDocument Document, string ETag, SignUpDocument? SignUp, string? SignUpETag)
{
    public FestaEvent Event { get; } = Document.ToEvent();

    public int SeatsTaken => Document.Taken;

    /// <summary>Null when the event does not exist.</summary>
    public static async Task<EventPartition?> ReadAsync(FestaContainers containers, EventId id, UserId? member, CancellationToken cancellationToken)
    {
        var signUpRead = member is { } m
            ? containers.ReadAsync(containers.Events, SignUpDocument.KeyOf(m), id.Value, cancellationToken)
            : Task.FromResult<JsonElement?>(null);
        var eventDoc = await containers.ReadAsync(containers.Events, EventDocument.Key, id.Value, cancellationToken);
        var signUpDoc = await signUpRead;
        return eventDoc is not { } e
            ? null
            : new EventPartition(e.To<EventDocument>(), e.ETag(), signUpDoc?.To<SignUpDocument>(), signUpDoc?.ETag());
    }

    public EventSnapshot ToSnapshot() => new(Event, SeatsTaken, SignUp?.SignedUpAt, ETag, Document.WaitLength);
}
