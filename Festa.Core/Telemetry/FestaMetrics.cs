using System.Diagnostics.Metrics;
using Festa.Core.Auth.Sessions;
using Festa.Core.Events;
using Festa.Core.RateLimiting;

namespace Festa.Core.Telemetry;

/// <summary>
/// Festa's business counters, on the <see cref="MeterName"/> meter. Exporters subscribe by meter name
/// (in Azure the worker forwards them to Application Insights as pre-aggregated custom metrics). Adding to
/// a counter is lock-free and allocation-free (one constant tag), so the hot paths can afford it. Tag values
/// are a closed set: no member or event ids here, those go into logs.
/// </summary>
public sealed class FestaMetrics : IDisposable
{
    public const string MeterName = "Festa";

    /// <summary>Sign-up attempts that reached the store, by <see cref="OutcomeTag"/>.</summary>
    public const string SignUps = "festa.signups";

    /// <summary>Login attempts, by <see cref="OutcomeTag"/>: succeeded, failed, throttled.</summary>
    public const string Logins = "festa.logins";

    /// <summary>Sliding-expiry writes of sessions, by <see cref="OutcomeTag"/>.</summary>
    public const string SessionRefreshes = "festa.session.refreshes";

    /// <summary>Optimistic-concurrency writes that lost a race and were retried, by <see cref="OperationTag"/>.</summary>
    public const string StoreConflicts = "festa.store.conflicts";

    /// <summary>Requests refused by a rate limit, by <see cref="PolicyTag"/>.</summary>
    public const string RateLimitedRequests = "festa.ratelimit.refusals";

    public const string PolicyTag = "policy";

    public const string OutcomeTag = "outcome";
    public const string OperationTag = "operation";

    private readonly Meter? _ownMeter;
    private readonly Counter<long> _signUps;
    private readonly Counter<long> _logins;
    private readonly Counter<long> _sessionRefreshes;
    private readonly Counter<long> _storeConflicts;
    private readonly Counter<long> _rateLimited;

    /// <param name="meterFactory">The host's factory; without one (plain service collections) the meter is owned here.</param>
    public FestaMetrics(IMeterFactory? meterFactory = null)
    {
        Meter = meterFactory?.Create(MeterName) ?? (_ownMeter = new Meter(MeterName));
        _signUps = Meter.CreateCounter<long>(SignUps, "{sign-up}", "Sign-up attempts by outcome.");
        _logins = Meter.CreateCounter<long>(Logins, "{login}", "Login attempts by outcome.");
        _sessionRefreshes = Meter.CreateCounter<long>(SessionRefreshes, "{refresh}", "Session idle-expiry refreshes by outcome.");
        _storeConflicts = Meter.CreateCounter<long>(StoreConflicts, "{conflict}", "Store writes that lost a race and were retried.");
        _rateLimited = Meter.CreateCounter<long>(RateLimitedRequests, "{request}", "Requests refused by a rate limit, by policy.");
    }

    /// <summary>The meter the counters live on (one per service provider).</summary>
    public Meter Meter { get; }

    public void SignUp(SignUpOutcome outcome) => _signUps.Add(1, new KeyValuePair<string, object?>(OutcomeTag, outcome switch
    {
        SignUpOutcome.SignedUp => "signed_up",
        SignUpOutcome.AlreadySignedUp => "already_signed_up",
        SignUpOutcome.Full => "full",
        SignUpOutcome.Closed => "started",
        SignUpOutcome.NotYetOpen => "not_open",
        SignUpOutcome.WindowClosed => "window_closed",
        SignUpOutcome.Busy => "busy",
        SignUpOutcome.MemberLeaving => "member_leaving",
        _ => "not_found",
    }));

    public void LoginSucceeded() => _logins.Add(1, new KeyValuePair<string, object?>(OutcomeTag, "succeeded"));

    /// <summary>Wrong password, unknown or withdrawn account, or malformed credentials.</summary>
    public void LoginFailed() => _logins.Add(1, new KeyValuePair<string, object?>(OutcomeTag, "failed"));

    /// <summary>Refused without checking the password because the account is locked.</summary>
    public void LoginThrottled() => _logins.Add(1, new KeyValuePair<string, object?>(OutcomeTag, "throttled"));

    public void SessionRefresh(TouchOutcome outcome) => _sessionRefreshes.Add(1, new KeyValuePair<string, object?>(OutcomeTag, outcome switch
    {
        TouchOutcome.Refreshed => "refreshed",
        TouchOutcome.AlreadyRefreshed => "already_refreshed",
        _ => "gone",
    }));

    public void StoreConflict(StoreConflictSite site) => _storeConflicts.Add(1, new KeyValuePair<string, object?>(OperationTag, site switch
    {
        StoreConflictSite.SignUpSeat => "sign-up",
        StoreConflictSite.CancelSeat => "cancel",
        _ => "rate-limit",
    }));

    public void RateLimited(RateLimitPolicy policy) => _rateLimited.Add(1, new KeyValuePair<string, object?>(PolicyTag, policy.ToString()));

    public void Dispose() => _ownMeter?.Dispose();
}

/// <summary>Where an optimistic-concurrency write lost a race.</summary>
public enum StoreConflictSite
{
    /// <summary>A seat pool changed between reading it and taking a seat from it.</summary>
    SignUpSeat,

    /// <summary>A seat pool changed between reading it and giving a seat back.</summary>
    CancelSeat,

    /// <summary>Another request took a permit from the same rate-limit counter first.</summary>
    RateLimitCounter,
}
