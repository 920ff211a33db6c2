namespace SmbDrive.Dokan;

/// <summary>Mounting could not start; <see cref="Exception.Message"/> is a plain sentence for the user.</summary>
public sealed class DokanStartupException : Exception
{
    public DokanStartupException(string message)
        : base(message)
    {
    }

    public DokanStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
