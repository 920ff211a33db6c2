namespace SmbDrive.Dokan.Native;

/// <summary>The real <see cref="IDokanDriverServices"/>: calls into dokan2.dll.</summary>
internal sealed unsafe class DokanLibraryServices : IDokanDriverServices
{
    public bool ResetTimeout(uint milliseconds, NativeDokanFileInfo* fileInfo) =>
        DokanNative.DokanResetTimeout(milliseconds, fileInfo) != 0;
}
