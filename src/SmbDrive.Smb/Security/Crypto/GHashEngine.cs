namespace SmbDrive.Smb.Security.Crypto;

/// <summary>How <see cref="GHash"/> multiplies in GF(2^128). All give the same result; tests force each one
/// the CPU supports, production takes <see cref="GHash.FastestEngine"/>.</summary>
internal enum GHashEngine
{
    /// <summary>Integer multiplies only: any CPU, constant time, but some 40 to 70 times slower than the
    /// carry-less engines (about 0.17 GB/s per core on a 2.3 GHz Xeon).</summary>
    Portable,

    /// <summary>PCLMULQDQ on 128-bit registers, eight blocks per reduction.</summary>
    Carryless,

    /// <summary>VPCLMULQDQ on 512-bit registers, sixteen blocks per reduction; the 128-bit loop takes what is
    /// left. Only where the runtime reports 512-bit vectors as fast (no AVX-512 frequency penalty); a default
    /// NativeAOT build does not, and runs <see cref="Carryless"/>.</summary>
    WideCarryless,
}
