/* The exports SmbDrive's binding imports, and the driver's and dokan2.dll's side of every request: a fresh
 * DOKAN_FILE_INFO per request with Context restored and saved per open, IsDirectory preset for FILE_DIRECTORY_FILE,
 * the kernel's documented rewrites of names and dispositions, no Cleanup or CloseFile after a failed create,
 * Cleanup at the last user handle and CloseFile at the last reference, 0 bytes read turned into END_OF_FILE,
 * GetFileInformation failures into INVALID_PARAMETER, "." and ".." added to listings, empty listings as
 * NO_SUCH_FILE (dokan-api.md sections 2.2 and 3.1). Behaviour switches come from the environment:
 *   SMBDRIVE_STANDIN_DRIVER   "stopped" (DokanDriverVersion 0) or "mismatch" (another protocol)
 *   SMBDRIVE_STANDIN_SCENARIO what scenarios.c replays after Mounted */
#include <stdio.h>
#include "standin.h"

#define SD_DRIVER_PROTOCOL 0x190
#define SD_CLOSE_LIMIT_MS 30000 /* the lane fails rather than hangs */

static sd_instance *current;
static HMODULE self;
static volatile LONG init_count;

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)reserved;
    if (reason == DLL_PROCESS_ATTACH) {
        self = instance;
        sd_log_init();
    }
    return TRUE;
}

static BOOL env_is(LPCWSTR name, LPCWSTR value)
{
    WCHAR buffer[64];
    DWORD n = GetEnvironmentVariableW(name, buffer, 64);
    return n > 0 && n < 64 && lstrcmpiW(buffer, value) == 0;
}

static void begin(sd_instance *fs, sd_dokan_file_info *info, ULONG64 context)
{
    InterlockedIncrement(&fs->in_flight);
    ZeroMemory(info, sizeof *info);
    info->Context = context;
    info->DokanContext = (ULONG64)InterlockedIncrement64(&fs->requests);
    info->DokanOptions = fs->options;
    info->ProcessId = GetCurrentProcessId();
    info->SynchronousIo = 1;
}

static void end(sd_instance *fs)
{
    InterlockedDecrement(&fs->in_flight);
}

/* The kernel's rewrites of a name before it reaches user mode. */
static void rewrite_name(sd_instance *fs, LPCWSTR in, WCHAR *out, size_t size)
{
    while (in[0] == L'\\' && in[1] == L'\\') {
        in++; /* a leading "\\" is collapsed */
    }
    LPCWSTR unc = fs->options->UNCName;
    size_t unc_length = unc ? wcslen(unc) : 0;
    if ((fs->options->Options & SD_OPTION_NETWORK) && unc_length > 0 && _wcsnicmp(in, unc, unc_length) == 0
        && (in[unc_length] == 0 || in[unc_length] == L'\\')) {
        in += unc_length; /* the network name is stripped (Dokan 2.0.4 and later) */
    }
    if (in[0] == 0) {
        in = L"\\";
    }
    lstrcpynW(out, in, (int)size);
    size_t length = wcslen(out);
    if (length > 1 && out[length - 1] == L'\\') {
        out[length - 1] = 0; /* a trailing "\" is dropped */
    }
}

static BOOL create_succeeded(NTSTATUS status, ULONG disposition)
{
    return status >= 0
        || (status == SD_STATUS_OBJECT_NAME_COLLISION
            && (disposition == SD_FILE_OPEN_IF || disposition == SD_FILE_SUPERSEDE || disposition == SD_FILE_OVERWRITE_IF));
}

static NTSTATUS call_create(sd_instance *fs, LPCWSTR name, ACCESS_MASK access, ULONG share, ULONG disposition, ULONG options,
                            sd_dokan_file_info *info)
{
    sd_dokan_io_security_context security;
    ZeroMemory(&security, sizeof security);
    security.DesiredAccess = access;
    security.AccessState.OriginalDesiredAccess = access;
    security.AccessState.RemainingDesiredAccess = access;
    info->IsDirectory = (options & SD_FILE_DIRECTORY_FILE) ? 1 : 0;
    return fs->operations->ZwCreateFile(name, &security, access, FILE_ATTRIBUTE_NORMAL, share, disposition, options, info);
}

