using System.Net;
using System.Net.Sockets;
using Festa.TestSupport;

namespace Festa.Stores.Tests.Table;

/// <summary>`dotnet test` without test.sh (as an IDE runs it) gets told what to start, not "Connection refused".</summary>
public sealed class EmulatorHintTests
{
    private const string DevKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Fact]
    public async Task Without_a_running_Azurite_starting_an_instance_says_how_to_start_the_emulators()
    {
        var port = ClosedPort();
        var nowhere = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevKey};" +
            $"BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => FestaInstance.StartAsync(TestSettings.ForTables(TestStorage.NewTablePrefix()).With("FestaStorage", nowhere)));

        Assert.Equal(TestStorage.StartEmulatorsHint, error.Message);
        Assert.Contains("start the emulators with ./test.sh", error.Message, StringComparison.Ordinal);
        Assert.Contains("set FESTA_TEST_STORAGE", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.InnerException); // the original failure stays attached
    }

    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
