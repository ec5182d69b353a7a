using Festa.Core.Auth.Sessions;
using Festa.Core.Common;

namespace Festa.Core.Members.Profile;

public sealed class GetProfileHandler(IMemberStore members)
{
    public async Task<Result<MemberProfile>> HandleAsync(CurrentSession caller, CancellationToken cancellationToken)
    {
        var member = await members.FindAsync(caller.MemberId, cancellationToken);
        return member is { Value.IsWithdrawn: false } ? member.Value.ToProfile() : MemberErrors.Gone;
    }
}