NTSTATUS sd_create(sd_instance *fs, LPCWSTR raw, ACCESS_MASK access, ULONG share, ULONG disposition, ULONG options, sd_open *open)
{
    ZeroMemory(open, sizeof *open);
    rewrite_name(fs, raw, open->name, sizeof open->name / sizeof(WCHAR));
    BOOL was_open_if = FALSE;
    if (fs->options->Options & SD_OPTION_WRITE_PROTECT) {
        /* Refused by the kernel before anything reaches user mode. */
        if (disposition == SD_FILE_SUPERSEDE || disposition == SD_FILE_CREATE || disposition == SD_FILE_OVERWRITE
            || disposition == SD_FILE_OVERWRITE_IF || (options & SD_FILE_DELETE_ON_CLOSE)) {
            return SD_STATUS_MEDIA_WRITE_PROTECTED;
        }
        if (disposition == SD_FILE_OPEN_IF) {
            disposition = SD_FILE_OPEN;
            was_open_if = TRUE;
        }
    }

    sd_dokan_file_info info;
    begin(fs, &info, 0);
    NTSTATUS status = call_create(fs, open->name, access, share, disposition, options, &info);
    BOOL ok = create_succeeded(status, disposition);
    if (!ok && info.Context != 0) {
        sd_check(FALSE, "no-context-after-failed-create", "0x%08lx left Context set", (unsigned long)status);
    }
    end(fs);
    if (ok) {
        open->context = info.Context;
        open->is_directory = info.IsDirectory;
        open->delete_pending = (options & SD_FILE_DELETE_ON_CLOSE) ? 1 : 0;
        open->user_handles = 1;
        open->references = 1;
        InterlockedIncrement(&fs->creates);
        return status == SD_STATUS_OBJECT_NAME_COLLISION ? SD_STATUS_SUCCESS : status;
    }
    if (was_open_if && status == SD_STATUS_OBJECT_NAME_NOT_FOUND) {
        return SD_STATUS_MEDIA_WRITE_PROTECTED;
    }
    if (status == SD_STATUS_ACCESS_DENIED && (access & DELETE)) {
        /* The library's delete retry: may the parent directory delete its child? */
        WCHAR parent[520];
        lstrcpynW(parent, open->name, 520);
        WCHAR *slash = wcsrchr(parent, L'\\');
        if (slash == parent) {
            slash[1] = 0;
        } else if (slash) {
            *slash = 0;
        }
        sd_dokan_file_info retry;
        begin(fs, &retry, 0);
        NTSTATUS parent_status = call_create(fs, parent, FILE_DELETE_CHILD | FILE_LIST_DIRECTORY | SYNCHRONIZE, share,
                                             SD_FILE_OPEN, SD_FILE_DIRECTORY_FILE, &retry);
        end(fs);
        if (create_succeeded(parent_status, SD_FILE_OPEN)) {
            sd_open granted = {0};
            lstrcpynW(granted.name, parent, 520);
            granted.context = retry.Context;
            granted.user_handles = granted.references = 1;
            InterlockedIncrement(&fs->creates);
            sd_close_handle(fs, &granted);
            return SD_STATUS_SUCCESS;
        }
    }
    return status;
}

NTSTATUS sd_read(sd_instance *fs, sd_open *open, void *buffer, DWORD length, LONGLONG offset, BOOL paging, DWORD *read)
{
    sd_dokan_file_info info;
    begin(fs, &info, open->context);
    info.PagingIo = paging ? 1 : 0;
    info.Nocache = paging ? 1 : 0;
    info.IsDirectory = open->is_directory;
    memset(buffer, 0xCD, length); /* the library does not clear its buffer */
    *read = 0xDEADBEEF;
    NTSTATUS status = fs->operations->ReadFile(open->name, buffer, length, read, offset, &info);
    open->context = info.Context;
    end(fs);
    if (status == SD_STATUS_SUCCESS && *read == 0) {
        return SD_STATUS_END_OF_FILE;
    }
    if (status != SD_STATUS_SUCCESS) {
        *read = 0;
    }
    return status;
}

NTSTATUS sd_info(sd_instance *fs, sd_open *open, BY_HANDLE_FILE_INFORMATION *out)
{
    sd_dokan_file_info info;
    begin(fs, &info, open->context);
    info.IsDirectory = open->is_directory;
    ZeroMemory(out, sizeof *out);
    NTSTATUS status = fs->operations->GetFileInformation(open->name, out, &info);
    open->context = info.Context;
    end(fs);
    return status == SD_STATUS_SUCCESS ? status : SD_STATUS_INVALID_PARAMETER;
}

