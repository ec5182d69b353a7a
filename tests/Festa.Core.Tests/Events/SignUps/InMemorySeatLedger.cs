using System.Collections.Concurrent;
using Festa.Core.Events;
using Festa.Core.Events.SignUps.Ledger;
using Festa.Core.Events.Waitlist;
using Festa.Core.Members;

namespace Festa.Core.Tests.Events.SignUps;

/// <summary>
/// A ledger in memory, for deterministic tests of the group-commit policy (tests only). It keeps the same
/// transaction semantics the store contract suite proves for Table Storage and Cosmos DB — a counter that moved
/// or lacks room fails the commit, a member who holds a record fails it at that claim's index, all or nothing —
/// and lets a test hold reads at a gate, count transactions and inject faults.
/// </summary>
internal sealed partial class InMemorySeatLedger(int maxClaimsPerCommit = 98) : ISeatLedger
{
    private readonly Lock _lock = new();
    private readonly Dictionary<EventId, Book> _books = [];
    private readonly HashSet<(UserId, EventId)> _index = [];

    public int MaxClaimsPerCommit { get; } = maxClaimsPerCommit;

    /// <summary>Awaited by every read before it reads (a test holds it to let requests pile up).</summary>
    public Func<Task> BeforeRead { get; set; } = () => Task.CompletedTask;

    /// <summary>Sizes of the commits that reached the ledger, committed or not.</summary>
    public ConcurrentQueue<int> CommitSizes { get; } = new();

    public int Reads => _reads;

    /// <summary>Commits still to fail with "counter changed" before they reach the books.</summary>
    public int ConflictsToInject { get; set; }

    /// <summary>Commits still to apply and then throw this (an answer lost after the store committed).</summary>
    public Queue<Exception> FaultsAfterCommit { get; } = new();

    private int _reads;

    public void Add(FestaEvent e, int counters = 1)
    {
        lock (_lock)
        {
            var book = new Book(e);
            for (var i = 0; i < counters; i++)
            {
                book.Counters.Add(new SeatCounter(i, 0, (e.Capacity / counters) + (i < e.Capacity % counters ? 1 : 0), "0"));
            }

            _books[e.Id] = book;
        }
    }

    /// <summary>Seats taken on each counter, by counter index.</summary>
    public int[] TakenPerCounter(EventId id)
    {
        lock (_lock)
        {
            return _books[id].Counters.Select(c => c.Taken).ToArray();
        }
    }

    /// <summary>Records and Σ taken of an event, read atomically.</summary>
    public (IReadOnlyList<SeatRecord> Records, int Taken) Snapshot(EventId id)
    {
        lock (_lock)
        {
            var book = _books[id];
            return (book.Records.Values.ToList(), book.Counters.Sum(c => c.Taken));
        }
    }

    public void Seed(EventId id, UserId member, string requestId = "seeded")
    {
        lock (_lock)
        {
            var book = _books[id];
            book.Records[member] = new SeatRecord(member, DateTimeOffset.UnixEpoch, requestId, "1");
            _index.Add((member, id));
            book.Counters[0] = book.Counters[0] with { Taken = book.Counters[0].Taken + 1, Version = NextVersion(book) };
        }
    }

    public async Task<SeatLedgerState?> ReadAsync(EventId eventId, CancellationToken cancellationToken)
    {
        await BeforeRead();
        Interlocked.Increment(ref _reads);
        lock (_lock)
        {
            return _books.TryGetValue(eventId, out var book) ? new SeatLedgerState(book.Event, book.Counters.ToList(), book.WaitlistState()) : null;
        }
    }

