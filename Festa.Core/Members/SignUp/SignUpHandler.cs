using Festa.Core.Common;
using Festa.Core.Members.Passwords;

namespace Festa.Core.Members.SignUp;

public sealed class SignUpHandler(IMemberStore members, BoundedPasswordHasher hasher, TimeProvider time)
{
    public async Task<Result<MemberProfile>> HandleAsync(SignUpRequest request, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        UserId? userId = null;
        if (string.IsNullOrEmpty(request.UserId))
        {
            errors.Add("userId", "is required.");
        }
        else if (UserId.TryParse(request.UserId, out var parsed))
        {
            userId = parsed;
        }
        else
        {
            errors.Add("userId", $"must be {UserId.MinLength}-{UserId.MaxLength} characters of a-z, 0-9, '_' and '-'.");
        }

        var name = ContactRules.Name(errors, request.Name);
        var email = ContactRules.Email(errors, request.Email);
        var phone = ContactRules.Phone(errors, request.Phone);
        var region = Region.Validate(errors, "region", request.Region);
        PasswordPolicy.Validate(errors, "password", request.Password, userId);
        if (!Roles.TryParse(request.Role, out var role))
        {
            errors.Add("role", "must be 'member' or 'host'.");
        }

        // Everything is validated before the id is looked at, and the password is hashed either way,
        // so probing for taken ids costs a full, valid, slow sign-up per guess.
        if (errors.Any)
        {
            return errors.ToError();
        }

        var now = time.GetUtcNow();
        var member = new Member(userId!.Value, name!, email!, phone, role, region, await hasher.HashAsync(request.Password!, cancellationToken),
            now, now, Member.NewSecurityStamp(), WithdrawnAt: null);

        return await members.TryAddAsync(member, cancellationToken)
            ? member.ToProfile()
            : MemberErrors.UserIdTaken;
    }
}
