using System.Globalization;

namespace Festa.Bench;

/// <summary>
/// Command-line knobs. <c>--quick</c> is the smoke mode. Results go to bench/out/ (untracked) unless <c>--out</c> and
/// <c>--out-json</c> name files (the committed bench/results.md and bench/results.json are written that way).
/// </summary>
public sealed record BenchOptions(int Applicants, int Instances, int Seats, int Samples, int[] ScaleSteps, int Pairs,
    string? Output, string? JsonOutput, int HashingLogins = 64)
{
    public static BenchOptions Default { get; } =
        new(2_000, 4, 100, 400, [1, 2, 4, 8], 3, Path.Combine("bench", "out", "results.md"), Path.Combine("bench", "out", "results.json"));

    public static BenchOptions Quick { get; } = Default with { Applicants = 200, Seats = 20, Samples = 40, ScaleSteps = [1, 4], Pairs = 1 };

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
                "--pairs" => options with { Pairs = Int(args[i + 1]) },
                "--hashing-logins" => options with { HashingLogins = Int(args[i + 1]) },
                "--out" => options with { Output = args[i + 1] == "-" ? null : args[i + 1] },
                "--out-json" => options with { JsonOutput = args[i + 1] == "-" ? null : args[i + 1] },
                _ => options,
            };
        }

        return options;
    }

    private static int Int(string value) => int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
}
