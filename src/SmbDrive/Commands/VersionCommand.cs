using System.Reflection;

namespace SmbDrive.Commands;

/// <summary><c>smbdrive version</c> / <c>--version</c>: the informational version, which the build takes from
/// Version in Directory.Build.props (plus the source revision when the SDK knows it). Needs no configuration,
/// so it works even when appsettings.json is broken.</summary>
internal sealed class VersionCommand
{
    public static string Text
    {
        get
        {
            var assembly = typeof(VersionCommand).Assembly;
            string version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? assembly.GetName().Version?.ToString() ?? "unknown";
            return $"smbdrive {version}";
        }
    }

    public async Task<int> RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteAsync(Text + "\n");
        await output.FlushAsync(cancellationToken);
        return 0;
    }
}
