namespace SmbDrive.TestSupport;

/// <summary>smbd did not come up; the message carries the tail of its log.</summary>
public sealed class SambaStartException : Exception
{
    public SambaStartException(string message)
        : base(message)
    {
    }
}
