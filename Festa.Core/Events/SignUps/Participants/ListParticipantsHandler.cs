using Festa.Core.Auth.Sessions;
using Festa.Core.Common;
using Festa.Core.Members;

namespace Festa.Core.Events.SignUps.Participants;

/// <summary>Who is coming, for the host only: name and region as the members keep them now.</summary>
public sealed class ListParticipantsHandler(IEventStore events, ISignUpStore signUps, IMemberStore members)
{
    private const int ParallelReads = 8;

    public async Task<Result<Page<Participant>>> HandleAsync(CurrentSession caller, string rawId, string? rawLimit, string? rawCursor,
        CancellationToken cancellationToken)
    {
        // Only sign-up row keys may reach the store's range query (400 invalid-cursor otherwise).
        var paging = Paging.Parse(rawLimit, rawCursor, CursorList.Participants);
        if (paging.Error is { } invalid)
        {
            return invalid;
        }

        var found = await events.FindOwnedAsync(caller, rawId, cancellationToken);
        if (found.Error is { } denied)
        {
            return denied;
        }

        var page = await signUps.ListParticipantsAsync(found.Value.Event.Id, paging.Value.After, paging.Value.Limit, cancellationToken);
        var participants = new Participant[page.Items.Count];
        await Parallel.ForAsync(0, participants.Length,
            new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var record = page.Items[i];
                var member = (await members.FindAsync(record.MemberId, ct))?.Value;
                participants[i] = new Participant(record.MemberId.Value, member?.Name ?? string.Empty, member?.Region, record.SignedUpAt);
            });
        return new Page<Participant>(participants, Cursor.Encode(page.After));
    }
}

/// <summary>A participant as the host sees them. A withdrawn member keeps the seat record but no name.</summary>
public sealed record Participant(string UserId, string Name, Region? Region, DateTimeOffset SignedUpAt);
