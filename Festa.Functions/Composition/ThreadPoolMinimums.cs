namespace Festa.Functions.Composition;

/// <summary>
/// Raises the thread pool's minimum worker threads at start. The pool creates threads up to its minimum at once and
/// beyond it only slowly (hill climbing, starvation injection about twice a second). Password hashing holds up to
/// <c>Festa:Passwords:MaxConcurrency</c> threads busy for ~0.3 s each (BoundedPasswordHasher); with the minimum at
/// the core count, a burst of logins at cold start could occupy every thread the pool hands out immediately, and the
/// host's HTTP hand-off (15 s) would time out (issue 19; worker issues 2610, 3100). So the minimum leaves room for
/// the hashing slots plus the usual one thread per core for everything else.
/// </summary>
public static class ThreadPoolMinimums
{
    /// <returns>The minimum worker threads now in effect.</returns>
    public static int Raise(int hashingSlots)
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        var wanted = hashingSlots + (4 * Environment.ProcessorCount);
        if (wanted > workers)
        {
            ThreadPool.SetMinThreads(wanted, io);
        }

        ThreadPool.GetMinThreads(out workers, out _);
        return workers;
    }
}
