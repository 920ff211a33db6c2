using SmbDrive.Smb.Security.Kerberos;

namespace SmbDrive.Smb.Tests.Security.Kerberos;

/// <summary>A scripted Kerberos context for unit tests of the SPNEGO layer: the "AP-REQ" is fixed bytes, the
/// "AP-REP" it accepts is fixed bytes, and a MIC is the message reversed.</summary>
internal sealed class FakeKerberosContext : IKerberosContext
{
    public static readonly byte[] ApReq = [0x60, 0x01, 0xAA];
    public static readonly byte[] ApRep = [0x60, 0x01, 0xBB];
    public static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    public string Principal => "alice@EXAMPLE.TEST";
    public string Realm => "EXAMPLE.TEST";
    public bool IsEstablished { get; private set; }
    public bool Disposed { get; private set; }
    public List<byte[]> Received { get; } = [];

    public byte[] Step(ReadOnlySpan<byte> serverToken)
    {
        Received.Add(serverToken.ToArray());
        if (serverToken.IsEmpty) return ApReq;
        if (!serverToken.SequenceEqual(ApRep))
            throw new SmbKerberosException(KerberosFailure.MutualAuthenticationFailed, "here", Principal, "cifs/x", Realm, "bad AP-REP");
        IsEstablished = true;
        return [];
    }

    public byte[] GetSessionKey() => IsEstablished ? Key.ToArray() : throw new InvalidOperationException("not established");

    public byte[] GetMic(ReadOnlySpan<byte> message) => Mic(message);

    public bool VerifyMic(ReadOnlySpan<byte> message, ReadOnlySpan<byte> mic) => mic.SequenceEqual(Mic(message));

    public static byte[] Mic(ReadOnlySpan<byte> message)
    {
        var mic = message.ToArray();
        Array.Reverse(mic);
        return mic;
    }

    public void Dispose() => Disposed = true;
}
