using Festa.Core.Auth.Sessions;
using Festa.Core.Members;
using Microsoft.Extensions.Options;

namespace Festa.Core.Tests.Auth;

public sealed class SessionLifetimeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private readonly SessionLifetime _lifetime = new(Options.Create(new SessionOptions()));

    private Session NewSession() =>
        _lifetime.Start(new SessionId(new string('a', 64)), UserId.FromTrusted("alice"), Role.Member, "agent", T0);

    [Fact]
    public void A_new_session_ends_after_thirty_idle_minutes_and_twelve_hours_at_most()
    {
        var session = NewSession();
        Assert.Equal(T0.AddMinutes(30), session.IdleExpiresAt);
        Assert.Equal(T0.AddHours(12), session.AbsoluteExpiresAt);
        Assert.True(session.IsActiveAt(T0.AddMinutes(29)));
        Assert.False(session.IsActiveAt(T0.AddMinutes(30)));
    }

    [Fact]
    public void Refresh_is_due_only_after_the_refresh_interval()
    {
        var session = NewSession();
        Assert.False(_lifetime.IsDueForRefresh(session, T0.AddMinutes(4)));
        Assert.True(_lifetime.IsDueForRefresh(session, T0.AddMinutes(5)));
    }

    [Fact]
    public void Refreshing_slides_the_idle_expiry_but_never_past_the_absolute_expiry()
    {
        var session = NewSession();
        var refreshed = _lifetime.Refreshed(session, T0.AddMinutes(20));
        Assert.Equal(T0.AddMinutes(50), refreshed.IdleExpiresAt);

        var late = _lifetime.Refreshed(session, T0.AddHours(11).AddMinutes(50));
        Assert.Equal(session.AbsoluteExpiresAt, late.IdleExpiresAt);
        Assert.False(_lifetime.IsDueForRefresh(late, T0.AddHours(11).AddMinutes(58)));
    }

    [Fact]
    public void An_active_session_dies_at_its_absolute_expiry()
    {
        var session = NewSession();
        for (var t = T0; t < T0.AddHours(12); t = t.AddMinutes(10))
        {
            Assert.True(session.IsActiveAt(t));
            session = _lifetime.Refreshed(session, t);
        }

        Assert.False(session.IsActiveAt(T0.AddHours(12)));
    }

    [Fact]
    public void User_agents_are_truncated_and_cleaned()
    {
        var session = _lifetime.Start(new SessionId(new string('b', 64)), UserId.FromTrusted("alice"), Role.Member,
            "evil\r\nheader" + new string('x', 1000), T0);
        Assert.Equal(Session.UserAgentMaxLength, session.UserAgent!.Length);
        Assert.DoesNotContain('\n', session.UserAgent);
    }

    [Theory]
    [InlineData("00:00:30", "12:00:00", "00:00:10")]
    [InlineData("00:30:00", "00:10:00", "00:05:00")]
    [InlineData("00:30:00", "12:00:00", "00:30:00")]
    public void Inconsistent_timeouts_are_rejected(string idle, string absolute, string refresh)
    {
        var options = new SessionOptions
        {
            IdleTimeout = TimeSpan.Parse(idle, System.Globalization.CultureInfo.InvariantCulture),
            AbsoluteTimeout = TimeSpan.Parse(absolute, System.Globalization.CultureInfo.InvariantCulture),
            RefreshInterval = TimeSpan.Parse(refresh, System.Globalization.CultureInfo.InvariantCulture),
        };
        Assert.NotEmpty(options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)));
    }
}
