using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Integration;

/// <summary>A share with "smb encrypt = required", one server per cipher Samba offers, 1 GiB read and compared.</summary>
[Category("Integration")]
public class EncryptionTests
{
    [TestCase("AES-128-GCM", "3.1.1")]
    [TestCase("AES-128-CCM", "3.1.1")]
    [TestCase("AES-256-GCM", "3.1.1")]
    [TestCase("AES-256-CCM", "3.1.1")]
    [TestCase("AES-128-CCM", "3.0")]
    [CancelAfter(180_000)]
    public async Task Read_ShareRequiresEncryption_EachCipher_BytesEqualDisk(string cipher, string dialect)
    {
        var options = new SambaServerOptions();
        options.Global["server smb3 encryption algorithms"] = cipher;
        string bigDir = Path.GetDirectoryName(TestData.CachedRandomFile(SambaFixture.BigFileSize, 1))!;
        options.Shares.Add(new SambaShare("sealed", bigDir, Extra: new Dictionary<string, string> { ["smb encrypt"] = "required" }));
        await using var server = await SambaServer.StartAsync(options);
        await using var share = await SmbClient.ConnectShareAsync(SmbAddress.Parse(server.Address("sealed")),
            SmbCredentials.User(server.User.Name, server.User.Password), new SmbClientOptions { MaxDialect = dialect }, null, CancellationToken.None);
        await using var file = await share.OpenAsync(SambaFixture.BigFile, SmbOpenKind.File, CancellationToken.None);
        long size = SambaFixture.BigFileSize;
        string disk = TestData.CachedRandomFile(SambaFixture.BigFileSize, 1);
        var buffer = new byte[16 << 20];
        for (long offset = 0; offset < size; offset += buffer.Length)
        {
            int n = await file.ReadAsync(offset, buffer, size - offset, CancellationToken.None);
            Assert.That(n, Is.EqualTo(buffer.Length));
            FileComparer.AssertRangeEquals(disk, offset, buffer);
        }
    }
}
