namespace SmbDrive.Smb.Security.Crypto;

/// <summary>How <see cref="GHash"/> multiplies in GF(2^128). All give the same result; tests force each one
/// the CPU supports, production takes <see cref="GHash.FastestEngine"/>.</summary>
internal enum GHashEngine
{
    /// <summary>Integer multiplies only: any CPU, constant time, slow (~0.15 GB/s).</summary>
    Portable,

    /// <summary>PCLMULQDQ on 128-bit registers, eight blocks per reduction.</summary>
    Carryless,

    /// <summary>VPCLMULQDQ on 512-bit registers, sixteen blocks per reduction; the 128-bit loop takes what is
    /// left. Only where the runtime reports 512-bit vectors as fast (no AVX-512 frequency penalty).</summary>
    WideCarryless,
}
