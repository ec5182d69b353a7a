using System.Globalization;

namespace Festa.AzureStorage.Tables.Events;

/// <summary>
/// An event's seats, split into up to <see cref="MaxPools"/> counter rows of at least <see cref="MinSeatsPerPool"/>
/// seats, so that the group commits of several instances mostly touch different rows while each row still
/// holds enough seats for a large group. A pool row's key encodes its whole state —
/// <c>pool.{index:D2}.{taken:D6}.{capacity:D6}</c> — so taking a seat is "delete this exact row, insert its
/// successor": both operations fail when another writer got there first (404 / 409), on Azure and on
/// Azurite alike, without relying on If-Match inside a batch. See docs/concurrency.md.
/// </summary>
internal sealed record SeatPool(int Index, int Taken, int Capacity)
{
    public const string Prefix = "pool.";
    public const string PrefixEnd = "pool/";
    /// <summary>
    /// 16 keeps the read every sign-up round makes (event row + pools) at ≤ 17 entities and a capacity change
    /// (event row + 16 deletes + 16 inserts) within one 100-operation batch.
    /// </summary>
    public const int MaxPools = 16;

    /// <summary>A pool smaller than this would split one group commit over many transactions.</summary>
    public const int MinSeatsPerPool = 25;

    public string RowKey => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Index:D2}.{Taken:D6}.{Capacity:D6}");

    public bool HasRoom => Taken < Capacity;

    public static bool TryParse(string rowKey, out SeatPool pool)
    {
        pool = null!;
        var parts = rowKey.Split('.');
        if (parts.Length != 4 || parts[0] != "pool" ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var index) ||
            !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var taken) ||
            !int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var capacity))
        {
            return false;
        }

        pool = new SeatPool(index, taken, capacity);
        return true;
    }

    /// <summary>
    /// Pools for a capacity with <paramref name="taken"/> seats already taken: capacity spread evenly,
    /// taken seats filling pools in order (any layout with taken ≤ capacity per pool is valid).
    /// </summary>
    public static IReadOnlyList<SeatPool> Layout(int capacity, int taken)
    {
        var count = Math.Clamp((capacity + MinSeatsPerPool - 1) / MinSeatsPerPool, 1, MaxPools);
        var pools = new List<SeatPool>(count);
        var left = taken;
        for (var i = 0; i < count; i++)
        {
            var poolCapacity = (capacity / count) + (i < capacity % count ? 1 : 0);
            var poolTaken = Math.Min(poolCapacity, left);
            left -= poolTaken;
            pools.Add(new SeatPool(i, poolTaken, poolCapacity));
        }

        return left == 0 ? pools : throw new ArgumentOutOfRangeException(nameof(taken), "More seats taken than the capacity holds.");
    }
}
