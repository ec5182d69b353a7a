using Festa.Core.Common;
using Festa.Core.Members;

namespace Festa.Core.Tests.Members;

public sealed class ContactRulesTests
{
    [Theory]
    [InlineData("ana@example.com")]
    [InlineData("first.last+tag@sub.example.co.kr")]
    public void Valid_emails_pass(string email)
    {
        var errors = new FieldErrors();
        Assert.Equal(email, ContactRules.Email(errors, email));
        Assert.False(errors.Any);
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("Ana <ana@example.com>")]
    [InlineData("ana@localhost")]
    [InlineData("ana@example.")]
    [InlineData("ana@@example.com")]
    public void Invalid_emails_are_refused(string email)
    {
        var errors = new FieldErrors();
        Assert.Null(ContactRules.Email(errors, email));
        Assert.True(errors.Any);
    }

    [Theory]
    [InlineData("+82 10-1234-5678", true)]
    [InlineData("(02) 555 0199", true)]
    [InlineData("12345", false)]
    [InlineData("call me maybe", false)]
    [InlineData("+1 555 0100 ext. 2", false)]
    public void Phones_need_digits_and_only_phone_punctuation(string phone, bool valid)
    {
        var errors = new FieldErrors();
        ContactRules.Phone(errors, phone);
        Assert.Equal(valid, !errors.Any);
    }

    [Fact]
    public void Control_characters_are_refused_in_names()
    {
        var errors = new FieldErrors();
        Assert.Null(ContactRules.Name(errors, "Ana\u0000Null"));
        Assert.True(errors.Any);
    }
}
