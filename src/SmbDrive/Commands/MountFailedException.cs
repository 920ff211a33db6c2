namespace SmbDrive.Commands;

/// <summary>A mount could not be made or ended with an error; the message is the front-end's sentence for the user.</summary>
internal sealed class MountFailedException : Exception
{
    public MountFailedException(string message) : base(message) { }
}
