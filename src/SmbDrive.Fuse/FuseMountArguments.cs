using System.Text;

namespace SmbDrive.Fuse;

/// <summary>The argument vector for fuse_new: libfuse takes the mount and library options the way its own
/// command line would (fuse_opt.h), "-o name=value,name,...".</summary>
internal static class FuseMountArguments
{
    public const string ProgramName = "smbdrive";

    /// <summary>Shown as fuse.smbdrive in /proc/mounts.</summary>
    public const string Subtype = "smbdrive";

    public static IReadOnlyList<string> Build(FuseMountOptions options, string fsName)
    {
        var mountOptions = new List<string>
        {
            "fsname=" + EscapeOptionValue(fsName),
            "subtype=" + Subtype,
            // Must match what init sets in fuse_conn_info.max_read.
            "max_read=" + FuseFileSystem.MaxReadBytes,
        };
        if (options.AllowOther)
            mountOptions.Add("allow_other");
        if (options.ReadOnly)
            mountOptions.Add("ro");
        if (options.Debug)
            mountOptions.Add("debug");
        return [ProgramName, "-o", string.Join(',', mountOptions)];
    }

    /// <summary>fuse_opt splits -o on commas and takes a backslash as an escape for the next character.</summary>
    public static string EscapeOptionValue(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (char c in value)
        {
            if (c is ',' or '\\')
                builder.Append('\\');
            builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>//server/share from the drive's \server\share.</summary>
    public static string FsNameFromUnc(string uncName)
    {
        string trimmed = uncName.Replace('\\', '/').TrimStart('/');
        return trimmed.Length == 0 ? Subtype : "//" + trimmed;
    }
}
