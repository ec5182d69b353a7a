using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace Festa.TestSupport;

/// <summary>
/// Adds up the request charge (<c>x-ms-request-charge</c>, RU) and the number of Cosmos DB requests an
/// instance makes, as a request handler in the real client's pipeline (after the SDK's own retries, so a
/// throttled-then-retried request counts once, with the charge of its answer).
/// </summary>
public sealed class RequestUnitMeter : RequestHandler
{
    private long _milliRu;
    private int _requests;

    public double RequestUnits => Interlocked.Read(ref _milliRu) / 1000.0;

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Adds the meter to the Cosmos client an instance builds.</summary>
    public void AddTo(IServiceCollection services) => services.AddSingleton<RequestHandler>(this);

    public (double RequestUnits, int Requests) Reset() =>
        (Interlocked.Exchange(ref _milliRu, 0) / 1000.0, Interlocked.Exchange(ref _requests, 0));

    public override async Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        Interlocked.Add(ref _milliRu, (long)Math.Round(response.Headers.RequestCharge * 1000));
        Interlocked.Increment(ref _requests);
        return response;
    }
}
