using Festa.Core.Auth.Sessions;
using Festa.Core.Common;
using Festa.Core.Events.SignUps.Ledger;
using Festa.Core.Members;
using Microsoft.Extensions.Logging;

namespace Festa.Core.Events.Waitlist;

/// <summary>
/// The waiting list of a full event, as members and hosts use it: join (first come, first served by the commit that
/// takes the next sequence), see one's position, leave, and the host's ordered list. Every write is one transaction of
/// the ledger (<see cref="IWaitlistLedger"/>) that moves the list's state, so positions stay dense and unique on any
/// number of instances; concurrent writers on this instance take turns per event (a striped lock), so instances, not
/// requests, compete for the list's state.
/// </summary>
public sealed partial class WaitlistService(ISeatLedger seats, WaitlistPromoter promoter, IEventStore events, IMemberStore members,
    TimeProvider time, ILogger<WaitlistService> logger)
{
    /// <summary>Reads a waiting-list write may lose to other instances before it is answered 503 "busy".</summary>
    public const int MaxAttempts = 30;

    private const int ParallelReads = 8;

    private IWaitlistLedger Ledger => seats as IWaitlistLedger
        ?? throw new InvalidOperationException("The configured store keeps no waiting lists.");

    /// <summary>
    /// 201 with the position when the event is full; 409 seats-available / already-signed-up / already-waitlisted /
    /// waitlist-full / signups-not-open / signups-closed / event-started; 404 event-not-found; 503 busy; 401 when the
    /// member started to withdraw meanwhile (the place is given up again).
    /// </summary>
    /// <param name="requestId">Stored with the entry; an idempotency key's operation id, so a re-run recognises its own place.</param>
    public async Task<Result<WaitlistPlace>> JoinAsync(CurrentSession caller, string rawId, CancellationToken cancellationToken, string? requestId = null)
    {
        if (!EventId.TryParse(rawId, out var id))
        {
            return EventErrors.NotFound;
        }

        Result<WaitlistPlace> joined;
        try
        {
            joined = await JoinInTurnAsync(caller, id, requestId ?? Guid.NewGuid().ToString("N"), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The fault may have come after the entry committed (a lost answer): settle it before answering.
            await GiveBackIfLeavingAsync(caller.MemberId, id);
            throw;
        }

        return joined.IsSuccess && await GiveBackIfLeavingAsync(caller.MemberId, id) is { } leaving ? leaving : joined;
    }

    /// <summary>
    /// As a sign-up does (docs/concurrency.md, "Withdrawal"): the withdrawal marks the member, then lists their places; a
    /// join reads the member after its commit. One of the two sees the other, so no withdrawn member keeps a place.
    /// </summary>
    /// <returns>Null for an active member; else the answer once the place is given back (401, or 503 busy).</returns>
    private async Task<Error?> GiveBackIfLeavingAsync(UserId memberId, EventId id)
    {
        if (await members.FindAsync(memberId, CancellationToken.None) is { Value.IsActive: true })
        {
            return null;
        }

        return await LeaveAsync(id, memberId, CancellationToken.None) == LeaveOutcome.Busy ? CommonErrors.Busy(TimeSpan.FromSeconds(1)) : MemberErrors.Gone;
    }

    private async Task<Result<WaitlistPlace>> JoinInTurnAsync(CurrentSession caller, EventId id, string requestId, CancellationToken cancellationToken)
    {
        var claim = new WaitingClaim(caller.MemberId, time.GetUtcNow(), requestId);
        var indexed = false;
        using (await promoter.TurnAsync(id, cancellationToken))
        {
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                // Three independent reads in parallel: event + seats + list state (one key range / point read), and two point reads.
                var stateRead = seats.ReadAsync(id, cancellationToken);
                var recordRead = seats.FindAsync(id, caller.MemberId, cancellationToken);
                var entryRead = Ledger.FindWaitingAsync(id, caller.MemberId, cancellationToken);
                var (state, record, entry) = (await stateRead, await recordRead, await entryRead);
                if (state is null)
                {
                    return EventErrors.NotFound;
                }

                if (entry is not null)
                {
                    return entry.RequestId == claim.RequestId
                        ? new WaitlistPlace(id.Value, caller.MemberId.Value, await Ledger.PositionAsync(id, entry, cancellationToken), entry.JoinedAt)
                        : EventErrors.AlreadyWaitlisted;
                }

                switch (state.Event.WindowAt(claim.At))
                {
                    case SignUpWindow.NotYetOpen:
                        return EventErrors.SignUpsNotOpen(state.Event.SignUpOpensAt!.Value);
                    case SignUpWindow.Closed:
                        return EventErrors.SignUpsClosed;
                    case SignUpWindow.Started:
                        return EventErrors.Started;
                }

                if (record is not null)
                {
                    return EventErrors.AlreadySignedUp;
                }

                if (state.SeatsLeft > 0)
                {
                    if (state.Waiting == 0)
                    {
                        return EventErrors.SeatsAvailable;
                    }

                    // A capacity raise still being promoted; a lost race backs off like any other.
                    if (!await promoter.PromoteFreeSeatsAsync(state, cancellationToken))
                    {
                        await BackOffAsync(attempt, cancellationToken);
                    }

                    continue;
                }

                if (state.Waitlist is not { } waitlist || waitlist.Length >= state.Event.WaitlistLimit)
                {
                    return EventErrors.WaitlistFull;
                }

                if (!indexed)
                {
                    await Ledger.IndexWaitingAsync(caller.MemberId, state.Event, cancellationToken); // "my waiting lists" finds it from the commit on
                    indexed = true;
                }

                switch ((await Ledger.JoinAsync(id, waitlist, claim, cancellationToken)).Status)
                {
                    case WaitlistCommitStatus.Committed:
                        // Every entry ahead has a smaller sequence, and the list was exactly as read: its length + 1 is the position.
                        LogJoined(caller.MemberId.Value, id.Value, waitlist.Next);
                        return new WaitlistPlace(id.Value, caller.MemberId.Value, waitlist.Length + 1, claim.At);
                    case WaitlistCommitStatus.EntryExists:
                        continue; // read again: this request's own entry (a lost answer) or another's
                    default:
                        await BackOffAsync(attempt, cancellationToken);
                        break;
                }
            }
        }

        return CommonErrors.Busy(TimeSpan.FromSeconds(1));
    }

    /// <summary>200 with the caller's position; 404 not-waitlisted or event-not-found.</summary>
    public async Task<Result<MyWaitlistPlace>> FindMineAsync(CurrentSession caller, string rawId, CancellationToken cancellationToken)
    {
        if (!EventId.TryParse(rawId, out var id))
        {
            return EventErrors.NotFound;
        }

        var entry = await Ledger.FindWaitingAsync(id, caller.MemberId, cancellationToken);
        if (entry is null)
        {
            return await events.FindAsync(id, caller.MemberId, cancellationToken) is null ? EventErrors.NotFound : EventErrors.NotWaitlisted;
        }

        return new MyWaitlistPlace(await Ledger.PositionAsync(id, entry, cancellationToken), entry.JoinedAt);
    }

    /// <summary>204; 404 not-waitlisted or event-not-found; 503 busy.</summary>
    public async Task<Result> LeaveAsync(CurrentSession caller, string rawId, CancellationToken cancellationToken)
    {
        if (!EventId.TryParse(rawId, out var id))
        {
            return EventErrors.NotFound;
        }

        return await LeaveAsync(id, caller.MemberId, cancellationToken) switch
        {
            LeaveOutcome.Left => Result.Success,
            LeaveOutcome.NotWaiting => EventErrors.NotWaitlisted,
            LeaveOutcome.NotFound => EventErrors.NotFound,
            _ => CommonErrors.Busy(TimeSpan.FromSeconds(1)),
        };
    }

    /// <summary>Removes the member's waiting entry (withdrawal, or the member's own request).</summary>
    public async Task<LeaveOutcome> LeaveAsync(EventId id, UserId memberId, CancellationToken cancellationToken)
    {
        using (await promoter.TurnAsync(id, cancellationToken))
        {
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                var stateRead = seats.ReadAsync(id, cancellationToken);
                var entry = await Ledger.FindWaitingAsync(id, memberId, cancellationToken);
                var state = await stateRead;
                if (state?.Waitlist is not { } waitlist)
                {
                    return LeaveOutcome.NotFound;
                }

                if (entry is null)
                {
                    return LeaveOutcome.NotWaiting;
                }

                if ((await Ledger.LeaveAsync(id, waitlist, entry, cancellationToken)).Status == WaitlistCommitStatus.Committed)
                {
                    return LeaveOutcome.Left;
                }

                await BackOffAsync(attempt, cancellationToken);
            }
        }

        return LeaveOutcome.Busy;
    }

    /// <summary>The host's view: waiting members in order, with names as the members keep them now. 403 not-event-owner.</summary>
    public async Task<Result<Page<WaitingMember>>> ListAsync(CurrentSession caller, string rawId, string? rawLimit, string? rawCursor,
        CancellationToken cancellationToken)
    {
        var paging = Paging.Parse(rawLimit, rawCursor, CursorList.Waitlist);
        if (paging.Error is { } invalid)
        {
            return invalid;
        }

        var found = await events.FindOwnedAsync(caller, rawId, cancellationToken);
        if (found.Error is { } denied)
        {
            return denied;
        }

        var id = found.Value.Event.Id;
        var page = await Ledger.ListWaitingAsync(id, paging.Value.After, paging.Value.Limit, cancellationToken);

        // Positions are dense: the first item's position is its rank (1 on the first page), the rest follow it.
        var first = page.Items.Count == 0 || paging.Value.After is null ? 1 : await Ledger.PositionAsync(id, page.Items[0], cancellationToken);
        var items = new WaitingMember[page.Items.Count];
        await Parallel.ForAsync(0, items.Length, new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var entry = page.Items[i];
                var member = (await members.FindAsync(entry.MemberId, ct))?.Value;
                items[i] = new WaitingMember(entry.MemberId.Value, member?.Name ?? string.Empty, first + i, entry.JoinedAt);
            });
        return new Page<WaitingMember>(items, Cursor.Encode(page.After));
    }

    /// <summary>The caller's waiting-list places, soonest event first, each with its position now.</summary>
    public async Task<Result<IReadOnlyList<MyWaitlist>>> ListMineAsync(CurrentSession caller, CancellationToken cancellationToken)
    {
        var places = await Ledger.ListWaitingOfMemberAsync(caller.MemberId, cancellationToken);
        var result = new MyWaitlist[places.Count];
        await Parallel.ForAsync(0, result.Length, new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var (e, entry) = places[i];
                result[i] = new MyWaitlist(EventSummary.Of(e), await Ledger.PositionAsync(e.Id, entry, ct), entry.JoinedAt);
            });
        return result.OrderBy(p => p.Event.StartsAt).ThenBy(p => p.Event.Id, StringComparer.Ordinal).ToList();
    }

    private Task BackOffAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, Math.Min(250, 4 << Math.Min(attempt, 10)))), time, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} joined the waiting list of event {EventId} (entry {Sequence})")]
    private partial void LogJoined(string memberId, string eventId, long sequence);
}

public enum LeaveOutcome
{
    Left,
    NotWaiting,
    NotFound,
    Busy,
}

/// <summary>A place just taken on a waiting list (201).</summary>
public sealed record WaitlistPlace(string EventId, string UserId, int Position, DateTimeOffset JoinedAt);

/// <summary>The caller's place on one event's waiting list.</summary>
public sealed record MyWaitlistPlace(int Position, DateTimeOffset JoinedAt);

/// <summary>A waiting member as the host sees them.</summary>
public sealed record WaitingMember(string UserId, string Name, int Position, DateTimeOffset JoinedAt);

/// <summary>One of the caller's waiting-list places, with its event.</summary>
public sealed record MyWaitlist(EventSummary Event, int Position, DateTimeOffset JoinedAt);
