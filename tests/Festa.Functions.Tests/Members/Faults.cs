using Festa.Core.Auth.Sessions;
using Festa.Core.Common;
using Festa.Core.Events;
using Festa.Core.Members;
using Microsoft.Extensions.DependencyInjection;

namespace Festa.Functions.Tests.Members;

/// <summary>
/// Injected store failures for one instance: decorators of the session and sign-up ports that throw a 503-like
/// store error for the next N calls of one operation (before doing anything), as a store outage half-way through
/// a multi-step operation would.
/// </summary>
internal sealed class Faults
{
    private int _failRevocations;
    private int _failSessionDeletions;
    private int _failCancels;

    /// <summary>The next N <see cref="ISessionStore.DeleteAllOfMemberAsync"/> calls fail.</summary>
    public int FailRevocations { set => Volatile.Write(ref _failRevocations, value); }

    /// <summary>The next N <see cref="ISessionStore.DeleteAsync"/> calls fail.</summary>
    public int FailSessionDeletions { set => Volatile.Write(ref _failSessionDeletions, value); }

    /// <summary>The next N <see cref="ISignUpStore.CancelAsync"/> calls fail.</summary>
    public int FailCancels { set => Volatile.Write(ref _failCancels, value); }

    public void AddTo(IServiceCollection services)
    {
        Decorate<ISessionStore>(services, inner => new FaultySessionStore(inner, this));
        Decorate<ISignUpStore>(services, inner => new FaultySignUpStore(inner, this));
    }

    private static void Decorate<T>(IServiceCollection services, Func<T, T> wrap)
        where T : class
    {
        var original = services.Last(d => d.ServiceType == typeof(T));
        services.Remove(original);
        services.AddSingleton(provider => wrap((T)(original.ImplementationInstance
            ?? original.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, original.ImplementationType!))));
    }

    private static void Trip(ref int remaining)
    {
        if (Interlocked.Decrement(ref remaining) >= 0)
        {
            throw new Azure.RequestFailedException(503, "Injected store failure.");
        }
    }

    private sealed class FaultySessionStore(ISessionStore inner, Faults faults) : ISessionStore
    {
        public Task AddAsync(Session session, CancellationToken cancellationToken) => inner.AddAsync(session, cancellationToken);

        public Task<Versioned<Session>?> FindAsync(SessionId id, CancellationToken cancellationToken) => inner.FindAsync(id, cancellationToken);

        public Task<TouchOutcome> TouchAsync(Session refreshed, string version, CancellationToken cancellationToken) =>
            inner.TouchAsync(refreshed, version, cancellationToken);

        public Task DeleteAsync(SessionId id, UserId memberId, CancellationToken cancellationToken)
        {
            Trip(ref faults._failSessionDeletions);
            return inner.DeleteAsync(id, memberId, cancellationToken);
        }

        public Task<Festa.Core.Events.StorePage<Session>> ListByMemberAsync(UserId memberId, string? after, int limit, CancellationToken cancellationToken) =>
            inner.ListByMemberAsync(memberId, after, limit, cancellationToken);

        public Task<IReadOnlyList<SessionIndexEntry>> ListIndexAsync(UserId memberId, CancellationToken cancellationToken) =>
            inner.ListIndexAsync(memberId, cancellationToken);

        public Task<int> DeleteAllOfMemberAsync(UserId memberId, SessionId? keep, CancellationToken cancellationToken)
        {
            Trip(ref faults._failRevocations);
            return inner.DeleteAllOfMemberAsync(memberId, keep, cancellationToken);
        }

        public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) => inner.DeleteExpiredAsync(now, cancellationToken);
    }

    private sealed class FaultySignUpStore(ISignUpStore inner, Faults faults) : ISignUpStore
    {
        public Task<SignUpOutcome> SignUpAsync(EventId eventId, UserId memberId, DateTimeOffset now, CancellationToken cancellationToken, string? requestId = null) =>
            inner.SignUpAsync(eventId, memberId, now, cancellationToken, requestId);

        public Task<CancelOutcome> CancelAsync(EventId eventId, UserId memberId, DateTimeOffset now, CancellationToken cancellationToken)
        {
            Trip(ref faults._failCancels);
            return inner.CancelAsync(eventId, memberId, now, cancellationToken);
        }

        public Task<StorePage<SignUpRecord>> ListParticipantsAsync(EventId eventId, string? after, int limit, CancellationToken cancellationToken) =>
            inner.ListParticipantsAsync(eventId, after, limit, cancellationToken);

        public Task<IReadOnlyList<(FestaEvent Event, DateTimeOffset SignedUpAt)>> ListOfMemberAsync(UserId memberId, CancellationToken cancellationToken) =>
            inner.ListOfMemberAsync(memberId, cancellationToken);
    }
}
