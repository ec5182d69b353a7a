namespace Festa.Core.Events.SignUps.Ledger;

/// <summary>One sign-up request in flight: its claim, arrival order, and the answer it waits for.</summary>
internal sealed class PendingSignUp(SeatClaim claim, long arrival)
{
    public SeatClaim Claim { get; } = claim;

    public long Arrival { get; } = arrival;

    /// <summary>Rounds lost to other writers (counter changed).</summary>
    public int Attempts { get; set; }

    /// <summary>A transaction carrying this request already failed with a transient fault (its outcome unknown).</summary>
    public bool Faulted { get; set; }

    /// <summary>Its "my sign-ups" hint is written (a request that loses a round does not write it again).</summary>
    public bool Indexed { get; set; }

    /// <summary>The hint went through the member's open sign-up gate (<see cref="ISignUpGate"/>): no member read after the commit.</summary>
    public bool Gated { get; set; }

    /// <summary>When the hint was written (this instance's clock): an old one is written again before a commit.</summary>
    public DateTimeOffset IndexedAt { get; set; }

    /// <summary>The event as the round that answered saw it (the opening time of a "not open yet").</summary>
    public FestaEvent? Event { get; set; }

    /// <summary>It was in a round and put back for another (a retry, not an arrival: it has waited once already).</summary>
    public bool PutBack { get; set; }

    /// <summary>The caller gave up; once back in the queue the request is dropped, not retried.</summary>
    public bool Withdrawn { get; set; }

    public TaskCompletionSource<SignUpOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// The sign-ups of one event waiting on this instance, in arrival order, and whether a leader is draining them.
/// Lives only while it holds requests (see <see cref="GroupCommitSignUpStore"/>).
/// </summary>
internal sealed class SignUpQueue(EventId eventId)
{
    private readonly SortedList<long, PendingSignUp> _waiting = [];
    private TaskCompletionSource? _gathered;
    private int _gatherTarget;
    private bool _leading;
    private bool _retired;

    public EventId EventId { get; } = eventId;

    private int _preferredCounter = -1;

    /// <summary>
    /// The counter this queue's last transaction committed to, tried first in the next round (-1: none; a lost race
    /// clears it). Instances that drew different counters keep to them, so they stop colliding; it is a choice among
    /// counters with room, never a reason to admit, and goes with the queue.
    /// </summary>
    public int PreferredCounter => Volatile.Read(ref _preferredCounter);

    public void Committed(int counter) => Volatile.Write(ref _preferredCounter, counter);

    public void LostRace(int counter) => Interlocked.CompareExchange(ref _preferredCounter, -1, counter);

    /// <summary>Adds the request; <paramref name="lead"/> is true when the caller must start the leader. False when retired.</summary>
    public bool TryAdd(PendingSignUp request, out bool lead)
    {
        lock (_waiting)
        {
            lead = false;
            if (_retired)
            {
                return false;
            }

            _waiting.Add(request.Arrival, request);
            lead = !_leading;
            _leading = true;
            if (_waiting.Count >= _gatherTarget)
            {
                EndGathering();
            }

            return true;
        }
    }

    /// <summary>Requests waiting for a round, and whether any of them was put back after a round (a retry, not an arrival).</summary>
    public (int Count, bool AnyPutBack) Waiting()
    {
        lock (_waiting)
        {
            return (_waiting.Count, _waiting.Values.Any(r => r.PutBack));
        }
    }

    /// <summary>
    /// Completes once at least <paramref name="count"/> requests wait (at once if they already do), or once none does
    /// (the callers gave up: nothing is left to gather for).
    /// </summary>
    public Task WhenWaitingAsync(int count)
    {
        lock (_waiting)
        {
            if (_waiting.Count >= count)
            {
                return Task.CompletedTask;
            }

            _gatherTarget = count;
            _gathered ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _gathered.Task;
        }
    }

    /// <summary>
    /// The next round: waiting requests in arrival order, each member at most once (a second request of the same
    /// member waits for the next round, where it meets the first one's record), at most <paramref name="max"/>.
    /// Empty when nothing waits; the queue then retires and takes no more requests.
    /// </summary>
    public List<PendingSignUp> TakeRound(int max)
    {
        lock (_waiting)
        {
            var round = new List<PendingSignUp>();
            var members = new HashSet<string>(StringComparer.Ordinal);
            foreach (var request in _waiting.Values.Where(r => r.Outcome.Task.IsCompleted).ToList())
            {
                _waiting.Remove(request.Arrival); // answered while waiting (withdrawn, or a fault): nothing left to do
            }

            foreach (var request in _waiting.Values)
            {
                if (round.Count == max)
                {
                    break;
                }

                if (members.Add(request.Claim.MemberId.Value))
                {
                    round.Add(request);
                }
            }

            foreach (var request in round)
            {
                _waiting.Remove(request.Arrival);
            }

            if (_waiting.Count == 0 && round.Count == 0)
            {
                _leading = false;
                _retired = true;
            }

            return round;
        }
    }

    /// <summary>
    /// The leader itself failed (outside a round): every waiting request is answered with the fault and the queue
    /// retires, so no request is left without a leader (a later one starts a fresh queue).
    /// </summary>
    public void Fail(Exception exception)
    {
        lock (_waiting)
        {
            foreach (var request in _waiting.Values)
            {
                request.Outcome.TrySetException(exception);
            }

            _waiting.Clear();
            _leading = false;
            _retired = true;
            EndGathering();
        }
    }

    /// <summary>Lets a gathering leader go on (under the lock).</summary>
    private void EndGathering()
    {
        _gathered?.TrySetResult();
        _gathered = null;
    }

    /// <summary>Puts requests back in their arrival places, ahead of later arrivals.</summary>
    public void Requeue(IEnumerable<PendingSignUp> requests)
    {
        lock (_waiting)
        {
            foreach (var request in requests)
            {
                if (request.Withdrawn)
                {
                    request.Outcome.TrySetCanceled();
                }
                else
                {
                    request.PutBack = true;
                    _waiting.TryAdd(request.Arrival, request);
                }
            }
        }
    }

    /// <summary>Whether the request waits here for a round (not in one now).</summary>
    public bool IsWaiting(PendingSignUp request)
    {
        lock (_waiting)
        {
            return _waiting.ContainsKey(request.Arrival);
        }
    }

    /// <summary>
    /// A caller that gave up: removed and cancelled if waiting; if in a round now, that round's outcome stands, but the
    /// request is not put back for another.
    /// </summary>
    public void Withdraw(PendingSignUp request)
    {
        lock (_waiting)
        {
            request.Withdrawn = true;
            if (_waiting.Remove(request.Arrival))
            {
                request.Outcome.TrySetCanceled();
                if (_waiting.Count == 0)
                {
                    EndGathering(); // a leader gathering for no one runs its (empty) round and retires
                }
            }
        }
    }
}
