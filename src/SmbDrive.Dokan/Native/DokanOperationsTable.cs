namespace SmbDrive.Dokan.Native;

/// <summary>Fills DOKAN_OPERATIONS with the addresses of the <see cref="DokanCallbacks"/> entry points. These are
/// the very pointers dokan2.dll calls, and the ones the simulated driver in the tests calls.</summary>
internal static unsafe class DokanOperationsTable
{
    public static void Fill(NativeDokanOperations* operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        operations->ZwCreateFile = &DokanCallbacks.ZwCreateFile;
        operations->Cleanup = &DokanCallbacks.Cleanup;
        operations->CloseFile = &DokanCallbacks.CloseFile;
        operations->ReadFile = &DokanCallbacks.ReadFile;
        operations->WriteFile = &DokanCallbacks.WriteFile;
        operations->FlushFileBuffers = &DokanCallbacks.FlushFileBuffers;
        operations->GetFileInformation = &DokanCallbacks.GetFileInformation;
        operations->FindFiles = &DokanCallbacks.FindFiles;
        operations->FindFilesWithPattern = &DokanCallbacks.FindFilesWithPattern;
        operations->SetFileAttributes = &DokanCallbacks.SetFileAttributes;
        operations->SetFileTime = &DokanCallbacks.SetFileTime;
        operations->DeleteFile = &DokanCallbacks.DeleteFile;
        operations->DeleteDirectory = &DokanCallbacks.DeleteDirectory;
        operations->MoveFile = &DokanCallbacks.MoveFile;
        operations->SetEndOfFile = &DokanCallbacks.SetEndOfFile;
        operations->SetAllocationSize = &DokanCallbacks.SetAllocationSize;
        operations->LockFile = &DokanCallbacks.LockFile;
        operations->UnlockFile = &DokanCallbacks.UnlockFile;
        operations->GetDiskFreeSpace = &DokanCallbacks.GetDiskFreeSpace;
        operations->GetVolumeInformation = &DokanCallbacks.GetVolumeInformation;
        operations->Mounted = &DokanCallbacks.Mounted;
        operations->Unmounted = &DokanCallbacks.Unmounted;
        operations->GetFileSecurity = &DokanCallbacks.GetFileSecurity;
        operations->SetFileSecurity = &DokanCallbacks.SetFileSecurity;
        operations->FindStreams = &DokanCallbacks.FindStreams;
    }
}
