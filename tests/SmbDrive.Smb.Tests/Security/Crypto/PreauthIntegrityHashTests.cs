using SmbDrive.Smb.Security.Crypto;
using V = SmbDrive.Smb.Tests.Security.Crypto.AnatomyBlogVectors;

namespace SmbDrive.Smb.Tests.Security.Crypto;

[TestFixture]
internal sealed class PreauthIntegrityHashTests
{
    [Test]
    public void Value_New_Is64ZeroBytes()
    {
        var hash = new PreauthIntegrityHash();

        Assert.That(hash.Value.ToArray(), Is.EqualTo(new byte[64]));
    }

    [Test]
    public void Update_AnatomyBlogHandshake_MatchesEachPublishedIntermediateHash()
    {
        var connection = new PreauthIntegrityHash();
        connection.Update(Hex.Parse(V.NegotiateRequest));
        byte[] afterRequest = connection.Value.ToArray();
        connection.Update(Hex.Parse(V.NegotiateResponse));
        byte[] afterResponse = connection.Value.ToArray();

        PreauthIntegrityHash session = connection.Clone();
        session.Update(Hex.Parse(V.SessionSetupRequest1));
        byte[] afterSetupRequest1 = session.Value.ToArray();
        session.Update(Hex.Parse(V.SessionSetupResponse1));
        byte[] afterSetupResponse1 = session.Value.ToArray();
        session.Update(Hex.Parse(V.SessionSetupRequest2));

        Assert.Multiple(() =>
        {
            Assert.That(afterRequest, Is.EqualTo(Hex.Parse(V.HashAfterNegotiateRequest)));
            Assert.That(afterResponse, Is.EqualTo(Hex.Parse(V.HashAfterNegotiateResponse)));
            Assert.That(afterSetupRequest1, Is.EqualTo(Hex.Parse(V.HashAfterSessionSetupRequest1)));
            Assert.That(afterSetupResponse1, Is.EqualTo(Hex.Parse(V.HashAfterSessionSetupResponse1)));
            Assert.That(session.Value.ToArray(), Is.EqualTo(Hex.Parse(V.HashAfterSessionSetupRequest2)));
        });
    }

    [Test]
    public void Clone_ThenUpdateClone_LeavesOriginalUnchanged()
    {
        var connection = new PreauthIntegrityHash();
        connection.Update(Hex.Parse(V.NegotiateRequest));
        connection.Update(Hex.Parse(V.NegotiateResponse));

        PreauthIntegrityHash session = connection.Clone();
        session.Update(Hex.Parse(V.SessionSetupRequest1));

        Assert.Multiple(() =>
        {
            Assert.That(connection.Value.ToArray(), Is.EqualTo(Hex.Parse(V.HashAfterNegotiateResponse)));
            Assert.That(session.Value.ToArray(), Is.EqualTo(Hex.Parse(V.HashAfterSessionSetupRequest1)));
        });
    }

    [Test]
    public void HandshakeToKeysToSignature_AnatomyBlog_FinalSessionSetupResponseVerifies()
    {
        // End to end with one published session: preauth hash → 3.1.1 keys → AES-CMAC verification of the
        // signed final SESSION_SETUP response.
        var hash = new PreauthIntegrityHash();
        foreach (string message in new[] { V.NegotiateRequest, V.NegotiateResponse, V.SessionSetupRequest1, V.SessionSetupResponse1, V.SessionSetupRequest2 })
        {
            hash.Update(Hex.Parse(message));
        }

        using SmbSessionKeys keys = SmbKeyDerivation.Derive(0x0311, Hex.Parse(V.SessionKey), hash.Value, EncryptionCipher.Aes128Gcm);
        using SmbSigner signer = SmbSigner.Create(SigningAlgorithm.AesCmac, keys.SigningKey);
        byte[] response = Hex.Parse(V.SessionSetupResponseFinal);

        Assert.Multiple(() =>
        {
            Assert.That(keys.SigningKey, Is.EqualTo(Hex.Parse(V.SigningKey)));
            Assert.That(signer.Verify(response), Is.True);
        });
    }
}
