using System.Globalization;
using Festa.Core.RateLimiting;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Festa.Functions.Http.Pipeline;

/// <summary>
/// Applies the route's rate limits (<see cref="RoutePolicies"/>) before the function runs: each takes a permit from
/// its store-backed counter (<see cref="RateLimiter"/>), so the limit holds across every instance. A refusal is
/// 429 with <c>Retry-After</c> (seconds until the window ends, RFC 9110 §10.2.3) and a <c>rate-limited</c> problem;
/// permits already taken for that request are given back, so refused requests do not count.
/// </summary>
public sealed class RateLimitStep(RateLimiter limiter, RequestAuthenticator auth, ClientAddress clients, IOptions<RateLimitOptions> options)
    : IHttpStep
{
    public async Task<IActionResult?> InvokeAsync(HttpInvocation invocation, HttpStepDelegate next)
    {
        var limits = RoutePolicies.RateLimitsOf(invocation.FunctionName);
        var leases = new List<RateLimitLease>();
        foreach (var limit in limits)
        {
            var subject = await SubjectAsync(limit.Subject, invocation);
            if (subject is null)
            {
                continue;
            }

            var decision = await limiter.AcquireAsync(limit.Policy, subject, invocation.Aborted);
            if (!decision.Acquired)
            {
                foreach (var lease in leases)
                {
                    await limiter.ReleaseAsync(lease, invocation.Aborted);
                }

                return Refused(invocation.Request, limit.Policy, decision.RetryAfter);
            }

            if (decision.Lease is { } taken)
            {
                leases.Add(taken);
            }
        }

        return await next(invocation);
    }

    private async Task<string?> SubjectAsync(RateLimitSubject subject, HttpInvocation invocation) => subject switch
    {
        RateLimitSubject.ClientAddress => clients.Of(invocation.Request),
        _ => await auth.AuthenticateAsync(invocation.Request, invocation.Aborted) is { IsSuccess: true } caller
            ? caller.Value.MemberId.Value
            : null,
    };

    private ApiResult Refused(HttpRequest request, RateLimitPolicy policy, TimeSpan retryAfter)
    {
        var settings = options.Value.For(policy);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        return Problems.Create(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests; try again later.",
                $"At most {settings.PermitLimit} per {settings.Window:c} ({policy}); try again in {seconds} s.", request)
            .WithHeader("Retry-After", seconds.ToString(CultureInfo.InvariantCulture));
    }
}
