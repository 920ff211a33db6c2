using System.Formats.Asn1;

namespace SmbDrive.Smb.Security.Spnego;

/// <summary>DER encoding and tolerant (BER) decoding of the SPNEGO tokens SMB carries in SESSION_SETUP and
/// NEGOTIATE security buffers: RFC 4178 section 4.2 and the GSS-API InitialContextToken framing of RFC 2743
/// section 3.1 (<c>[APPLICATION 0] { thisMech OID, innerToken }</c>, tag byte 0x60), with the MS-SPNG 2.2.1
/// NegTokenInit2 variant from servers.</summary>
internal static class SpnegoTokens
{
    private static readonly Asn1Tag GssApiFrame = new(TagClass.Application, 0, isConstructed: true);
    private static readonly Asn1Tag NegTokenInitChoice = Context(0);
    private static readonly Asn1Tag NegTokenRespChoice = Context(1);

    /// <summary>DER of MechTypeList (<c>SEQUENCE OF OBJECT IDENTIFIER</c>), the exact bytes the mechListMIC covers
    /// (RFC 4178 section 5).</summary>
    public static byte[] EncodeMechTypeList(IReadOnlyList<string> mechTypes)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        WriteMechTypeList(writer, mechTypes);
        return writer.Encode();
    }

    /// <summary>GSS-API framed NegTokenInit with mechTypes [0] and mechToken [2] (the client's first token).</summary>
    public static byte[] EncodeNegTokenInit(IReadOnlyList<string> mechTypes, ReadOnlySpan<byte> mechToken)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence(GssApiFrame))
        {
            writer.WriteObjectIdentifier(SpnegoOids.Spnego);
            using (writer.PushSequence(NegTokenInitChoice))
            using (writer.PushSequence())
            {
                using (writer.PushSequence(Context(0)))
                    WriteMechTypeList(writer, mechTypes);
                if (!mechToken.IsEmpty)
                {
                    using (writer.PushSequence(Context(2)))
                        writer.WriteOctetString(mechToken);
                }
            }
        }
        return writer.Encode();
    }

    /// <summary>NegTokenResp, <c>[1] SEQUENCE { negState [0], supportedMech [1], responseToken [2], mechListMIC [3] }</c>;
    /// absent fields are omitted. Subsequent tokens carry no GSS-API framing (RFC 4178 section 4.2).</summary>
    public static byte[] EncodeNegTokenResp(SpnegoNegTokenResp token)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence(NegTokenRespChoice))
        using (writer.PushSequence())
        {
            if (token.NegState is { } state)
            {
                using (writer.PushSequence(Context(0)))
                    writer.WriteEnumeratedValue(state);
            }
            if (token.SupportedMech is not null)
            {
                using (writer.PushSequence(Context(1)))
                    writer.WriteObjectIdentifier(token.SupportedMech);
            }
            if (token.ResponseToken is not null)
            {
                using (writer.PushSequence(Context(2)))
                    writer.WriteOctetString(token.ResponseToken);
            }
            if (token.MechListMic is not null)
            {
                using (writer.PushSequence(Context(3)))
                    writer.WriteOctetString(token.MechListMic);
            }
        }
        return writer.Encode();
    }

    /// <exception cref="SmbProtocolException">"malformed SPNEGO NegTokenResp" for anything that does not decode.</exception>
    public static SpnegoNegTokenResp DecodeNegTokenResp(ReadOnlySpan<byte> token)
    {
        const string what = "NegTokenResp";
        try
        {
            var outer = new AsnReader(token.ToArray(), AsnEncodingRules.BER);
            if (!outer.HasData || !outer.PeekTag().HasSameClassAndValue(NegTokenRespChoice))
                throw Malformed(what, "not a negTokenResp");
            var choice = outer.ReadSequence(NegTokenRespChoice);
            outer.ThrowIfNotEmpty();
            var fields = choice.ReadSequence();
            choice.ThrowIfNotEmpty();

            SpnegoNegState? state = null;
            string? supportedMech = null;
            byte[]? responseToken = null;
            byte[]? mechListMic = null;
            while (fields.HasData)
            {
                var tag = fields.PeekTag();
                if (tag.TagClass != TagClass.ContextSpecific)
                    throw Malformed(what, $"unexpected tag {tag}");
                var field = fields.ReadSequence(tag);
                switch (tag.TagValue)
                {
                    case 0:
                        state = ReadNegState(field);
                        break;
                    case 1:
                        supportedMech = field.ReadObjectIdentifier();
                        break;
                    case 2:
                        responseToken = field.ReadOctetString();
                        break;
                    case 3:
                        mechListMic = field.ReadOctetString();
                        break;
                    default:
                        // Unknown extensions are skipped, not rejected (RFC 4178 section 4.2 allows extensibility).
                        continue;
                }
                field.ThrowIfNotEmpty();
            }
            return new SpnegoNegTokenResp(state, supportedMech, responseToken, mechListMic);
        }
        catch (AsnContentException e)
        {
            throw new SmbProtocolException($"malformed SPNEGO {what}: {e.Message}", e);
        }
    }

    /// <summary>Decodes a GSS-API framed NegTokenInit or NegTokenInit2 (the server's hint list in NEGOTIATE).</summary>
    /// <exception cref="SmbProtocolException">"malformed SPNEGO NegTokenInit" for anything that does not decode.</exception>
    public static SpnegoNegTokenInit DecodeNegTokenInit(ReadOnlySpan<byte> token)
    {
        const string what = "NegTokenInit";
        try
        {
            var outer = new AsnReader(token.ToArray(), AsnEncodingRules.BER);
            if (!outer.HasData || !outer.PeekTag().HasSameClassAndValue(GssApiFrame))
                throw Malformed(what, "no GSS-API framing");
            var frame = outer.ReadSequence(GssApiFrame);
            outer.ThrowIfNotEmpty();
            string mech = frame.ReadObjectIdentifier();
            if (mech != SpnegoOids.Spnego)
                throw Malformed(what, $"mechanism {mech} is not SPNEGO");
            if (!frame.HasData || !frame.PeekTag().HasSameClassAndValue(NegTokenInitChoice))
                throw Malformed(what, "not a negTokenInit");
            var choice = frame.ReadSequence(NegTokenInitChoice);
            frame.ThrowIfNotEmpty();
            var fields = choice.ReadSequence();
            choice.ThrowIfNotEmpty();

            var mechTypes = new List<string>();
            byte[]? mechToken = null;
            byte[]? mechListMic = null;
            while (fields.HasData)
            {
                var tag = fields.PeekTag();
                if (tag.TagClass != TagClass.ContextSpecific)
                    throw Malformed(what, $"unexpected tag {tag}");
                var field = fields.ReadSequence(tag);
                switch (tag.TagValue)
                {
                    case 0:
                    {
                        var list = field.ReadSequence();
                        while (list.HasData)
                            mechTypes.Add(list.ReadObjectIdentifier());
                        break;
                    }
                    case 2:
                        mechToken = field.ReadOctetString();
                        break;
                    case 4:
                        mechListMic = field.ReadOctetString();
                        break;
                    default:
                        // reqFlags [1] and negHints [3] carry nothing SmbDrive acts on.
                        continue;
                }
                field.ThrowIfNotEmpty();
            }
            return new SpnegoNegTokenInit(mechTypes, mechToken, mechListMic);
        }
        catch (AsnContentException e)
        {
            throw new SmbProtocolException($"malformed SPNEGO {what}: {e.Message}", e);
        }
    }

    private static void WriteMechTypeList(AsnWriter writer, IReadOnlyList<string> mechTypes)
    {
        using (writer.PushSequence())
        {
            foreach (string oid in mechTypes)
                writer.WriteObjectIdentifier(oid);
        }
    }

    private static SpnegoNegState ReadNegState(AsnReader field)
    {
        var value = field.ReadEnumeratedBytes().Span;
        if (value.Length != 1 || value[0] > (byte)SpnegoNegState.RequestMic)
            throw Malformed("NegTokenResp", "negState out of range");
        return (SpnegoNegState)value[0];
    }

    private static Asn1Tag Context(int number) => new(TagClass.ContextSpecific, number, isConstructed: true);

    private static SmbProtocolException Malformed(string what, string reason) => new($"malformed SPNEGO {what}: {reason}");
}
