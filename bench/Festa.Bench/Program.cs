using Festa.Bench;

// Usage: bench/run.sh [--quick] [--applicants N] [--instances M] [--seats S] [--samples K] [--out FILE|-]
var options = BenchOptions.Parse(args);
var report = await BenchRunner.RunAsync(options, section => Console.Error.WriteLine($"… {section}"));
Console.WriteLine(report);
if (options.Output is { } output)
{
    await File.WriteAllTextAsync(output, report);
    Console.Error.WriteLine($"Written to {output}");
}
