namespace SmbDrive.Smb.Tests.Security.Ntlm;

/// <summary>A random source that hands out prepared arrays in order and fails the test on an unexpected request.</summary>
internal sealed class ScriptedRandom(params byte[][] values)
{
    private readonly Queue<byte[]> _values = new(values);

    public int Calls { get; private set; }

    public byte[] Next(int length)
    {
        Calls++;
        if (!_values.TryDequeue(out byte[]? value))
            throw new AssertionException($"unexpected request #{Calls} for {length} random bytes");
        if (value.Length != length)
            throw new AssertionException($"request #{Calls} wanted {length} bytes, the script has {value.Length}");
        return value;
    }
}
