using Festa.Core.Auth.Sessions;
using Festa.Core.Common;

namespace Festa.Core.Events.SignUps.Mine;

/// <summary>The caller's sign-ups: upcoming events first (soonest first), then past ones (latest first).</summary>
public sealed class ListMySignUpsHandler(ISignUpStore signUps, TimeProvider time)
{
    public async Task<Result<IReadOnlyList<MySignUp>>> HandleAsync(CurrentSession caller, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var mine = await signUps.ListOfMemberAsync(caller.MemberId, cancellationToken);
        return mine
            .OrderBy(s => s.Event.StartsAt < now)
            .ThenBy(s => s.Event.StartsAt < now ? -s.Event.StartsAt.UtcTicks : s.Event.StartsAt.UtcTicks)
            .Select(s => new MySignUp(EventSummary.Of(s.Event), s.SignedUpAt))
            .ToList();
    }
}

public sealed record MySignUp(EventSummary Event, DateTimeOffset SignedUpAt);
