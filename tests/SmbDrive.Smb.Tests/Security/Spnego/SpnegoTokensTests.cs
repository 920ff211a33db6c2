using System.Formats.Asn1;
using SmbDrive.Smb.Security.Spnego;

namespace SmbDrive.Smb.Tests.Security.Spnego;

public class SpnegoTokensTests
{
    private static readonly byte[] Payload = [0x4e, 0x54, 0x4c, 0x4d, 0x53, 0x53, 0x50, 0x00, 0x01, 0x02, 0x03];

    [Test]
    public void EncodeMechTypeList_Ntlmssp_IsTheDerSequenceOfOneOid()
    {
        byte[] der = SpnegoTokens.EncodeMechTypeList([SpnegoOids.Ntlmssp]);

        // SEQUENCE { OID 1.3.6.1.4.1.311.2.2.10 } (X.690 8.19: 1.3 -> 0x2b, 311 -> 0x82 0x37).
        Assert.That(Convert.ToHexStringLower(der), Is.EqualTo("300c060a2b06010401823702020a"));
    }

    [Test]
    public void EncodeNegTokenInit_Ntlm_DecodesWithAsnReaderAsGssFramedNegTokenInit()
    {
        byte[] token = SpnegoTokens.EncodeNegTokenInit([SpnegoOids.Ntlmssp], Payload);

        var reader = new AsnReader(token, AsnEncodingRules.DER);
        var frame = reader.ReadSequence(new Asn1Tag(TagClass.Application, 0, isConstructed: true));
        string thisMech = frame.ReadObjectIdentifier();
        var negTokenInit = frame.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)).ReadSequence();
        var mechTypes = negTokenInit.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)).ReadSequence();
        string onlyMech = mechTypes.ReadObjectIdentifier();
        byte[] mechToken = negTokenInit.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 2, isConstructed: true)).ReadOctetString();

        Assert.Multiple(() =>
        {
            Assert.That(token[0], Is.EqualTo(0x60), "GSS-API InitialContextToken tag");
            Assert.That(reader.HasData, Is.False);
            Assert.That(thisMech, Is.EqualTo("1.3.6.1.5.5.2"));
            Assert.That(onlyMech, Is.EqualTo("1.3.6.1.4.1.311.2.2.10"));
            Assert.That(mechTypes.HasData, Is.False);
            Assert.That(mechToken, Is.EqualTo(Payload));
            Assert.That(negTokenInit.HasData, Is.False, "no reqFlags, no mechListMIC");
        });
    }

    [Test]
    public void EncodeNegTokenInit_FortyByteNegotiate_HasTheWellKnownPrefix()
    {
        byte[] token = SpnegoTokens.EncodeNegTokenInit([SpnegoOids.Ntlmssp], new byte[40]);

        // The exact prefix Windows and Samba clients send for a 40-byte NTLM NEGOTIATE_MESSAGE.
        Assert.That(Convert.ToHexStringLower(token.AsSpan(0, 34)),
            Is.EqualTo("6048" + "06062b0601050502" + "a03e" + "303c" + "a00e" + "300c060a2b06010401823702020a" + "a22a" + "0428"));
    }

    [Test]
    public void DecodeNegTokenInit_OwnEncoding_RoundTrips()
    {
        byte[] token = SpnegoTokens.EncodeNegTokenInit([SpnegoOids.Ntlmssp, SpnegoOids.Kerberos5], Payload);

        var decoded = SpnegoTokens.DecodeNegTokenInit(token);

        Assert.Multiple(() =>
        {
            Assert.That(decoded.MechTypes, Is.EqualTo(new[] { SpnegoOids.Ntlmssp, SpnegoOids.Kerberos5 }));
            Assert.That(decoded.MechToken, Is.EqualTo(Payload));
            Assert.That(decoded.MechListMic, Is.Null);
        });
    }

    [Test]
    public void DecodeNegTokenInit_SambaNegTokenInit2WithNegHints_ReadsMechTypes()
    {
        byte[] token = BuildNegTokenInit2([SpnegoOids.NegoEx, SpnegoOids.Ntlmssp], "not_defined_in_RFC4178@please_ignore");

        var decoded = SpnegoTokens.DecodeNegTokenInit(token);

        Assert.Multiple(() =>
        {
            Assert.That(decoded.MechTypes, Is.EqualTo(new[] { SpnegoOids.NegoEx, SpnegoOids.Ntlmssp }));
            Assert.That(decoded.MechToken, Is.Null);
        });
    }

    [Test]
    public void EncodeNegTokenResp_AllFields_RoundTrips()
    {
        var original = new SpnegoNegTokenResp(SpnegoNegState.AcceptIncomplete, SpnegoOids.Ntlmssp, Payload, [9, 8, 7]);

        byte[] token = SpnegoTokens.EncodeNegTokenResp(original);
        var decoded = SpnegoTokens.DecodeNegTokenResp(token);

        Assert.Multiple(() =>
        {
            Assert.That(token[0], Is.EqualTo(0xa1));
            Assert.That(decoded.NegState, Is.EqualTo(SpnegoNegState.AcceptIncomplete));
            Assert.That(decoded.SupportedMech, Is.EqualTo(SpnegoOids.Ntlmssp));
            Assert.That(decoded.ResponseToken, Is.EqualTo(Payload));
            Assert.That(decoded.MechListMic, Is.EqualTo(new byte[] { 9, 8, 7 }));
        });
    }

    [Test]
    public void EncodeNegTokenResp_OnlyTokenAndMic_OmitsNegStateAndMech()
    {
        byte[] token = SpnegoTokens.EncodeNegTokenResp(new SpnegoNegTokenResp(null, null, [1], [2]));

        Assert.That(Convert.ToHexStringLower(token), Is.EqualTo("a10c300aa2030401 01a3030401 02".Replace(" ", "")));
    }

    [Test]
    public void DecodeNegTokenResp_SambaStyleFinalToken_ReadsAcceptCompletedAndMic()
    {
        // a1 1b 30 19 | a0 03 0a 01 00 | a3 12 04 10 <16 bytes>: what smbd sends with SESSION_SETUP SUCCESS.
        byte[] token = Convert.FromHexString("a11b3019a0030a0100a3120410" + "0100000011223344556677880000000" + "0");

        var decoded = SpnegoTokens.DecodeNegTokenResp(token);

        Assert.Multiple(() =>
        {
            Assert.That(decoded.NegState, Is.EqualTo(SpnegoNegState.AcceptCompleted));
            Assert.That(decoded.ResponseToken, Is.Null);
            Assert.That(decoded.MechListMic, Has.Length.EqualTo(16));
        });
    }

    [Test]
    public void DecodeNegTokenResp_UnknownContextField_IsSkipped()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 1, true)))
        using (writer.PushSequence())
        {
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 2, true)))
                writer.WriteOctetString(Payload);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 7, true)))
                writer.WriteInteger(5);
        }

        var decoded = SpnegoTokens.DecodeNegTokenResp(writer.Encode());

        Assert.That(decoded.ResponseToken, Is.EqualTo(Payload));
    }

    [Test]
    public void DecodeNegTokenResp_EveryTruncation_ThrowsSmbProtocolException()
    {
        byte[] token = SpnegoTokens.EncodeNegTokenResp(new SpnegoNegTokenResp(SpnegoNegState.AcceptIncomplete, SpnegoOids.Ntlmssp, Payload, [1, 2]));

        for (int length = 0; length < token.Length; length++)
        {
            byte[] prefix = token[..length];
            Assert.That(() => SpnegoTokens.DecodeNegTokenResp(prefix), Throws.TypeOf<SmbProtocolException>(), $"prefix of {length} bytes");
        }
    }

    [Test]
    public void DecodeNegTokenInit_EveryTruncation_ThrowsSmbProtocolException()
    {
        byte[] token = SpnegoTokens.EncodeNegTokenInit([SpnegoOids.Ntlmssp], Payload);

        for (int length = 0; length < token.Length; length++)
        {
            byte[] prefix = token[..length];
            Assert.That(() => SpnegoTokens.DecodeNegTokenInit(prefix), Throws.TypeOf<SmbProtocolException>(), $"prefix of {length} bytes");
        }
    }

    [TestCase("a0053003020100", TestName = "DecodeNegTokenResp_NegTokenInitChoice_ThrowsSmbProtocolException")]
    [TestCase("a1053003a0010a", TestName = "DecodeNegTokenResp_LengthPastEnd_ThrowsSmbProtocolException")]
    [TestCase("a1083006a0030a0107", TestName = "DecodeNegTokenResp_NegStateOutOfRange_ThrowsSmbProtocolException")]
    [TestCase("a1023000ff", TestName = "DecodeNegTokenResp_TrailingBytes_ThrowsSmbProtocolException")]
    [TestCase("a10430020500", TestName = "DecodeNegTokenResp_UniversalTagInside_ThrowsSmbProtocolException")]
    [TestCase("a184ffffffff3000", TestName = "DecodeNegTokenResp_HugeLength_ThrowsSmbProtocolException")]
    [TestCase("", TestName = "DecodeNegTokenResp_Empty_ThrowsSmbProtocolException")]
    public void DecodeNegTokenResp_Malformed_ThrowsSmbProtocolException(string hex)
    {
        byte[] token = Convert.FromHexString(hex);

        Assert.That(() => SpnegoTokens.DecodeNegTokenResp(token),
            Throws.TypeOf<SmbProtocolException>().With.Message.StartsWith("malformed SPNEGO NegTokenResp"));
    }

    [Test]
    public void DecodeNegTokenInit_KerberosFramedToken_ThrowsSmbProtocolException()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence(new Asn1Tag(TagClass.Application, 0, true)))
        {
            writer.WriteObjectIdentifier(SpnegoOids.Kerberos5);
            writer.WriteOctetString(Payload);
        }

        Assert.That(() => SpnegoTokens.DecodeNegTokenInit(writer.Encode()),
            Throws.TypeOf<SmbProtocolException>().With.Message.Contains("not SPNEGO"));
    }

    [Test]
    public void Decode_RandomCorruption_ThrowsNothingButSmbProtocolException()
    {
        byte[] resp = SpnegoTokens.EncodeNegTokenResp(new SpnegoNegTokenResp(SpnegoNegState.AcceptIncomplete, SpnegoOids.Ntlmssp, Payload, [1, 2]));
        byte[] init = BuildNegTokenInit2([SpnegoOids.Ntlmssp], "hint");
        var random = new Random(4178);
        int decoded = 0;
        for (int i = 0; i < 5000; i++)
        {
            byte[] bytes = (byte[])(i % 2 == 0 ? resp : init).Clone();
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            try
            {
                if (i % 2 == 0)
                    SpnegoTokens.DecodeNegTokenResp(bytes);
                else
                    SpnegoTokens.DecodeNegTokenInit(bytes);
                decoded++;
            }
            catch (SmbProtocolException)
            {
            }
        }

        Assert.That(decoded, Is.InRange(1, 4999));
    }

    /// <summary>The NegTokenInit2 shape smbd puts in the NEGOTIATE response (MS-SPNG 2.2.1): mechTypes [0] and
    /// negHints [3] { hintName [0] GeneralString }.</summary>
    private static byte[] BuildNegTokenInit2(string[] mechTypes, string hintName)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence(new Asn1Tag(TagClass.Application, 0, true)))
        {
            writer.WriteObjectIdentifier(SpnegoOids.Spnego);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
            using (writer.PushSequence())
            {
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
                using (writer.PushSequence())
                {
                    foreach (string oid in mechTypes)
                        writer.WriteObjectIdentifier(oid);
                }
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 3, true)))
                using (writer.PushSequence())
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
                {
                    // AsnWriter has no GeneralString writer; tag 0x1b, short length, ASCII bytes.
                    byte[] name = System.Text.Encoding.ASCII.GetBytes(hintName);
                    writer.WriteEncodedValue([0x1b, (byte)name.Length, .. name]);
                }
            }
        }
        return writer.Encode();
    }
}
