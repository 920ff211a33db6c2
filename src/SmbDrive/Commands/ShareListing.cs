using SmbDrive.Smb;

namespace SmbDrive.Commands;

/// <summary><c>smbdrive ls //HOST[:PORT]</c>: one line per share, name, type and comment, sorted by name.
/// Hidden shares (names ending in '$', IPC$ among them) only with <c>-a</c>.</summary>
internal static class ShareListing
{
    public static async Task<int> RunAsync(CommandContext context, SmbAddress server, CancellationToken cancellationToken)
    {
        var credentials = context.ResolveCredentials(server);
        context.Logger.Debug("Listing the shares of {Server} as {User}", server.Where(""), credentials.ToString());
        var shares = await context.Environment.ListShares(server.Host, server.Port, credentials.ToSmbCredentials(),
            context.SmbOptions, context.Logger, cancellationToken);
        context.SaveCredentialsIfAsked(server, credentials);

        var output = context.Environment.Out;
        foreach (string line in Format(shares, context.Args.Has("all")))
            await output.WriteAsync(line + "\n");
        await output.FlushAsync(cancellationToken);
        return 0;
    }

    /// <summary>Name padded to the longest name, the type word padded to "printer", then the comment.</summary>
    public static IEnumerable<string> Format(IEnumerable<SmbShareInfo> shares, bool includeHidden)
    {
        var shown = shares.Where(s => includeHidden || !s.IsHidden).OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
        int width = shown.Count == 0 ? 0 : shown.Max(s => s.Name.Length);
        return shown.Select(s => $"{s.Name.PadRight(width)}  {TypeWord(s.Kind),-7}  {s.Comment}".TrimEnd());
    }

    public static string TypeWord(SmbShareKind kind) => kind switch
    {
        SmbShareKind.Disk => "disk",
        SmbShareKind.Printer => "printer",
        SmbShareKind.Device => "device",
        SmbShareKind.Ipc => "ipc",
        _ => "other",
    };
}