static void add_entry(sd_listing *listing, LPCWSTR name, DWORD attributes, ULONGLONG size)
{
    if (listing->count == listing->capacity) {
        listing->capacity = listing->capacity ? listing->capacity * 2 : 32;
        listing->entries = realloc(listing->entries, listing->capacity * sizeof(sd_entry));
    }
    sd_entry *entry = &listing->entries[listing->count++];
    lstrcpynW(entry->name, name, MAX_PATH);
    entry->attributes = attributes;
    entry->size = size;
}

/* PFillFindData: finds the result list through ProcessingContext, as dokan2.dll does. */
static int WINAPI fill_find_data(PWIN32_FIND_DATAW data, sd_dokan_file_info *info)
{
    sd_listing *listing = info->ProcessingContext;
    add_entry(listing, data->cFileName, data->dwFileAttributes, ((ULONGLONG)data->nFileSizeHigh << 32) | data->nFileSizeLow);
    return 0;
}

NTSTATUS sd_find(sd_instance *fs, sd_open *open, LPCWSTR pattern, sd_listing *listing)
{
    ZeroMemory(listing, sizeof *listing);
    sd_dokan_file_info info;
    begin(fs, &info, open->context);
    info.IsDirectory = open->is_directory;
    info.ProcessingContext = listing;
    NTSTATUS status = fs->operations->FindFilesWithPattern
        ? fs->operations->FindFilesWithPattern(open->name, pattern, fill_find_data, &info) : SD_STATUS_NOT_IMPLEMENTED;
    if (status == SD_STATUS_NOT_IMPLEMENTED && fs->operations->FindFiles) {
        status = fs->operations->FindFiles(open->name, fill_find_data, &info);
    }
    open->context = info.Context;
    end(fs);
    if (status != SD_STATUS_SUCCESS) {
        return status;
    }
    BOOL has_dot = FALSE;
    for (int i = 0; i < listing->count; i++) {
        has_dot |= lstrcmpW(listing->entries[i].name, L".") == 0;
    }
    if (!has_dot && lstrcmpW(open->name, L"\\") != 0 && lstrcmpW(pattern, L"*") == 0) {
        add_entry(listing, L".", FILE_ATTRIBUTE_DIRECTORY, 0);
        add_entry(listing, L"..", FILE_ATTRIBUTE_DIRECTORY, 0);
    }
    return listing->count == 0 ? SD_STATUS_NO_SUCH_FILE : SD_STATUS_SUCCESS;
}

void sd_listing_free(sd_listing *listing)
{
    free(listing->entries);
    ZeroMemory(listing, sizeof *listing);
}

static void close_file(sd_instance *fs, sd_open *open)
{
    sd_dokan_file_info info;
    begin(fs, &info, open->context);
    info.IsDirectory = open->is_directory;
    fs->operations->CloseFile(open->name, &info);
    if (info.Context != 0) {
        sd_check(FALSE, "context-released-at-close", "CloseFile left Context set for a handle");
    }
    open->context = info.Context;
    end(fs);
    InterlockedIncrement(&fs->closes);
}

/* The kernel refuses changes to a WRITE_PROTECT volume before user mode sees them (IRP_MJ_WRITE, SET_INFORMATION,
 * FLUSH_BUFFERS). */
static BOOL write_protected(sd_instance *fs)
{
    return (fs->options->Options & SD_OPTION_WRITE_PROTECT) != 0;
}

NTSTATUS sd_write(sd_instance *fs, sd_open *open, const void *buffer, DWORD length, LONGLONG offset, BOOL paging, BOOL append,
                  DWORD *written)
{
    *written = 0;
    if (write_protected(fs)) {
        return SD_STATUS_MEDIA_WRITE_PROTECTED;
    }
    /* The library's buffer: copied in, poisoned once the callback returned (nothing may read it later). */
    BYTE *copy = malloc(length ? length : 1);
    memcpy(copy, buffer, length);
    sd_dokan_file_info info;
    begin(fs, &info, open->context);
    info.IsDirectory = open->is_directory;
    info.PagingIo = paging ? 1 : 0;
    info.Nocache = paging ? 1 : 0;
    info.WriteToEndOfFile = append ? 1 : 0;
    DWORD n = 0xDEADBEEF;
    NTSTATUS status = fs->operations->WriteFile(open->name, copy, length, &n, append ? -1 : offset, &info);
    open->context = info.Context;
    end(fs);
    memset(copy, 0xEE, length);
    free(copy);
    *written = status == SD_STATUS_SUCCESS ? n : 0;
    return status;
}

