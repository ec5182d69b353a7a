using Festa.Core.Common;
using Festa.Core.Events.SignUps.Ledger;
using Festa.Core.Members.Passwords;

namespace Festa.Core.Members.SignUp;

/// <summary>
/// Creates an account (insert-if-absent of the member: 409 when the id is taken). Opens the member's sign-up gate
/// (<see cref="ISignUpGate"/>) first, so their first event sign-up already skips the read of the member after its
/// commit; opening is safe for any id at any time (it never reopens a closed gate), so a taken id costs nothing but it.
/// </summary>
public sealed class SignUpHandler(IMemberStore members, BoundedPasswordHasher hasher, TimeProvider time, ISignUpGate? gate = null)
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
        if (gate is not null)
        {
            await gate.OpenAsync(member.UserId, cancellationToken);
        }

        return await members.TryAddAsync(member, cancellationToken)
            ? member.ToProfile()
            : MemberErrors.UserIdTaken;
    }
}
