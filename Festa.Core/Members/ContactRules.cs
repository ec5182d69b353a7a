using System.Net.Mail;
using System.Text.RegularExpressions;
using Festa.Core.Common;

namespace Festa.Core.Members;

/// <summary>Validation of the contact details a member gives.</summary>
public static partial class ContactRules
{
    public const int NameMaxLength = 50;
    public const int EmailMaxLength = 254;
    public const int PhoneMaxLength = 20;

    public static string? Email(FieldErrors errors, string? value)
    {
        var email = TextRules.Required(errors, "email", value, EmailMaxLength);
        if (email is null)
        {
            return null;
        }

        // MailAddress accepts display names and comments; insist on a bare address with a dotted domain.
        if (!MailAddress.TryCreate(email, out var parsed) || parsed.Address != email ||
            !parsed.Host.Contains('.', StringComparison.Ordinal) || parsed.Host.EndsWith('.'))
        {
            errors.Add("email", "must be a valid e-mail address.");
            return null;
        }

        return email;
    }

    public static string? Phone(FieldErrors errors, string? value)
    {
        var phone = TextRules.Optional(errors, "phone", value, PhoneMaxLength);
        if (phone is not null && !PhonePattern().IsMatch(phone))
        {
            errors.Add("phone", "may contain digits, spaces, '-', parentheses and a leading '+', with at least 6 digits.");
            return null;
        }

        return phone;
    }

    public static string? Name(FieldErrors errors, string? value) =>
        TextRules.Required(errors, "name", value, NameMaxLength);

    [GeneratedRegex(@"^\+?(?:[\s\-()]*\d){6,15}[\s\-()]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();
}