NTSTATUS sd_flush(sd_instance *fs, sd_open *open)
{
    if (write_protected(fs)) {
        return SD_STATUS_MEDIA_WRITE_PROTECTED;
    }
    sd_dokan_file_info info;
    begin(fs, &info, open->context);
    info.IsDirectory = open->is_directory;
    NTSTATUS status = fs->operations->FlushFileBuffers(open->name, &info);
    open->context = info.Context;
    end(fs);
    return status;
}

/* LockFile/UnlockFile: with DOKAN_OPTION_FILELOCK_USER_MODE the driver hands user mode the range only (and a
 * read-only drive locks too: locking changes nothing on the share). */
NTSTATUS sd_lock(sd_instance *fs, sd_open *open, LONGLONG offset, LONGLONG length, BOOL unlock)
{
    sd_dokan_file_info info;
    begin(fs, &info, open->context);
    info.IsDirectory = open->is_directory;
    NTSTATUS status = unlock ? fs->operations->UnlockFile(open->name, offset, length, &info)
                             : fs->operations->LockFile(open->name, offset, length, &info);
    open->context = info.Context;
    end(fs);
    return status;
}

NTSTATUS sd_set_end_of_file(sd_instance *fs, sd_open *open, LONGLONG length)
{
    if (write_protected(fs)) {
        return SD_STATUS_MEDIA_WRITE_PROTECTED;
    }
    sd_dokan_file_info info;
    begin(fs, &info, open->context);
    info.IsDirectory = open->is_directory;
    NTSTATUS status = fs->operations->SetEndOfFile(open->name, length, &info);
    open->context = info.Context;
    end(fs);
    return status;
}

NTSTATUS sd_set_allocation_size(sd_instance *fs, sd_open *open, LONGLONG length)
{
    if (write_protected(fs)) {
        return SD_STATUS_MEDIA_WRITE_PROTECTED;
    }
    sd_dokan_file_info info;
    begin(fs, &info, open->context);
    info.IsDirectory = open->is_directory;
    NTSTATUS status = fs->operations->SetAllocationSize(open->name, length, &info);
    open->context = info.Context;
    end(fs);
    return status;
}

NTSTATUS sd_set_file_time(sd_instance *fs, sd_open *open, const FILETIME *creation, const FILETIME *access, const FILETIME *write)
{
    if (write_protected(fs)) {
        return SD_STATUS_MEDIA_WRITE_PROTECTED;
    }
    sd_dokan_file_info info;
    begin(fs, &info, open->context);
    info.IsDirectory = open->is_directory;
    NTSTATUS status = fs->operations->SetFileTime(open->name, creation, access, write, &info);
    open->context = info.Context;
    end(fs);
    return status;
}

/* FileDispositionInformation as the library handles it (2.3.0): DeletePending set to the request, DeleteFile or
 * DeleteDirectory asked whether that is allowed, the deletion itself left to Cleanup. */
NTSTATUS sd_set_disposition(sd_instance *fs, sd_open *open, BOOL delete_file)
{
    if (write_protected(fs)) {
        return SD_STATUS_MEDIA_WRITE_PROTECTED;
    }
    sd_dokan_file_info info;
    begin(fs, &info, open->context);
    info.IsDirectory = open->is_directory;
    info.DeletePending = delete_file ? 1 : 0;
    NTSTATUS status = open->is_directory ? fs->operations->DeleteDirectory(open->name, &info)
                                         : fs->operations->DeleteFile(open->name, &info);
    open->context = info.Context;
    end(fs);
    if (status == SD_STATUS_SUCCESS) {
        open->delete_pending = delete_file ? 1 : 0;
    }
    return status;
}

/* FileRenameInformation: the new name is volume-relative; on success the open carries it from then on. */
NTSTATUS sd_move(sd_instance *fs, sd_open *open, LPCWSTR new_name, BOOL replace)
{
    if (write_protected(fs)) {
        return SD_STATUS_MEDIA_WRITE_PROTECTED;
    }
    sd_dokan_file_info info;
    begin(fs, &info, open->context);
    info.IsDirectory = open->is_directory;
    NTSTATUS status = fs->operations->MoveFile(open->name, new_name, replace, &info);
    open->context = info.Context;
    end(fs);
    if (status == SD_STATUS_SUCCESS) {
        lstrcpynW(open->name, new_name, sizeof open->name / sizeof(WCHAR));
    }
    return status;
}

