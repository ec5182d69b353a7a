using Festa.Core.Members;

namespace Festa.Core.Tests.Members;

public sealed class UserIdTests
{
    [Theory]
    [InlineData("abcd", "abcd")]
    [InlineData("Alice_01", "alice_01")]
    [InlineData("a-b-c-d-e-f-g-h-i-j-", "a-b-c-d-e-f-g-h-i-j-")]
    public void Valid_ids_are_normalized_to_lower_case(string raw, string expected)
    {
        Assert.True(UserId.TryParse(raw, out var id));
        Assert.Equal(expected, id.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("abcdefghijklmnopqrstu")]
    [InlineData("has space")]
    [InlineData("dot.ted")]
    [InlineData("slash/es")]
    [InlineData("ünïcode")]
    [InlineData("emoji😀x")]
    [InlineData("tab\tbed")]
    [InlineData("quote'd")]
    public void Invalid_ids_are_refused(string? raw) => Assert.False(UserId.TryParse(raw, out _));

    [Fact]
    public void Ids_differing_only_in_case_are_the_same_id()
    {
        Assert.True(UserId.TryParse("FestaFan", out var upper));
        Assert.True(UserId.TryParse("festafan", out var lower));
        Assert.Equal(lower, upper);
        Assert.Equal("festafan", upper.Value); // stored and compared in lower case
    }
}
