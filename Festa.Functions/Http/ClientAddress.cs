using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Http;

namespace Festa.Functions.Http;

/// <summary>
/// The address a request came from, for per-client rate limits. What reaches the worker (docs/security.md,
/// "Client address"): on Azure the platform's front end appends the connecting client's address to
/// <c>X-Forwarded-For</c> and the Functions host passes the header on to the worker over loopback. The worker's ASP.NET
/// Core integration runs ASP.NET Core's forwarded-headers middleware (loopback is a known proxy, one hop), which moves
/// the rightmost entry into <see cref="ConnectionInfo.RemoteIpAddress"/> and the consumed value into
/// <c>X-Original-For</c>. Without that, <see cref="ConnectionInfo.RemoteIpAddress"/> is the host's loopback proxy.
/// <para>With <see cref="HttpOptions.TrustForwardedFor"/> off (the default), only the connection's address is used. With it on:
/// when the worker already applied the header (<c>X-Original-For</c> present) the connection's address; otherwise
/// the rightmost <c>X-Forwarded-For</c> entry, the one the trusted proxy appended. Entries to its left were sent by the
/// client and are never used, so a client cannot pick its own counter.</para>
/// </summary>
public sealed class ClientAddress(IOptions<HttpOptions> options)
{
    public const string ForwardedFor = "X-Forwarded-For";
    public const string OriginalFor = "X-Original-For";

    public string Of(HttpRequest request)
    {
        var connection = request.HttpContext.Connection.RemoteIpAddress;
        if (options.Value.TrustForwardedFor && !request.Headers.ContainsKey(OriginalFor) &&
            Rightmost(request.Headers[ForwardedFor].ToString()) is { } forwarded)
        {
            return forwarded.ToString();
        }

        return connection is null ? "unknown" : (connection.IsIPv4MappedToIPv6 ? connection.MapToIPv4() : connection).ToString();
    }

    /// <summary>The last entry of an X-Forwarded-For list, without a port ("1.2.3.4:5678", "[::1]:80").</summary>
    private static IPAddress? Rightmost(string header)
    {
        var last = header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (last is null)
        {
            return null;
        }

        if (IPEndPoint.TryParse(last, out var endpoint))
        {
            return endpoint.Address.IsIPv4MappedToIPv6 ? endpoint.Address.MapToIPv4() : endpoint.Address;
        }

        return IPAddress.TryParse(last.Trim('[', ']'), out var address) ? address : null;
    }
}
