namespace SmbDrive.Dokan.Native;

/// <summary>What the callback layer asks of the driver library while a callback runs. dokan2.dll provides it on
/// Windows; the simulated driver in the tests provides its own.</summary>
internal unsafe interface IDokanDriverServices
{
    /// <summary>DokanResetTimeout: extends the current request's timeout by <paramref name="milliseconds"/>.</summary>
    bool ResetTimeout(uint milliseconds, NativeDokanFileInfo* fileInfo);
}
