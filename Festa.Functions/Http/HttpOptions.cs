using System.ComponentModel.DataAnnotations;

namespace Festa.Functions.Http;

/// <summary>Configuration section <c>Festa:Http</c>.</summary>
public sealed class HttpOptions
{
    public const string Section = "Festa:Http";

    /// <summary>
    /// The session cookie. The <c>__Host-</c> prefix makes browsers insist on Secure, Path=/ and no Domain,
    /// so a sibling subdomain cannot plant or overwrite it.
    /// </summary>
    [RegularExpression("^[A-Za-z0-9_\\-]+$|^__Host-[A-Za-z0-9_\\-]+$")]
    public string SessionCookieName { get; set; } = "__Host-festa-session";

    /// <summary>Largest JSON request body accepted; larger ones get 413.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxJsonBodyBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Take the client address for per-client rate limits from the platform's <c>X-Forwarded-For</c> (see
    /// <see cref="ClientAddress"/>). On in Azure (infra sets it), where the front end writes that header; off when
    /// nothing in front of the app can be trusted to.
    /// </summary>
    public bool TrustForwardedFor { get; set; }

    /// <summary>
    /// Browser origins (<c>scheme://host[:port]</c>, e.g. <c>https://festa.example.org</c>) whose pages may send unsafe
    /// (POST, PUT, PATCH, DELETE) requests authenticated by the session cookie; see <see cref="CrossSiteRequests"/>.
    /// The API's own origin is always allowed. Empty by default; the Bicep fills it from its CORS origins,
    /// local.settings.json with the local front end's.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];
}
