using System.Text;
using SmbDrive.CommandLine;
using SmbDrive.Commands;

namespace SmbDrive.MountHelper;

/// <summary><c>smbdrive install-mount-helper [DIR]</c>: writes DIR/mount.smbdrive (DIR is /sbin unless given), a
/// two-line script that runs this smbdrive as the helper, so that <c>mount -t smbdrive</c> and /etc/fstab lines
/// of type smbdrive work. A script rather than a link: under <c>dotnet smbdrive.dll</c> the executable is the
/// dotnet host, which a link could not name.</summary>
internal sealed class InstallMountHelperCommand : ICommand
{
    public const string DefaultDirectory = "/sbin";

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux()) throw new UsageException("install-mount-helper is for Linux (mount -t smbdrive)");
        string directory = Path.GetFullPath(context.Args.Operands.Count > 0 ? context.Args.Operands[0] : DefaultDirectory,
            context.Environment.CurrentDirectory);
        if (!Directory.Exists(directory)) throw new UsageException($"install-mount-helper: {directory} is not a folder");
        string target = Path.Combine(directory, MountHelperCommand.Name);
        string temporary = target + ".tmp";
        await File.WriteAllTextAsync(temporary, Script(), new UTF8Encoding(false), cancellationToken);
        File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.Move(temporary, target, overwrite: true);
        await context.Environment.Out.WriteAsync($"installed {target}\n");
        await context.Environment.Out.FlushAsync(cancellationToken);
        return ExitCodes.Success;
    }

    /// <summary>The helper script: exec this executable (and its dll under the dotnet host) as mount.smbdrive.</summary>
    internal static string Script()
    {
        string self = Environment.ProcessPath ?? throw new MountFailedException("cannot find the smbdrive executable");
        var command = new StringBuilder("exec ").Append(Quote(self));
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            command.Append(' ').Append(Quote(Path.Combine(AppContext.BaseDirectory, "smbdrive.dll")));
        command.Append(' ').Append(MountHelperCommand.Name).Append(" \"$@\"");
        return "#!/bin/sh\n# mount -t smbdrive helper, written by smbdrive install-mount-helper.\n" + command + "\n";
    }

    /// <summary>Single quotes for sh: nothing inside is special except the quote itself.</summary>
    internal static string Quote(string text) => "'" + text.Replace("'", "'\\''") + "'";
}