    public async Task<SeatCommit> CommitAsync(EventId eventId, SeatCounter counter, IReadOnlyList<SeatClaim> claims, CancellationToken cancellationToken)
    {
        await Task.Yield();
        CommitSizes.Enqueue(claims.Count);
        Exception? after;
        SeatCommit result;
        lock (_lock)
        {
            if (ConflictsToInject > 0)
            {
                ConflictsToInject--;
                return SeatCommit.CounterChanged;
            }

            if (!_books.TryGetValue(eventId, out var book) || book.Counters[counter.Index] is var current && current != counter ||
                counter.Taken + claims.Count > counter.Capacity)
            {
                return SeatCommit.CounterChanged;
            }

            for (var i = 0; i < claims.Count; i++)
            {
                if (book.Records.ContainsKey(claims[i].MemberId) || claims.Take(i).Any(c => c.MemberId == claims[i].MemberId))
                {
                    return SeatCommit.ClaimExists(i);
                }
            }

            foreach (var claim in claims)
            {
                book.Records[claim.MemberId] = new SeatRecord(claim.MemberId, claim.At, claim.RequestId, NextVersion(book));
            }

            book.Counters[counter.Index] = counter with { Taken = counter.Taken + claims.Count, Version = NextVersion(book) };
            after = FaultsAfterCommit.TryDequeue(out var fault) ? fault : null;
            result = SeatCommit.Committed;
        }

        return after is null ? result : throw after;
    }

    public async Task<SeatCommit> ReleaseAsync(EventId eventId, SeatCounter counter, SeatRecord record, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_lock)
        {
            if (!_books.TryGetValue(eventId, out var book) || book.Counters[counter.Index] != counter || counter.Taken == 0)
            {
                return SeatCommit.CounterChanged;
            }

            if (!book.Records.TryGetValue(record.MemberId, out var held) || held.Version != record.Version)
            {
                return SeatCommit.ClaimExists(0);
            }

            book.Records.Remove(record.MemberId);
            book.Counters[counter.Index] = counter with { Taken = counter.Taken - 1, Version = NextVersion(book) };
            return SeatCommit.Committed;
        }
    }

    public async Task<SeatRecord?> FindAsync(EventId eventId, UserId memberId, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_lock)
        {
            return _books.TryGetValue(eventId, out var book) ? book.Records.GetValueOrDefault(memberId) : null;
        }
    }

    /// <summary>"My sign-ups" hints written (store requests in the member's partition).</summary>
    public int IndexWrites { get; private set; }

    /// <summary>Members whose sign-up gate is closed (withdrawing): their hints are refused. Without an entry: no gate, as on Cosmos DB.</summary>
    public HashSet<UserId> ClosedGates { get; } = [];

    public Task<HintWrite> IndexAsync(UserId memberId, FestaEvent festaEvent, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (ClosedGates.Contains(memberId))
            {
                return Task.FromResult(HintWrite.GateClosed);
            }

            IndexWrites++;
            _index.Add((memberId, festaEvent.Id));
        }

        return Task.FromResult(HintWrite.Ungated);
    }

    public Task<bool> IsIndexedAsync(UserId memberId, EventId eventId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_index.Contains((memberId, eventId)));
        }
    }

    public Task<StorePage<SignUpRecord>> ListParticipantsAsync(EventId eventId, string? after, int limit, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Listing is the store adapters' (contract suite), not the group-commit policy's.");

    public Task<IReadOnlyList<(FestaEvent Event, DateTimeOffset SignedUpAt)>> ListOfMemberAsync(UserId memberId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Listing is the store adapters' (contract suite), not the group-commit policy's.");

    private static string NextVersion(Book book) => (++book.Version).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed class Book(FestaEvent e)
    {
        public FestaEvent Event { get; } = e;

        /// <summary>Waiting entries by sequence (first come first), and the list's next sequence and version.</summary>
        public SortedDictionary<long, WaitingEntry> Waiting { get; } = [];

        public long WaitNext { get; set; }

        public long WaitVersion { get; set; }

        public WaitlistState WaitlistState() => new(WaitNext, Waiting.Count, WaitVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));

        public List<SeatCounter> Counters { get; } = [];

        public Dictionary<UserId, SeatRecord> Records { get; } = [];

        public long Version { get; set; }
    }
}

/// <summary>Treats <see cref="TimeoutException"/> as a transient store fault, as the adapters' classifiers do.</summary>
internal sealed class TestTransientClassifier : ITransientFailureClassifier
{
    public bool IsTransient(Exception exception) => exception is TimeoutException;
}