void sd_duplicate(sd_open *open)
{
    open->user_handles++;
    open->references++;
}

void sd_close_handle(sd_instance *fs, sd_open *open)
{
    if (--open->user_handles == 0) {
        sd_dokan_file_info info;
        begin(fs, &info, open->context);
        info.IsDirectory = open->is_directory;
        info.DeletePending = open->delete_pending; /* the last handle of an object marked for deletion */
        fs->operations->Cleanup(open->name, &info);
        open->context = info.Context;
        end(fs);
    }
    if (--open->references == 0) {
        close_file(fs, open); /* deferred until the last reference goes */
    }
}

void sd_map_view(sd_open *open)
{
    open->references++;
}

void sd_unmap_view(sd_instance *fs, sd_open *open)
{
    if (--open->references == 0) {
        close_file(fs, open);
    }
}

NTSTATUS sd_volume(sd_instance *fs, WCHAR *label, DWORD *serial, DWORD *max_component, DWORD *flags, WCHAR *fs_name)
{
    sd_dokan_file_info info;
    begin(fs, &info, 0);
    ZeroMemory(label, MAX_PATH * sizeof(WCHAR));
    ZeroMemory(fs_name, MAX_PATH * sizeof(WCHAR));
    NTSTATUS status = fs->operations->GetVolumeInformation(label, MAX_PATH, serial, max_component, flags, fs_name, MAX_PATH, &info);
    end(fs);
    if (status == SD_STATUS_SUCCESS && (fs->options->Options & SD_OPTION_WRITE_PROTECT)) {
        *flags |= FILE_READ_ONLY_VOLUME;
    }
    return status;
}

NTSTATUS sd_free_space(sd_instance *fs, ULONGLONG *available, ULONGLONG *total, ULONGLONG *free_bytes)
{
    sd_dokan_file_info info;
    begin(fs, &info, 0);
    NTSTATUS status = fs->operations->GetDiskFreeSpace(available, total, free_bytes, &info);
    end(fs);
    return status;
}

void sd_unmounted(sd_instance *fs)
{
    if (InterlockedExchange(&fs->unmounted, 1) == 0) {
        sd_dokan_file_info info;
        ZeroMemory(&info, sizeof info);
        info.DokanOptions = fs->options;
        fs->operations->Unmounted(&info);
    }
}

BOOL sd_wait_idle(sd_instance *fs, DWORD limit_ms, DWORD *waited_ms)
{
    DWORD start = GetTickCount();
    while (InterlockedCompareExchange(&fs->in_flight, 0, 0) > 0) {
        if (GetTickCount() - start > limit_ms) {
            *waited_ms = GetTickCount() - start;
            return FALSE;
        }
        Sleep(10);
    }
    *waited_ms = GetTickCount() - start;
    return TRUE;
}

/* ---- exports ---- */

__declspec(dllexport) void SD_DOKANAPI DokanInit(void)
{
    InterlockedIncrement(&init_count);
}

__declspec(dllexport) void SD_DOKANAPI DokanShutdown(void)
{
    if (InterlockedDecrement(&init_count) < 0) {
        sd_log("FAIL init-balanced: DokanShutdown without DokanInit");
        RaiseException(0x0fbadf00, EXCEPTION_NONCONTINUABLE, 0, NULL);
    }
}

__declspec(dllexport) ULONG SD_DOKANAPI DokanVersion(void)
{
#ifdef SD_PLANTED
    sd_log("FAIL dll-from-system32: the dokan2.dll planted next to smbdrive.exe was loaded");
    return 100;
#else
    return 231;
#endif
}

__declspec(dllexport) ULONG SD_DOKANAPI DokanDriverVersion(void)
{
    if (env_is(L"SMBDRIVE_STANDIN_DRIVER", L"stopped")) {
        return 0;
    }
    return env_is(L"SMBDRIVE_STANDIN_DRIVER", L"mismatch") ? SD_DRIVER_PROTOCOL - 1 : SD_DRIVER_PROTOCOL;
}

