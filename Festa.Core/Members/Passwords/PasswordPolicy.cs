using Festa.Core.Common;

namespace Festa.Core.Members.Passwords;

/// <summary>
/// What makes a password acceptable: long enough, not absurdly long (hashing cost is per byte),
/// not built around the user id, and not one that attackers try first.
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 10;
    public const int MaxLength = 128;

    public static void Validate(FieldErrors errors, string field, string? password, UserId? userId)
    {
        if (string.IsNullOrEmpty(password))
        {
            errors.Add(field, "is required.");
            return;
        }

        if (password.Length < MinLength)
        {
            errors.Add(field, $"must be at least {MinLength} characters.");
            return;
        }

        if (password.Length > MaxLength)
        {
            errors.Add(field, $"must be at most {MaxLength} characters.");
            return;
        }

        if (userId is { } id && password.Contains(id.Value, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(field, "must not contain the user id.");
        }

        if (password.Distinct().Count() < 4)
        {
            errors.Add(field, "must use at least 4 different characters.");
        }

        if (CommonPasswords.IsCommon(password))
        {
            errors.Add(field, "is too common; choose one that attackers would not try first.");
        }
    }
}
