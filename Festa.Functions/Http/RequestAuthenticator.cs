using Festa.Core.Auth.Authenticate;
using Festa.Core.Auth.Sessions;
using Festa.Core.Common;
using Microsoft.AspNetCore.Http;

namespace Festa.Functions.Http;

/// <summary>Resolves the caller of an HTTP request from its bearer token or session cookie.</summary>
public sealed class RequestAuthenticator(SessionTokenReader tokens, SessionAuthenticator authenticator)
{
    public Task<Result<CurrentSession>> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken) =>
        authenticator.AuthenticateAsync(tokens.Read(request), cancellationToken);
}
