namespace SmbDrive.Vfs.Errors;

/// <summary>A read found that the file changed on the server while it was being assembled; the read starts
/// over with the new version so that it returns bytes of one version only. Never leaves the drive.</summary>
internal sealed class FileVersionChangedException : Exception
{
    public FileVersionChangedException(string path) : base($"{path} changed on the server during the read") { }
}
