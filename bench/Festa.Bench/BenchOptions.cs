using System.Globalization;

namespace Festa.Bench;

/// <summary>Command-line knobs. <c>--quick</c> is the smoke mode the test suite runs.</summary>
public sealed record BenchOptions(int Applicants, int Instances, int Seats, int Samples, int[] ScaleSteps, string? Output)
{
    public static BenchOptions Default { get; } = new(2_000, 4, 100, 400, [1, 2, 4, 8], Path.Combine("bench", "results.md"));

    public static BenchOptions Quick { get; } = new(40, 2, 10, 20, [1, 2], null);

    public static BenchOptions Parse(string[] args)
    {
        var options = args.Contains("--quick") ? Quick : Default;
        for (var i = 0; i < args.Length - 1; i++)
        {
            options = args[i] switch
            {
                "--applicants" => options with { Applicants = Int(args[i + 1]) },
                "--instances" => options with { Instances = Int(args[i + 1]) },
                "--seats" => options with { Seats = Int(args[i + 1]) },
                "--samples" => options with { Samples = Int(args[i + 1]) },
                "--out" => options with { Output = args[i + 1] == "-" ? null : args[i + 1] },
                _ => options,
            };
        }

        return options;
    }

    private static int Int(string value) => int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
}
