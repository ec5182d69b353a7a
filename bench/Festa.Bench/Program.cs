using Festa.Bench;

// Usage: bench/run.sh [--quick] [--applicants N] [--instances M] [--seats S] [--samples K] [--pairs P]
//                     [--hashing-logins L] [--out FILE|-] [--out-json FILE|-]
var options = BenchOptions.Parse(args);
var (report, json) = await BenchRunner.RunAsync(options, section => Console.Error.WriteLine($"… {section}"));
Console.WriteLine(report);
foreach (var (path, text) in new[] { (options.Output, report), (options.JsonOutput, json) })
{
    if (path is not null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, text);
        Console.Error.WriteLine($"Written to {path}");
    }
}
