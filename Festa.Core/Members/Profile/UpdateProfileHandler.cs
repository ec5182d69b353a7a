using Festa.Core.Auth.Sessions;
using Festa.Core.Common;

namespace Festa.Core.Members.Profile;

public sealed class UpdateProfileHandler(IMemberStore members)
{
    private const int MaxAttempts = 5;

    public async Task<Result<MemberProfile>> HandleAsync(CurrentSession caller, UpdateProfileRequest request, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var name = request.Name.IsSet ? ContactRules.Name(errors, request.Name.Value) : null;
        var email = request.Email.IsSet ? ContactRules.Email(errors, request.Email.Value) : null;
        var phone = request.Phone.IsSet ? ContactRules.Phone(errors, request.Phone.Value) : null;
        var region = request.Region.IsSet ? Region.Validate(errors, "region", request.Region.Value) : null;
        if (errors.Any)
        {
            return errors.ToError();
        }

        // Optimistic concurrency: re-apply the patch to the latest version if someone wrote in between.
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await members.FindAsync(caller.MemberId, cancellationToken);
            if (current is not { Value.IsWithdrawn: false })
            {
                return MemberErrors.Gone;
            }

            var member = current.Value;
            var updated = member with
            {
                Name = name ?? member.Name,
                Email = email ?? member.Email,
                Phone = request.Phone.IsSet ? phone : member.Phone,
                Region = request.Region.IsSet ? region : member.Region,
            };

            if (updated == member || await members.TryReplaceAsync(updated, current.Version, cancellationToken))
            {
                return updated.ToProfile();
            }
        }

        return CommonErrors.Busy(TimeSpan.FromSeconds(1));
    }
}
