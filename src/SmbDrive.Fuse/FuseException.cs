namespace SmbDrive.Fuse;

/// <summary>A FUSE mount or unmount request that could not be carried out. The message is one sentence for the
/// user naming the mount point and what to do.</summary>
public sealed class FuseException : Exception
{
    public FuseException(string message, Exception? inner = null) : base(message, inner) { }
}
