using Festa.Core.Common;
using Festa.Core.Members;
using Festa.Core.Members.Passwords;

namespace Festa.Core.Tests.Members;

public sealed class PasswordPolicyTests
{
    private static readonly UserId Alice = UserId.FromTrusted("alice");

    [Theory]
    [InlineData("correct horse battery")]
    [InlineData("Tr0ub4dor&3xyz")]
    [InlineData("blue-Gazelle-Orbit-77")]
    public void Strong_passwords_pass(string password) => Assert.Empty(Errors(password));

    [Theory]
    [InlineData("", "is required.")]
    [InlineData("short1!", "at least 10")]
    [InlineData("xalicex-2024-zz", "must not contain the user id")]
    [InlineData("XALICEX-2024-ZZ", "must not contain the user id")]
    [InlineData("aaaaaaaaaaaaa", "4 different characters")]
    [InlineData("1234567890", "too common")]
    [InlineData("qwertyuiop", "too common")]
    [InlineData("Password2024!", "too common")]
    [InlineData("2024password", "too common")]
    [InlineData("iloveyou123", "too common")]
    [InlineData("1q2w3e4r5t", "too common")]
    public void Weak_passwords_are_refused_with_a_reason(string password, string reason) =>
        Assert.Contains(Errors(password), message => message.Contains(reason, StringComparison.Ordinal));

    [Fact]
    public void Overlong_passwords_are_refused_before_hashing_costs_anything() =>
        Assert.Contains(Errors(new string('x', 64) + new string('y', 65)), m => m.Contains("at most 128", StringComparison.Ordinal));

    [Fact]
    public void Common_words_inside_a_longer_passphrase_are_allowed() =>
        Assert.False(CommonPasswords.IsCommon("dragonfruit smoothie tuesday"));

    [Fact]
    public void A_password_from_deep_in_the_breached_list_is_refused_in_any_case()
    {
        var entries = BreachedEntries();
        var rank = entries.IndexOf("productid20f") + 1;

        Assert.True(entries.Count >= 100_000, $"{entries.Count} entries");
        Assert.Equal(entries.Count, entries.Distinct(StringComparer.Ordinal).Count());
        Assert.True(rank > 50_000, $"rank {rank}");
        Assert.True(CommonPasswords.IsCommon("productid20f"));
        Assert.Contains(Errors("ProductId20F"), m => m.Contains("too common", StringComparison.Ordinal));
        Assert.True(CommonPasswords.IsCommon(entries[^1]));
        Assert.False(CommonPasswords.IsCommon("productid20f-lantern"));
    }

    /// <summary>The embedded list as shipped: the header up to the first empty line, then one entry per line.</summary>
    private static List<string> BreachedEntries()
    {
        using var stream = typeof(CommonPasswords).Assembly.GetManifestResourceStream(CommonPasswords.BreachedResource)!;
        using var reader = new StreamReader(new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionMode.Decompress));
        var lines = reader.ReadToEnd().Split('\n');
        Assert.StartsWith("# ", lines[0], StringComparison.Ordinal);
        return lines.SkipWhile(l => l.Length > 0).Skip(1).Where(l => l.Length > 0).ToList();
    }

    private static string[] Errors(string password)
    {
        var errors = new FieldErrors();
        PasswordPolicy.Validate(errors, "password", password, Alice);
        return errors.Any ? errors.ToError().FieldErrors!["password"] : [];
    }
}
