namespace SmbDrive.Dokan.Tests.Simulation;

/// <summary>What dokan2.dll keeps per open handle (its DOKAN_OPEN_INFO): the name, the user Context and
/// IsDirectory, restored into a fresh DOKAN_FILE_INFO for every request and saved back afterwards.</summary>
public sealed class SimulatedOpen
{
    internal SimulatedOpen(string fileName, ulong context, bool isDirectory)
    {
        FileName = fileName;
        Context = context;
        IsDirectory = isDirectory;
    }

    /// <summary>The library renames its opens along with their files.</summary>
    public string FileName { get; internal set; }
    public ulong Context { get; internal set; }
    public bool IsDirectory { get; internal set; }
    public bool CleanedUp { get; internal set; }
    /// <summary>Set by an accepted FileDispositionInformation (DeleteFile/DeleteDirectory said yes).</summary>
    public bool DeletePending { get; internal set; }
    public bool Closed { get; internal set; }

    public override string ToString() => FileName;
}
