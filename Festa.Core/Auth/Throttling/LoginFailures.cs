namespace Festa.Core.Auth.Throttling;

/// <summary>The most recent failed logins of one account (at most the throttle limit, newest last).</summary>
public sealed record LoginFailures(IReadOnlyList<DateTimeOffset> Recent);