__declspec(dllexport) int SD_DOKANAPI DokanCreateFileSystem(sd_dokan_options *options, sd_dokan_operations *operations, HANDLE *handle)
{
    if (init_count <= 0) {
        sd_log("FAIL init-before-mount: DokanCreateFileSystem without DokanInit");
        RaiseException(0x0f0ff0ff, EXCEPTION_NONCONTINUABLE, 0, NULL);
    }
    if (!options || !operations || !handle || options->Version < 200 || !options->MountPoint) {
        return SD_DOKAN_VERSION_ERROR;
    }
    if ((options->Options & SD_OPTION_NETWORK) && (!options->UNCName || !options->UNCName[0])) {
        return SD_DOKAN_MOUNT_POINT_ERROR;
    }
    if (current) {
        return SD_DOKAN_MOUNT_ERROR;
    }
    WCHAR module[MAX_PATH];
    char module_utf8[MAX_PATH * 3], mount_utf8[MAX_PATH * 3], unc_utf8[256];
    GetModuleFileNameW(self, module, MAX_PATH);
    sd_to_utf8(module, module_utf8, sizeof module_utf8);
    sd_to_utf8(options->MountPoint, mount_utf8, sizeof mount_utf8);
    sd_to_utf8(options->UNCName, unc_utf8, sizeof unc_utf8);
    sd_log("INFO loaded-from %s", module_utf8);
    sd_log("INFO mount %s options 0x%lx unc %s timeout %lu", mount_utf8, (unsigned long)options->Options, unc_utf8,
           (unsigned long)options->Timeout);

    sd_instance *fs = calloc(1, sizeof *fs);
    fs->options = options;
    fs->operations = operations;
    fs->closed = CreateEventW(NULL, TRUE, FALSE, NULL);
    current = fs;
    *handle = fs;

    /* Mounted runs inside DokanCreateFileSystem, before it returns. */
    sd_dokan_file_info info;
    ZeroMemory(&info, sizeof info);
    info.DokanOptions = options;
    options->Options &= ~SD_OPTION_ALLOW_IPC_BATCHING; /* the library writes into the caller's options */
    operations->Mounted(options->MountPoint, &info);
    fs->scenario = CreateThread(NULL, 0, sd_run_scenario, fs, 0, NULL);
    return SD_DOKAN_SUCCESS;
}

__declspec(dllexport) BOOL SD_DOKANAPI DokanIsFileSystemRunning(HANDLE handle)
{
    sd_instance *fs = handle;
    return fs && WaitForSingleObject(fs->closed, 0) == WAIT_TIMEOUT;
}

__declspec(dllexport) DWORD SD_DOKANAPI DokanWaitForFileSystemClosed(HANDLE handle, DWORD milliseconds)
{
    sd_instance *fs = handle;
    return WaitForSingleObject(fs->closed, milliseconds);
}

/* Unmounts, waits for every callback to return, then frees the instance. */
__declspec(dllexport) void SD_DOKANAPI DokanCloseHandle(HANDLE handle)
{
    sd_instance *fs = handle;
    if (!fs) {
        return;
    }
    sd_log("INFO at %lu ms: DokanCloseHandle", GetTickCount());
    InterlockedExchange(&fs->stopping, 1);
    BOOL already_closed = WaitForSingleObject(fs->closed, 0) == WAIT_OBJECT_0;
    DWORD waited;
    BOOL idle = sd_wait_idle(fs, SD_CLOSE_LIMIT_MS, &waited);
    if (!already_closed) {
        sd_check(idle && waited <= 5000, "unmount-within-5s", "DokanCloseHandle waited %lu ms for running callbacks",
                 (unsigned long)waited);
    }
    sd_unmounted(fs);
    SetEvent(fs->closed);
    sd_log("UNMOUNTED");
    if (WaitForSingleObject(fs->scenario, SD_CLOSE_LIMIT_MS) != WAIT_OBJECT_0) {
        sd_log("FAIL scenario-ended: the scenario thread did not end after the unmount");
    }
    CloseHandle(fs->scenario);
    current = NULL;
    /* fs stays allocated: a late callback thread of a failed lane must not touch freed memory. */
}

__declspec(dllexport) BOOL SD_DOKANAPI DokanRemoveMountPoint(LPCWSTR mount_point)
{
    sd_instance *fs = current;
    if (!fs || !mount_point || towupper(mount_point[0]) != towupper(fs->options->MountPoint[0])) {
        return FALSE;
    }
    InterlockedExchange(&fs->stopping, 1);
    sd_unmounted(fs);
    SetEvent(fs->closed);
    return TRUE;
}

__declspec(dllexport) BOOL SD_DOKANAPI DokanResetTimeout(ULONG milliseconds, sd_dokan_file_info *info)
{
    return info && info->DokanContext != 0 && milliseconds > 0;
}
