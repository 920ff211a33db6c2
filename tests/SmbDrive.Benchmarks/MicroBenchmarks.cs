using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using SmbDrive.Smb.Protocol;
using SmbDrive.Smb.Security.Crypto;

namespace SmbDrive.Benchmarks;

/// <summary>Per-message costs on the read path: signing and encrypting a 1 MiB READ response, parsing a header.</summary>
[MemoryDiagnoser]
public class MicroBenchmarks
{
    private readonly byte[] _message = new byte[64 + 16 + (1 << 20)];
    private readonly byte[] _sealed = new byte[52 + 64 + 16 + (1 << 20)];
    private SmbSigner _gmac = null!, _cmac = null!, _hmac = null!;
    private TransformCipher _gcm = null!, _ccm = null!;

    [GlobalSetup]
    public void Setup()
    {
        RandomNumberGenerator.Fill(_message);
        new Smb2Header { Command = Smb2Command.Read, MessageId = 5, Flags = Smb2Flags.ServerToRedir | Smb2Flags.Signed }.Write(_message);
        byte[] key = RandomNumberGenerator.GetBytes(16);
        _gmac = SmbSigner.Create(SigningAlgorithm.AesGmac, key);
        _cmac = SmbSigner.Create(SigningAlgorithm.AesCmac, key);
        _hmac = SmbSigner.Create(SigningAlgorithm.HmacSha256, key);
        _gcm = new TransformCipher(EncryptionCipher.Aes128Gcm, key, key);
        _ccm = new TransformCipher(EncryptionCipher.Aes128Ccm, key, key);
    }

    [Benchmark] public void SignGmac1MiB() => _gmac.Sign(_message);
    [Benchmark] public void SignCmac1MiB() => _cmac.Sign(_message);
    [Benchmark] public void SignHmacSha256_1MiB() => _hmac.Sign(_message);
    [Benchmark] public void EncryptGcm1MiB() => _gcm.Encrypt(_message, 1, _sealed);
    [Benchmark] public void EncryptCcm1MiB() => _ccm.Encrypt(_message, 1, _sealed);
    [Benchmark] public ulong ParseHeader() => Smb2Header.Read(_message).MessageId;
}
