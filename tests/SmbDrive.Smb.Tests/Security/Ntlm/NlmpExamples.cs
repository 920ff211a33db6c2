namespace SmbDrive.Smb.Tests.Security.Ntlm;

/// <summary>Published values from MS-NLMP 4.2.1 (common values) and 4.2.4 (NTLMv2 authentication), copied byte for
/// byte from the specification.</summary>
internal static class NlmpExamples
{
    public const string User = "User";
    public const string Domain = "Domain";
    public const string Password = "Password";
    public const string Workstation = "COMPUTER";

    /// <summary>4.2.1: RandomSessionKey.</summary>
    public static byte[] RandomSessionKey => Convert.FromHexString("55555555555555555555555555555555");

    /// <summary>4.2.1: ClientChallenge.</summary>
    public static byte[] ClientChallenge => Convert.FromHexString("aaaaaaaaaaaaaaaa");

    /// <summary>4.2.1: ServerChallenge.</summary>
    public static byte[] ServerChallenge => Convert.FromHexString("0123456789abcdef");

    /// <summary>4.2.4: AV pairs of the CHALLENGE target info (NetBIOS domain "Domain", NetBIOS server "Server", EOL).</summary>
    public static byte[] TargetInfo => Convert.FromHexString(
        "02000c0044006f006d00610069006e00" +
        "01000c005300650072007600650072000000" + "0000");

    /// <summary>4.2.4.1.1: NTOWFv2("Password", "User", "Domain").</summary>
    public static byte[] NtowfV2 => Convert.FromHexString("0c868a403bfd7a93a3001ef22ef02e3f");

    /// <summary>4.2.4.1.2: SessionBaseKey.</summary>
    public static byte[] SessionBaseKey => Convert.FromHexString("8de40ccadbc14a82f15cb0ad0de95ca3");

    /// <summary>4.2.4.2.1: LMv2 response (16-byte HMAC followed by the client challenge).</summary>
    public static byte[] LmV2Response => Convert.FromHexString("86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa");

    /// <summary>4.2.4.2.2: NTProofStr, the first 16 bytes of the NTLMv2 response.</summary>
    public static byte[] NtProofStr => Convert.FromHexString("68cd0ab851e51c96aabc927bebef6a1c");

    /// <summary>4.2.4.2.3: EncryptedRandomSessionKey = RC4(KeyExchangeKey, RandomSessionKey).</summary>
    public static byte[] EncryptedSessionKey => Convert.FromHexString("c5dad2544fc9799094ce1ce90bc9d03e");

    /// <summary>4.2.4.3: the CHALLENGE_MESSAGE (flags 0xe28a8233, target name "Server", Version 6.0.6000 rev 15).</summary>
    public static byte[] ChallengeMessage => Convert.FromHexString(
        "4e544c4d53535000020000000c000c003800000033828ae20123456789abcdef" +
        "00000000000000002400240044000000060070170000000f5300650072007600" +
        "6500720002000c0044006f006d00610069006e0001000c005300650072007600" +
        "6500720000000000");

    /// <summary>4.2.4.3: the AUTHENTICATE_MESSAGE (flags 0xe2888235, Version 5.1.2600 rev 15, no MIC).</summary>
    public static byte[] AuthenticateMessage => Convert.FromHexString(
        "4e544c4d5353500003000000180018006c00000054005400840000000c000c00" +
        "480000000800080054000000100010005c00000010001000d8000000358288e2" +
        "0501280a0000000f44006f006d00610069006e00550073006500720043004f00" +
        "4d0050005500540045005200" +
        "86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa" +
        "68cd0ab851e51c96aabc927bebef6a1c01010000000000000000000000000000" +
        "aaaaaaaaaaaaaaaa0000000002000c0044006f006d00610069006e0001000c00" +
        "53006500720076006500720000000000" + "00000000" +
        "c5dad2544fc9799094ce1ce90bc9d03e");

    /// <summary>4.2.4.4: SEALKEY(client-to-server) of RandomSessionKey with NTLMSSP_NEGOTIATE_128.</summary>
    public static byte[] ClientSealKey => Convert.FromHexString("59f600973cc4960a25480a7c196e4c58");

    /// <summary>4.2.4.4: SIGNKEY(client-to-server) of RandomSessionKey.</summary>
    public static byte[] ClientSignKey => Convert.FromHexString("4788dc861b4782f35d43fd98fe1a2d39");

    /// <summary>4.2.4.4: "Plaintext" in UTF-16LE.</summary>
    public static byte[] WrapPlaintext => Convert.FromHexString("50006c00610069006e007400650078007400");

    /// <summary>4.2.4.4: the sealed data.</summary>
    public static byte[] WrapSealed => Convert.FromHexString("54e50165bf1936dc996020c1811b0f06fb5f");

    /// <summary>4.2.4.4: the signature (checksum RC4-encrypted with the keystream after the sealed data).</summary>
    public static byte[] WrapSignature => Convert.FromHexString("010000007fb38ec5c55d497600000000");
}
