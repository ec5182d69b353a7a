using Festa.Core.Common;

namespace Festa.Core.Members;

public static class MemberErrors
{
    /// <summary>Says only what sign-up inherently reveals: this id cannot be registered.</summary>
    public static Error UserIdTaken { get; } =
        new(ErrorKind.Conflict, "user-id-taken", "That user id is not available.", "Choose another user id.");

    /// <summary>The current password given to confirm a withdrawal is wrong (counted by the login throttle).</summary>
    public static Error WrongPassword { get; } =
        new(ErrorKind.Unauthorized, "wrong-password", "The password is incorrect.",
            "Send the account's current password in 'password' to confirm.");

    /// <summary>The session outlived its member (withdrawn meanwhile).</summary>
    public static Error Gone { get; } = CommonErrors.Unauthenticated;
}
