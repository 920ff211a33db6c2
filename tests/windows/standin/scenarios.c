/* What the stand-in replays after Mounted, from native threads, against the real callbacks of smbdrive.exe. Every
 * byte read through the callbacks is compared with the file on the Samba share's disk (SMBDRIVE_STANDIN_ROOT, a
 * Z:\ path). SMBDRIVE_STANDIN_SCENARIO chooses:
 *   explorer    Explorer's and applications' sequences, the kernel's rewrites; then unmounts itself
 *   stall       READY, then waits for SMBDRIVE_STANDIN_GO (the lane has stopped smbd): volume queries from
 *               last-known values, a read that blocks (BLOCKED); the lane then presses Ctrl+C
 *   disconnect  as stall, but after BLOCKED the stand-in unmounts as Explorer's Disconnect does
 *   sharing     share modes and byte-range locks against another PC (the lane's smbdrive put, its own session):
 *               HELD (a read open sharing read only), then SMBDRIVE_STANDIN_GO.1; RELEASED, then ...GO.2; then
 *               this drive's opens and locks against each other on the server; unmounts itself */
#include <stdio.h>
#include "standin.h"

#define FILE_GENERIC_READ_NT 0x120089
#define SHARE_ALL (FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)
#define READ_OPTIONS (SD_FILE_NON_DIRECTORY_FILE | SD_FILE_SYNCHRONOUS_IO_NONALERT)

/* "\Ünïcødé 文件 ☃.txt", spelled with escapes; a hex escape ends only at a non-hex character, hence the splits. */
#define UNICODE_NAME L"\\\x00dc" L"n\x00ef" L"c\x00f8" L"d\x00e9 \x6587\x4ef6 \x2603.txt"

static WCHAR root[1024];

static BOOL disk_path(LPCWSTR name, WCHAR *out, size_t size)
{
    return _snwprintf(out, size, L"%ls%ls", root, name) > 0;
}

/* Bytes of the file on the share's disk: what every read must return. */
static DWORD disk_read(LPCWSTR name, LONGLONG offset, void *buffer, DWORD length)
{
    WCHAR path[1600];
    disk_path(name, path, 1600);
    HANDLE file = CreateFileW(path, GENERIC_READ, SHARE_ALL, NULL, OPEN_EXISTING, 0, NULL);
    if (file == INVALID_HANDLE_VALUE) {
        return (DWORD)-1;
    }
    LARGE_INTEGER at;
    at.QuadPart = offset;
    DWORD total = 0, n = 0;
    SetFilePointerEx(file, at, NULL, FILE_BEGIN);
    while (total < length && ReadFile(file, (BYTE *)buffer + total, length - total, &n, NULL) && n > 0) {
        total += n;
    }
    CloseHandle(file);
    return total;
}

static LONGLONG disk_size(LPCWSTR name)
{
    WCHAR path[1600];
    disk_path(name, path, 1600);
    WIN32_FILE_ATTRIBUTE_DATA data;
    if (!GetFileAttributesExW(path, GetFileExInfoStandard, &data)) {
        return -1;
    }
    return ((LONGLONG)data.nFileSizeHigh << 32) | data.nFileSizeLow;
}

/* Reads through the callbacks and compares with the disk; returns FALSE (and says why) on any difference. */
static BOOL read_matches(sd_instance *fs, sd_open *open, LPCWSTR disk_name, LONGLONG offset, DWORD length, BOOL paging, char *why,
                         size_t why_size)
{
    BYTE *got = malloc(length ? length : 1), *want = malloc(length ? length : 1);
    DWORD read = 0;
    NTSTATUS status = sd_read(fs, open, got, length, offset, paging, &read);
    DWORD expected = disk_read(disk_name, offset, want, length);
    BOOL ok;
    if (expected == (DWORD)-1) {
        snprintf(why, why_size, "cannot read the disk copy");
        ok = FALSE;
    } else if (expected == 0) {
        ok = status == SD_STATUS_END_OF_FILE;
        if (!ok) {
            snprintf(why, why_size, "at %lld past EOF: 0x%08lx, %lu bytes", offset, (unsigned long)status, (unsigned long)read);
        }
    } else {
        ok = status == SD_STATUS_SUCCESS && read == expected && memcmp(got, want, expected) == 0;
        if (!ok) {
            snprintf(why, why_size, "%lu bytes at %lld: 0x%08lx, %lu bytes%s", (unsigned long)length, offset, (unsigned long)status,
                     (unsigned long)read, status == SD_STATUS_SUCCESS && read == expected ? ", different bytes" : "");
        }
    }
    free(got);
    free(want);
    return ok;
}

static BOOL listing_has(const sd_listing *listing, LPCWSTR name)
{
    for (int i = 0; i < listing->count; i++) {
        if (lstrcmpW(listing->entries[i].name, name) == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

/* Compares a listing with FindFirstFile on the disk, names only ("." and ".." as the caller says). */
static BOOL listing_matches_disk(const sd_listing *listing, LPCWSTR dir, LPCWSTR pattern, BOOL expect_dots, char *why, size_t size)
{
    WCHAR path[1600];
    _snwprintf(path, 1600, L"%ls%ls\\%ls", root, lstrcmpW(dir, L"\\") == 0 ? L"" : dir, pattern);
    WIN32_FIND_DATAW data;
    HANDLE find = FindFirstFileW(path, &data);
    int on_disk = 0;
    if (find != INVALID_HANDLE_VALUE) {
        do {
            if (lstrcmpW(data.cFileName, L".") == 0 || lstrcmpW(data.cFileName, L"..") == 0) {
                continue;
            }
            on_disk++;
            if (!listing_has(listing, data.cFileName)) {
                char name[MAX_PATH * 3];
                sd_to_utf8(data.cFileName, name, sizeof name);
                snprintf(why, size, "%s is on disk but not listed", name);
                FindClose(find);
                return FALSE;
            }
        } while (FindNextFileW(find, &data));
        FindClose(find);
    }
    int dots = listing_has(listing, L".") + listing_has(listing, L"..");
    if (dots != (expect_dots ? 2 : 0) || listing->count - dots != on_disk) {
        snprintf(why, size, "%d entries listed (%d dots), %d on disk", listing->count, dots, on_disk);
        return FALSE;
    }
    return TRUE;
}

static void check_volume(sd_instance *fs, ULONGLONG *total_out, DWORD *serial_out)
{
    WCHAR label[MAX_PATH], name[MAX_PATH];
    DWORD serial = 0, max_component = 0, flags = 0;
    NTSTATUS status = sd_volume(fs, label, &serial, &max_component, &flags, name);
    char label_utf8[MAX_PATH * 3], name_utf8[MAX_PATH * 3];
    sd_to_utf8(label, label_utf8, sizeof label_utf8);
    sd_to_utf8(name, name_utf8, sizeof name_utf8);
    /* READ_ONLY_VOLUME exactly when the drive is mounted write-protected (--read-only). */
    BOOL read_only = (fs->options->Options & SD_OPTION_WRITE_PROTECT) != 0;
    sd_check(status == SD_STATUS_SUCCESS && lstrcmpW(label, L"lane") == 0 && lstrcmpW(name, L"NTFS") == 0 && max_component == 255
                 && ((flags & FILE_READ_ONLY_VOLUME) != 0) == read_only && (flags & FILE_UNICODE_ON_DISK) && serial != 0,
             "volume-information", "0x%08lx label '%s' fs '%s' max %lu flags 0x%lx serial %08lx", (unsigned long)status, label_utf8,
             name_utf8, (unsigned long)max_component, (unsigned long)flags, (unsigned long)serial);

    ULONGLONG available = 0, total = 0, free_bytes = 0, disk_available = 0, disk_total = 0, disk_free = 0;
    status = sd_free_space(fs, &available, &total, &free_bytes);
    GetDiskFreeSpaceExW(root, (PULARGE_INTEGER)&disk_available, (PULARGE_INTEGER)&disk_total, (PULARGE_INTEGER)&disk_free);
    /* Samba reports the share's file system in its own block units; allow for the rounding. */
    ULONGLONG slack = disk_total / 100;
    sd_check(status == SD_STATUS_SUCCESS && total > 0 && total + slack >= disk_total && total <= disk_total + slack && free_bytes <= total,
             "free-space", "0x%08lx total %llu (disk %llu) free %llu available %llu", (unsigned long)status, total, disk_total, free_bytes,
             available);
    if (total_out) {
        *total_out = total;
    }
    if (serial_out) {
        *serial_out = serial;
    }
}

static void explorer_browse(sd_instance *fs)
{
    char why[512] = "";
    sd_open dir;
    NTSTATUS status = sd_create(fs, L"\\", FILE_LIST_DIRECTORY | SYNCHRONIZE | FILE_READ_ATTRIBUTES, SHARE_ALL, SD_FILE_OPEN,
                                SD_FILE_DIRECTORY_FILE | SD_FILE_SYNCHRONOUS_IO_NONALERT, &dir);
    BY_HANDLE_FILE_INFORMATION info;
    BOOL ok = status == SD_STATUS_SUCCESS && dir.is_directory && sd_info(fs, &dir, &info) == SD_STATUS_SUCCESS
        && (info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY);
    sd_listing listing = {0};
    if (ok) {
        ok = sd_find(fs, &dir, L"*", &listing) == SD_STATUS_SUCCESS && listing_matches_disk(&listing, L"\\", L"*", FALSE, why, sizeof why);
    } else {
        snprintf(why, sizeof why, "open of the root: 0x%08lx", (unsigned long)status);
    }
    sd_check(ok, "list-root", "%d entries %s", listing.count, why);

    /* Explorer opens each child for its attributes and probes desktop.ini in every folder. */
    int checked = 0, wrong = 0;
    for (int i = 0; i < listing.count; i++) {
        WCHAR name[MAX_PATH + 2];
        _snwprintf(name, MAX_PATH + 2, L"\\%ls", listing.entries[i].name);
        sd_open child;
        if (sd_create(fs, name, FILE_READ_ATTRIBUTES | SYNCHRONIZE, SHARE_ALL, SD_FILE_OPEN, SD_FILE_OPEN_REPARSE_POINT, &child) != SD_STATUS_SUCCESS) {
            wrong++;
            continue;
        }
        BY_HANDLE_FILE_INFORMATION child_info;
        LONGLONG size = disk_size(name);
        BOOL is_dir = (listing.entries[i].attributes & FILE_ATTRIBUTE_DIRECTORY) != 0;
        if (sd_info(fs, &child, &child_info) != SD_STATUS_SUCCESS || child.is_directory != is_dir
            || (!is_dir && (((LONGLONG)child_info.nFileSizeHigh << 32 | child_info.nFileSizeLow) != size
                            || listing.entries[i].size != (ULONGLONG)size))) {
            wrong++;
            sd_to_utf8(listing.entries[i].name, why, sizeof why);
        }
        sd_close_handle(fs, &child);
        checked++;
    }
    sd_check(checked > 0 && wrong == 0, "attributes-of-each-entry", "%d checked, %d wrong %s", checked, wrong, wrong ? why : "");
    sd_listing_free(&listing);
    sd_close_handle(fs, &dir);

    sd_open probe;
    status = sd_create(fs, L"\\desktop.ini", FILE_GENERIC_READ_NT, SHARE_ALL, SD_FILE_OPEN, READ_OPTIONS, &probe);
    NTSTATUS below_file = sd_create(fs, L"\\small.txt\\desktop.ini", FILE_GENERIC_READ_NT, SHARE_ALL, SD_FILE_OPEN, READ_OPTIONS, &probe);
    sd_check(status == SD_STATUS_OBJECT_NAME_NOT_FOUND && below_file == SD_STATUS_OBJECT_PATH_NOT_FOUND, "desktop-ini-probes",
             "0x%08lx, below a file 0x%08lx", (unsigned long)status, (unsigned long)below_file);

    /* A folder with a pattern, and FindFirstFile on an exact name. */
    sd_open sub;
    status = sd_create(fs, L"\\sub", FILE_LIST_DIRECTORY | SYNCHRONIZE, SHARE_ALL, SD_FILE_OPEN, SD_FILE_DIRECTORY_FILE, &sub);
    why[0] = 0;
    ok = status == SD_STATUS_SUCCESS;
    if (ok) {
        ok = sd_find(fs, &sub, L"*", &listing) == SD_STATUS_SUCCESS && listing_matches_disk(&listing, L"\\sub", L"*", TRUE, why, sizeof why);
        sd_listing_free(&listing);
        ok = ok && sd_find(fs, &sub, L"*.txt", &listing) == SD_STATUS_SUCCESS
            && listing_matches_disk(&listing, L"\\sub", L"*.txt", FALSE, why, sizeof why);
        sd_listing_free(&listing);
        ok = ok && sd_find(fs, &sub, L"a.txt", &listing) == SD_STATUS_SUCCESS && listing.count == 1 && listing_has(&listing, L"a.txt");
        sd_listing_free(&listing);
        NTSTATUS none = sd_find(fs, &sub, L"nope.txt", &listing);
        sd_listing_free(&listing);
        ok = ok && none == SD_STATUS_NO_SUCH_FILE;
        sd_close_handle(fs, &sub);
    }
    sd_check(ok, "list-with-pattern", "\\sub: 0x%08lx %s", (unsigned long)status, why);
}

static void explorer_read(sd_instance *fs)
{
    char why[512] = "";
    sd_open file;
    NTSTATUS status = sd_create(fs, L"\\big.bin", FILE_GENERIC_READ_NT, FILE_SHARE_READ | FILE_SHARE_WRITE, SD_FILE_OPEN, READ_OPTIONS, &file);
    LONGLONG size = disk_size(L"\\big.bin");
    BOOL ok = status == SD_STATUS_SUCCESS && size > 2 * 1024 * 1024;
    if (!ok) {
        snprintf(why, sizeof why, "open 0x%08lx, size %lld", (unsigned long)status, size);
    }
    LONGLONG offsets[] = {0, 4096, 1048575, size / 2 + 1, size - 70000, size - 4096, size - 1, size, size + 65536};
    DWORD lengths[] = {4096, 65536, 65536, 131072, 65536, 4096, 4096, 4096, 4096};
    int reads = 0;
    for (int i = 0; ok && i < (int)(sizeof offsets / sizeof offsets[0]); i++, reads++) {
        ok = read_matches(fs, &file, L"\\big.bin", offsets[i], lengths[i], FALSE, why, sizeof why);
    }
    srand(17);
    for (int i = 0; ok && i < 40; i++, reads++) {
        LONGLONG offset = ((LONGLONG)rand() * 32768 + rand()) % size;
        ok = read_matches(fs, &file, L"\\big.bin", offset, 1 + (rand() % 200000), FALSE, why, sizeof why);
    }
    if (ok) {
        /* The cache manager pages whole pages, past EOF too: the answer is clamped to the file. */
        ok = read_matches(fs, &file, L"\\big.bin", (size / 4096) * 4096, 65536, TRUE, why, sizeof why);
        reads++;
    }
    sd_check(ok, "read-at-offsets", "%d reads %s", reads, why);
    if (status == SD_STATUS_SUCCESS) {
        sd_close_handle(fs, &file);
    }

    /* Unicode names, and the kernel's rewrites of names and dispositions. */
    sd_open unicode;
    status = sd_create(fs, UNICODE_NAME, FILE_GENERIC_READ_NT, SHARE_ALL, SD_FILE_OPEN,
                       READ_OPTIONS, &unicode);
    ok = status == SD_STATUS_SUCCESS
        && read_matches(fs, &unicode, UNICODE_NAME, 0, 4096, FALSE, why, sizeof why);
    sd_check(ok, "unicode-name", "open 0x%08lx %s", (unsigned long)status, status == SD_STATUS_SUCCESS ? why : "");
    if (status == SD_STATUS_SUCCESS) {
        sd_close_handle(fs, &unicode);
    }

    sd_open twice;
    status = sd_create(fs, L"\\\\small.txt", FILE_GENERIC_READ_NT, SHARE_ALL, SD_FILE_OPEN, READ_OPTIONS, &twice);
    ok = status == SD_STATUS_SUCCESS && lstrcmpW(twice.name, L"\\small.txt") == 0
        && read_matches(fs, &twice, L"\\small.txt", 0, 4096, FALSE, why, sizeof why);
    sd_check(ok, "rewrite-leading-double-backslash", "0x%08lx %s", (unsigned long)status, why);
    if (status == SD_STATUS_SUCCESS) {
        sd_close_handle(fs, &twice);
    }

    sd_open trailing;
    status = sd_create(fs, L"\\sub\\", FILE_LIST_DIRECTORY | SYNCHRONIZE, SHARE_ALL, SD_FILE_OPEN, SD_FILE_DIRECTORY_FILE, &trailing);
    sd_check(status == SD_STATUS_SUCCESS && trailing.is_directory && lstrcmpW(trailing.name, L"\\sub") == 0,
             "rewrite-trailing-backslash", "0x%08lx", (unsigned long)status);
    if (status == SD_STATUS_SUCCESS) {
        sd_close_handle(fs, &trailing);
    }

    sd_open open_if;
    NTSTATUS existing = sd_create(fs, L"\\small.txt", FILE_GENERIC_READ_NT, SHARE_ALL, SD_FILE_OPEN_IF, READ_OPTIONS, &open_if);
    if (existing == SD_STATUS_SUCCESS) {
        sd_close_handle(fs, &open_if);
    }
    if (fs->options->Options & SD_OPTION_WRITE_PROTECT) {
        NTSTATUS missing = sd_create(fs, L"\\new.txt", FILE_GENERIC_READ_NT, SHARE_ALL, SD_FILE_OPEN_IF, READ_OPTIONS, &open_if);
        NTSTATUS create = sd_create(fs, L"\\new.txt", FILE_GENERIC_READ_NT | FILE_WRITE_DATA, SHARE_ALL, SD_FILE_CREATE, READ_OPTIONS, &open_if);
        NTSTATUS write = sd_create(fs, L"\\small.txt", FILE_GENERIC_READ_NT | FILE_WRITE_DATA, SHARE_ALL, SD_FILE_OPEN, READ_OPTIONS, &open_if);
        sd_check(existing == SD_STATUS_SUCCESS && missing == SD_STATUS_MEDIA_WRITE_PROTECTED && create == SD_STATUS_MEDIA_WRITE_PROTECTED
                     && (write == SD_STATUS_MEDIA_WRITE_PROTECTED || write == SD_STATUS_ACCESS_DENIED),
                 "write-protect", "OPEN_IF existing 0x%08lx, OPEN_IF missing 0x%08lx, CREATE 0x%08lx, write access 0x%08lx",
                 (unsigned long)existing, (unsigned long)missing, (unsigned long)create, (unsigned long)write);
        return;
    }
    /* A writable drive: the dispositions that must not create anything. */
    LONGLONG small_size = disk_size(L"\\small.txt");
    NTSTATUS collision = sd_create(fs, L"\\small.txt", FILE_GENERIC_READ_NT | FILE_WRITE_DATA, SHARE_ALL, SD_FILE_CREATE, READ_OPTIONS, &open_if);
    NTSTATUS open_missing = sd_create(fs, L"\\new.txt", FILE_GENERIC_READ_NT | FILE_WRITE_DATA, SHARE_ALL, SD_FILE_OPEN, READ_OPTIONS, &open_if);
    NTSTATUS overwrite_missing = sd_create(fs, L"\\new.txt", FILE_GENERIC_READ_NT | FILE_WRITE_DATA, SHARE_ALL, SD_FILE_OVERWRITE, READ_OPTIONS, &open_if);
    NTSTATUS write = sd_create(fs, L"\\small.txt", FILE_GENERIC_READ_NT | FILE_WRITE_DATA, SHARE_ALL, SD_FILE_OPEN, READ_OPTIONS, &open_if);
    if (write == SD_STATUS_SUCCESS) {
        sd_close_handle(fs, &open_if);
    }
    sd_check(existing == SD_STATUS_SUCCESS && collision == SD_STATUS_OBJECT_NAME_COLLISION && open_missing == SD_STATUS_OBJECT_NAME_NOT_FOUND
                 && overwrite_missing == SD_STATUS_OBJECT_NAME_NOT_FOUND && write == SD_STATUS_SUCCESS && disk_size(L"\\new.txt") < 0
                 && disk_size(L"\\small.txt") == small_size,
             "dispositions-on-writable-drive", "OPEN_IF existing 0x%08lx, CREATE existing 0x%08lx, OPEN missing 0x%08lx, "
             "OVERWRITE missing 0x%08lx, write open 0x%08lx", (unsigned long)existing, (unsigned long)collision,
             (unsigned long)open_missing, (unsigned long)overwrite_missing, (unsigned long)write);
}

/* The drive's network name: a UNC form of a path reaches the callbacks with the name stripped. */
static void unc_forms(sd_instance *fs)
{
    char why[512] = "", unc_utf8[256];
    LPCWSTR unc = fs->options->UNCName;
    if (!(fs->options->Options & SD_OPTION_NETWORK)) {
        /* --fixed-drive: a local disk for the mount manager, with no network name at all */
        sd_check((!unc || !unc[0]) && (fs->options->Options & SD_OPTION_MOUNT_MANAGER), "fixed-drive-has-no-unc-name",
                 "options 0x%lx", (unsigned long)fs->options->Options);
        return;
    }
    sd_to_utf8(unc, unc_utf8, sizeof unc_utf8);
    size_t length = unc ? wcslen(unc) : 0;
    const WCHAR *suffix = L".smbdrive.invalid\\lane";
    size_t suffix_length = wcslen(suffix);
    /* Never the real \\127.0.0.1\lane: Windows' own SMB client owns that name. */
    BOOL private_name = (fs->options->Options & SD_OPTION_NETWORK) && length > suffix_length && unc[0] == L'\\' && unc[1] != L'\\'
        && _wcsicmp(unc + length - suffix_length, suffix) == 0 && _wcsnicmp(unc, L"\\127.0.0.1\\", 11) != 0;
    sd_check(private_name, "unc-name-cannot-collide", "UNCName %s", unc_utf8);
    if (!private_name || !unc) {
        return;
    }
    WCHAR path[600];
    sd_open root_open;
    _snwprintf(path, 600, L"\\%ls", unc); /* \\host.m.smbdrive.invalid\lane */
    NTSTATUS status = sd_create(fs, path, FILE_LIST_DIRECTORY | SYNCHRONIZE, SHARE_ALL, SD_FILE_OPEN, SD_FILE_DIRECTORY_FILE, &root_open);
    BOOL ok = status == SD_STATUS_SUCCESS && root_open.is_directory && lstrcmpW(root_open.name, L"\\") == 0;
    if (status == SD_STATUS_SUCCESS) {
        sd_close_handle(fs, &root_open);
    }
    sd_open file;
    _snwprintf(path, 600, L"\\%ls\\sub\\a.txt", unc);
    NTSTATUS file_status = sd_create(fs, path, FILE_GENERIC_READ_NT, SHARE_ALL, SD_FILE_OPEN, READ_OPTIONS, &file);
    ok = ok && file_status == SD_STATUS_SUCCESS && lstrcmpW(file.name, L"\\sub\\a.txt") == 0
        && read_matches(fs, &file, L"\\sub\\a.txt", 0, 4096, FALSE, why, sizeof why);
    if (file_status == SD_STATUS_SUCCESS) {
        sd_close_handle(fs, &file);
    }
    sd_check(ok, "unc-root-and-path", "root 0x%08lx, file 0x%08lx %s", (unsigned long)status, (unsigned long)file_status, why);
}

/* One file object with two handles and a mapped view: Cleanup at the last handle, reads after it, CloseFile last. */
static void deferred_close(sd_instance *fs)
{
    char why[512] = "";
    sd_open file;
    NTSTATUS status = sd_create(fs, L"\\big.bin", FILE_GENERIC_READ_NT, SHARE_ALL, SD_FILE_OPEN, READ_OPTIONS, &file);
    BOOL ok = status == SD_STATUS_SUCCESS;
    if (ok) {
        sd_duplicate(&file);
        sd_map_view(&file);
        sd_close_handle(fs, &file); /* one of two handles: no Cleanup yet */
        ok = read_matches(fs, &file, L"\\big.bin", 8192, 8192, FALSE, why, sizeof why);
        sd_close_handle(fs, &file); /* the last handle: Cleanup, but the view keeps the file object */
        ok = ok && read_matches(fs, &file, L"\\big.bin", 3 * 65536, 65536, TRUE, why, sizeof why);
        LONG closes = fs->closes;
        sd_unmap_view(fs, &file); /* now CloseFile */
        ok = ok && fs->closes == closes + 1;
    }
    sd_check(ok, "close-deferred-to-last-reference", "0x%08lx %s", (unsigned long)status, why);
}

/* Explorer's rename: the library probes the target name (create, Cleanup, CloseFile at once), then opens its
 * parent with the same DOKAN_FILE_INFO. On a read-only drive (--read-only) the source's DELETE open is refused. */
static void rename_and_delete_refused(sd_instance *fs)
{
    sd_open probe;
    NTSTATUS status = sd_create(fs, L"\\sub\\b.txt", FILE_READ_ATTRIBUTES | SYNCHRONIZE, SHARE_ALL, SD_FILE_OPEN, 0, &probe);
    BOOL ok = status == SD_STATUS_SUCCESS;
    if (ok) {
        sd_close_handle(fs, &probe);
        ok = probe.context == 0;
    }
    sd_open parent;
    NTSTATUS parent_status = sd_create(fs, L"\\sub", FILE_WRITE_DATA | SYNCHRONIZE, SHARE_ALL, SD_FILE_OPEN, SD_FILE_DIRECTORY_FILE, &parent);
    if (parent_status == SD_STATUS_SUCCESS) {
        sd_close_handle(fs, &parent);
    }
    sd_open source;
    NTSTATUS source_status = sd_create(fs, L"\\sub\\a.txt", DELETE | SYNCHRONIZE | FILE_READ_ATTRIBUTES, SHARE_ALL, SD_FILE_OPEN, 0, &source);
    if (source_status == SD_STATUS_SUCCESS) {
        sd_close_handle(fs, &source);
    }
    sd_check(ok && parent_status != SD_STATUS_SUCCESS && source_status != SD_STATUS_SUCCESS, "rename-target-probe",
             "probe 0x%08lx, parent for writing 0x%08lx, source for DELETE 0x%08lx", (unsigned long)status,
             (unsigned long)parent_status, (unsigned long)source_status);

    sd_open victim;
    NTSTATUS delete_status = sd_create(fs, L"\\small.txt", DELETE | SYNCHRONIZE | FILE_READ_ATTRIBUTES, SHARE_ALL, SD_FILE_OPEN,
                                       SD_FILE_NON_DIRECTORY_FILE, &victim);
    NTSTATUS on_close = sd_create(fs, L"\\small.txt", DELETE | SYNCHRONIZE, SHARE_ALL, SD_FILE_OPEN, SD_FILE_DELETE_ON_CLOSE, &victim);
    if (delete_status == SD_STATUS_SUCCESS) {
        sd_close_handle(fs, &victim);
    }
    sd_check((delete_status == SD_STATUS_MEDIA_WRITE_PROTECTED || delete_status == SD_STATUS_ACCESS_DENIED)
                 && on_close == SD_STATUS_MEDIA_WRITE_PROTECTED && disk_size(L"\\small.txt") > 0,
             "delete-refused", "DELETE open 0x%08lx (after the library's retry on the parent), DELETE_ON_CLOSE 0x%08lx",
             (unsigned long)delete_status, (unsigned long)on_close);
}


/* Compares a file on the share's disk with what was written through the drive. */
static BOOL disk_equals(LPCWSTR name, const BYTE *want, DWORD length, char *why, size_t size)
{
    LONGLONG actual = disk_size(name);
    if (actual != (LONGLONG)length) {
        snprintf(why, size, "%lld bytes on disk, %lu written", actual, (unsigned long)length);
        return FALSE;
    }
    BYTE *got = malloc(length ? length : 1);
    DWORD n = disk_read(name, 0, got, length);
    BOOL ok = n == length && memcmp(got, want, length) == 0;
    if (!ok) {
        snprintf(why, size, "the bytes on disk differ (%lu read)", (unsigned long)n);
    }
    free(got);
    return ok;
}

static LONGLONG disk_write_time(LPCWSTR name)
{
    WCHAR path[1600];
    disk_path(name, path, 1600);
    WIN32_FILE_ATTRIBUTE_DATA data;
    if (!GetFileAttributesExW(path, GetFileExInfoStandard, &data)) {
        return -1;
    }
    return ((LONGLONG)data.ftLastWriteTime.dwHighDateTime << 32) | data.ftLastWriteTime.dwLowDateTime;
}

#define WRITTEN_LENGTH (3 * 65536 + 12345)
#define FILE_GENERIC_WRITE_NT 0x120116

/* Explorer copying a file in: CREATE_NEW with GENERIC_WRITE, SetAllocationSize, the data in chunks, SetEndOfFile,
 * the source's times, FlushFileBuffers, close; then the bytes on the share's disk, the time, a read back through the
 * drive, a paging write that must not extend the file, and an append. Leaves \written.bin with *content. */
static void write_new_file(sd_instance *fs, BYTE *content)
{
    char why[512] = "";
    unsigned state = 4242;
    for (DWORD i = 0; i < WRITTEN_LENGTH; i++) {
        state = state * 1103515245u + 12345u;
        content[i] = (BYTE)(state >> 16);
    }
    sd_open file;
    NTSTATUS status = sd_create(fs, L"\\written.bin", FILE_GENERIC_WRITE_NT | FILE_READ_ATTRIBUTES | DELETE, 0, SD_FILE_CREATE,
                                READ_OPTIONS, &file);
    BOOL ok = status == SD_STATUS_SUCCESS;
    NTSTATUS step = status;
    const char *what = "create";
    FILETIME when;
    when.dwHighDateTime = 0x01C08D00; /* early 2001: far from "now", so a server-set time cannot pass for it */
    when.dwLowDateTime = 0;
    if (ok) {
        what = "SetAllocationSize";
        step = sd_set_allocation_size(fs, &file, WRITTEN_LENGTH);
        ok = step == SD_STATUS_SUCCESS;
        for (DWORD offset = 0; ok && offset < WRITTEN_LENGTH; offset += 65536) {
            DWORD chunk = WRITTEN_LENGTH - offset < 65536 ? WRITTEN_LENGTH - offset : 65536, n = 0;
            what = "WriteFile";
            step = sd_write(fs, &file, content + offset, chunk, offset, FALSE, FALSE, &n);
            ok = step == SD_STATUS_SUCCESS && n == chunk;
        }
        if (ok) {
            what = "SetEndOfFile";
            step = sd_set_end_of_file(fs, &file, WRITTEN_LENGTH);
            ok = step == SD_STATUS_SUCCESS;
        }
        if (ok) {
            what = "SetFileTime";
            step = sd_set_file_time(fs, &file, &when, &when, &when);
            ok = step == SD_STATUS_SUCCESS;
        }
        if (ok) {
            what = "FlushFileBuffers";
            step = sd_flush(fs, &file);
            ok = step == SD_STATUS_SUCCESS;
        }
        sd_close_handle(fs, &file);
    }
    if (!ok) {
        snprintf(why, sizeof why, "%s: 0x%08lx", what, (unsigned long)step);
    }
    ok = ok && disk_equals(L"\\written.bin", content, WRITTEN_LENGTH, why, sizeof why);
    sd_check(ok, "create-write-close", "%s", why);
    LONGLONG expected_time = ((LONGLONG)when.dwHighDateTime << 32) | when.dwLowDateTime, time = disk_write_time(L"\\written.bin");
    sd_check(time >= expected_time - 10000000 && time <= expected_time + 10000000, "set-file-time", "on disk %lld, set %lld", time,
             expected_time);

    sd_open again;
    status = sd_create(fs, L"\\written.bin", FILE_GENERIC_READ_NT, SHARE_ALL, SD_FILE_OPEN, READ_OPTIONS, &again);
    why[0] = 0;
    ok = status == SD_STATUS_SUCCESS && read_matches(fs, &again, L"\\written.bin", 0, WRITTEN_LENGTH, FALSE, why, sizeof why);
    sd_check(ok, "read-back-through-the-drive", "open 0x%08lx %s", (unsigned long)status, why);
    if (status == SD_STATUS_SUCCESS) {
        sd_close_handle(fs, &again);
    }

    /* The cache manager writes whole pages: nothing past the end of file may reach the file. */
    sd_open rw;
    status = sd_create(fs, L"\\written.bin", FILE_GENERIC_READ_NT | FILE_GENERIC_WRITE_NT, FILE_SHARE_READ, SD_FILE_OPEN, READ_OPTIONS, &rw);
    DWORD straddling = 0xDEAD, beyond = 0xDEAD;
    NTSTATUS s1 = -1, s2 = -1;
    BYTE page[4096];
    memset(page, 0x5A, sizeof page);
    if (status == SD_STATUS_SUCCESS) {
        s1 = sd_write(fs, &rw, page, sizeof page, WRITTEN_LENGTH - 100, TRUE, FALSE, &straddling);
        s2 = sd_write(fs, &rw, page, sizeof page, WRITTEN_LENGTH + 4096, TRUE, FALSE, &beyond);
        sd_close_handle(fs, &rw);
    }
    memset(content + WRITTEN_LENGTH - 100, 0x5A, 100);
    why[0] = 0;
    ok = status == SD_STATUS_SUCCESS && s1 == SD_STATUS_SUCCESS && straddling == 100 && s2 == SD_STATUS_SUCCESS && beyond == 0
        && disk_equals(L"\\written.bin", content, WRITTEN_LENGTH, why, sizeof why);
    sd_check(ok, "paging-write-never-extends", "open 0x%08lx, straddling 0x%08lx %lu bytes, beyond 0x%08lx %lu bytes %s",
             (unsigned long)status, (unsigned long)s1, (unsigned long)straddling, (unsigned long)s2, (unsigned long)beyond, why);

    /* FILE_APPEND_DATA only: the write goes to the end of the file, wherever the caller pointed. */
    sd_open append;
    status = sd_create(fs, L"\\written.bin", FILE_APPEND_DATA | SYNCHRONIZE, FILE_SHARE_READ, SD_FILE_OPEN, READ_OPTIONS, &append);
    DWORD appended = 0;
    NTSTATUS s3 = -1;
    if (status == SD_STATUS_SUCCESS) {
        s3 = sd_write(fs, &append, "tail", 4, 0, FALSE, TRUE, &appended);
        sd_close_handle(fs, &append);
    }
    BYTE tail[4];
    ok = status == SD_STATUS_SUCCESS && s3 == SD_STATUS_SUCCESS && appended == 4 && disk_size(L"\\written.bin") == WRITTEN_LENGTH + 4
        && disk_read(L"\\written.bin", WRITTEN_LENGTH, tail, 4) == 4 && memcmp(tail, "tail", 4) == 0;
    sd_check(ok, "write-to-end-of-file", "open 0x%08lx, write 0x%08lx, %lu bytes, %lld on disk", (unsigned long)status,
             (unsigned long)s3, (unsigned long)appended, disk_size(L"\\written.bin"));
}

/* Explorer's rename (F2): the library probes the target, then renames through the source's DELETE open. Without
 * replace an existing target is a collision and both files stay as they are. */
static void rename_writable(sd_instance *fs)
{
    sd_open probe, source;
    LONGLONG size = disk_size(L"\\written.bin");
    NTSTATUS probed = sd_create(fs, L"\\sub\\moved.bin", FILE_READ_ATTRIBUTES | SYNCHRONIZE, SHARE_ALL, SD_FILE_OPEN, 0, &probe);
    NTSTATUS status = sd_create(fs, L"\\written.bin", DELETE | SYNCHRONIZE | FILE_READ_ATTRIBUTES, SHARE_ALL, SD_FILE_OPEN, 0, &source);
    NTSTATUS moved = -1;
    if (status == SD_STATUS_SUCCESS) {
        moved = sd_move(fs, &source, L"\\sub\\moved.bin", FALSE);
        sd_close_handle(fs, &source);
    }
    sd_check(probed == SD_STATUS_OBJECT_NAME_NOT_FOUND && status == SD_STATUS_SUCCESS && moved == SD_STATUS_SUCCESS
                 && lstrcmpW(source.name, L"\\sub\\moved.bin") == 0 && disk_size(L"\\written.bin") < 0 && size > 0
                 && disk_size(L"\\sub\\moved.bin") == size,
             "rename", "probe 0x%08lx, DELETE open 0x%08lx, rename 0x%08lx, %lld bytes moved", (unsigned long)probed,
             (unsigned long)status, (unsigned long)moved, disk_size(L"\\sub\\moved.bin"));

    LONGLONG a_size = disk_size(L"\\sub\\a.txt");
    status = sd_create(fs, L"\\sub\\moved.bin", DELETE | SYNCHRONIZE | FILE_READ_ATTRIBUTES, SHARE_ALL, SD_FILE_OPEN, 0, &source);
    moved = -1;
    if (status == SD_STATUS_SUCCESS) {
        moved = sd_move(fs, &source, L"\\sub\\a.txt", FALSE);
        sd_close_handle(fs, &source);
    }
    sd_check(status == SD_STATUS_SUCCESS && moved == SD_STATUS_OBJECT_NAME_COLLISION && disk_size(L"\\sub\\a.txt") == a_size
                 && disk_size(L"\\sub\\moved.bin") == size,
             "rename-without-replace-collides", "DELETE open 0x%08lx, rename 0x%08lx", (unsigned long)status, (unsigned long)moved);
}

/* Deleting (2.3.0): DeleteFile/DeleteDirectory only say yes or no, the object goes at Cleanup of the last handle. */
static void delete_writable(sd_instance *fs)
{
    sd_open victim;
    NTSTATUS status = sd_create(fs, L"\\sub\\moved.bin", DELETE | SYNCHRONIZE | FILE_READ_ATTRIBUTES, SHARE_ALL, SD_FILE_OPEN,
                                SD_FILE_NON_DIRECTORY_FILE, &victim);
    NTSTATUS marked = -1;
    BOOL before_cleanup = FALSE;
    if (status == SD_STATUS_SUCCESS) {
        marked = sd_set_disposition(fs, &victim, TRUE);
        before_cleanup = disk_size(L"\\sub\\moved.bin") >= 0;
        sd_close_handle(fs, &victim);
    }
    sd_check(status == SD_STATUS_SUCCESS && marked == SD_STATUS_SUCCESS && before_cleanup && disk_size(L"\\sub\\moved.bin") < 0,
             "delete-at-cleanup", "DELETE open 0x%08lx, disposition 0x%08lx, %s before Cleanup", (unsigned long)status,
             (unsigned long)marked, before_cleanup ? "there" : "gone");

    sd_open folder;
    status = sd_create(fs, L"\\sub", DELETE | SYNCHRONIZE | FILE_READ_ATTRIBUTES, SHARE_ALL, SD_FILE_OPEN, SD_FILE_DIRECTORY_FILE, &folder);
    marked = -1;
    if (status == SD_STATUS_SUCCESS) {
        marked = sd_set_disposition(fs, &folder, TRUE);
        sd_close_handle(fs, &folder);
    }
    sd_check(status == SD_STATUS_SUCCESS && marked == SD_STATUS_DIRECTORY_NOT_EMPTY && disk_size(L"\\sub\\a.txt") > 0,
             "delete-non-empty-folder-refused", "DELETE open 0x%08lx, disposition 0x%08lx", (unsigned long)status, (unsigned long)marked);

    /* FILE_DELETE_ON_CLOSE: a scratch file that is gone once its handle closes. */
    sd_open scratch;
    status = sd_create(fs, L"\\scratch.tmp", FILE_GENERIC_READ_NT | FILE_GENERIC_WRITE_NT | DELETE, 0, SD_FILE_CREATE,
                       READ_OPTIONS | SD_FILE_DELETE_ON_CLOSE, &scratch);
    DWORD written = 0;
    NTSTATUS wrote = -1;
    BOOL existed = FALSE;
    if (status == SD_STATUS_SUCCESS) {
        wrote = sd_write(fs, &scratch, "abc", 3, 0, FALSE, FALSE, &written);
        existed = disk_size(L"\\scratch.tmp") == 3;
        sd_close_handle(fs, &scratch);
    }
    sd_check(status == SD_STATUS_SUCCESS && wrote == SD_STATUS_SUCCESS && existed && disk_size(L"\\scratch.tmp") < 0, "delete-on-close",
             "create 0x%08lx, write 0x%08lx, %s on disk before the close", (unsigned long)status, (unsigned long)wrote,
             existed ? "3 bytes" : "not");

    /* A folder made and removed (mkdir = FILE_CREATE with FILE_DIRECTORY_FILE). */
    sd_open made;
    status = sd_create(fs, L"\\made by lane", FILE_LIST_DIRECTORY | SYNCHRONIZE, SHARE_ALL, SD_FILE_CREATE, SD_FILE_DIRECTORY_FILE, &made);
    BOOL is_dir = status == SD_STATUS_SUCCESS && made.is_directory;
    if (status == SD_STATUS_SUCCESS) {
        sd_close_handle(fs, &made);
    }
    BOOL on_disk = disk_size(L"\\made by lane") >= 0;
    NTSTATUS removed = -1;
    NTSTATUS reopened = sd_create(fs, L"\\made by lane", DELETE | SYNCHRONIZE, SHARE_ALL, SD_FILE_OPEN, SD_FILE_DIRECTORY_FILE, &made);
    if (reopened == SD_STATUS_SUCCESS) {
        removed = sd_set_disposition(fs, &made, TRUE);
        sd_close_handle(fs, &made);
    }
    sd_check(is_dir && on_disk && removed == SD_STATUS_SUCCESS && disk_size(L"\\made by lane") < 0, "folder-create-and-delete",
             "create 0x%08lx, delete open 0x%08lx, disposition 0x%08lx", (unsigned long)status, (unsigned long)reopened,
             (unsigned long)removed);
}

/* A writable drive: a file written, renamed and deleted through the callbacks, every step checked on the disk. The
 * share is left as it was found. */
static void write_rename_delete(sd_instance *fs)
{
    BYTE *content = malloc(WRITTEN_LENGTH);
    write_new_file(fs, content);
    free(content);
    rename_writable(fs);
    delete_writable(fs);
}

static void rename_and_delete(sd_instance *fs)
{
    if (fs->options->Options & SD_OPTION_WRITE_PROTECT) {
        rename_and_delete_refused(fs);
    } else {
        write_rename_delete(fs);
    }
}

typedef struct reader_args {
    sd_instance *fs;
    int seed;
    int failures;
    char why[512];
} reader_args;

static DWORD WINAPI reader(LPVOID argument)
{
    reader_args *args = argument;
    sd_open file;
    if (sd_create(args->fs, L"\\big.bin", FILE_GENERIC_READ_NT, SHARE_ALL, SD_FILE_OPEN, READ_OPTIONS, &file) != SD_STATUS_SUCCESS) {
        args->failures++;
        snprintf(args->why, sizeof args->why, "open failed");
        return 0;
    }
    LONGLONG size = disk_size(L"\\big.bin");
    unsigned state = (unsigned)args->seed * 2654435761u;
    for (int i = 0; i < 25; i++) {
        state = state * 1103515245u + 12345u;
        LONGLONG offset = (LONGLONG)(state % (unsigned)size);
        state = state * 1103515245u + 12345u;
        if (!read_matches(args->fs, &file, L"\\big.bin", offset, 1 + state % 131072, FALSE, args->why, sizeof args->why)) {
            args->failures++;
        }
    }
    sd_close_handle(args->fs, &file);
    return 0;
}

static void concurrent_reads(sd_instance *fs)
{
    reader_args args[4];
    HANDLE threads[4];
    for (int i = 0; i < 4; i++) {
        ZeroMemory(&args[i], sizeof args[i]);
        args[i].fs = fs;
        args[i].seed = i + 1;
        threads[i] = CreateThread(NULL, 0, reader, &args[i], 0, NULL);
    }
    WaitForMultipleObjects(4, threads, TRUE, 120000);
    int failures = 0;
    const char *why = "";
    for (int i = 0; i < 4; i++) {
        failures += args[i].failures;
        if (args[i].failures) {
            why = args[i].why;
        }
        CloseHandle(threads[i]);
    }
    sd_check(failures == 0, "concurrent-reads", "4 native threads x 25 reads, %d wrong %s", failures, why);
}

static void explorer(sd_instance *fs)
{
    check_volume(fs, NULL, NULL);
    explorer_browse(fs);
    explorer_read(fs);
    unc_forms(fs);
    deferred_close(fs);
    rename_and_delete(fs);
    concurrent_reads(fs);
    sd_check(fs->creates == fs->closes, "every-open-closed", "%ld opens, %ld CloseFile", (long)fs->creates, (long)fs->closes);
    sd_log("DONE");
    /* Unmount as "smbdrive unmount" or the driver's release would: Unmounted, then the file system is closed. */
    InterlockedExchange(&fs->stopping, 1);
    sd_unmounted(fs);
    SetEvent(fs->closed);
}

typedef struct stalled_read {
    sd_instance *fs;
    sd_open *open;
    LONGLONG offset;
    NTSTATUS status;
} stalled_read;

static DWORD WINAPI read_while_stalled(LPVOID argument)
{
    stalled_read *read = argument;
    BYTE *buffer = malloc(65536);
    DWORD n;
    read->status = sd_read(read->fs, read->open, buffer, 65536, read->offset, FALSE, &n);
    free(buffer);
    return 0;
}

/* Waits for the lane's signal file: SMBDRIVE_STANDIN_GO with the suffix appended. */
static BOOL wait_for_signal(LPCWSTR suffix)
{
    WCHAR go[1100];
    DWORD length = GetEnvironmentVariableW(L"SMBDRIVE_STANDIN_GO", go, 1024);
    if (length == 0 || length >= 1024) {
        return FALSE;
    }
    lstrcatW(go, suffix);
    for (int i = 0; i < 1200; i++) { /* polls for the lane's signal file, 60 s at most */
        if (GetFileAttributesW(go) != INVALID_FILE_ATTRIBUTES) {
            return TRUE;
        }
        Sleep(50);
    }
    return FALSE;
}

static void stalled_server(sd_instance *fs, BOOL disconnect)
{
    char why[512] = "";
    ULONGLONG total_before = 0;
    DWORD serial_before = 0;
    check_volume(fs, &total_before, &serial_before);
    sd_open file;
    NTSTATUS status = sd_create(fs, L"\\big.bin", FILE_GENERIC_READ_NT, SHARE_ALL, SD_FILE_OPEN, READ_OPTIONS, &file);
    BOOL ok = status == SD_STATUS_SUCCESS && read_matches(fs, &file, L"\\big.bin", 0, 4096, FALSE, why, sizeof why);
    sd_check(ok, "read-before-stall", "0x%08lx %s", (unsigned long)status, why);
    if (!ok) {
        sd_log("DONE");
        return;
    }
    sd_log("READY");
    if (!wait_for_signal(L"")) {
        sd_log("FAIL stall-signal: the lane did not stop the server within 60 s");
        return;
    }

    /* "This PC" while the server does not answer: last-known values, quickly. */
    WCHAR label[MAX_PATH], name[MAX_PATH];
    DWORD serial = 0, max_component = 0, flags = 0;
    ULONGLONG available = 0, total = 0, free_bytes = 0;
    DWORD start = GetTickCount();
    NTSTATUS volume = sd_volume(fs, label, &serial, &max_component, &flags, name);
    DWORD volume_ms = GetTickCount() - start;
    start = GetTickCount();
    NTSTATUS space = sd_free_space(fs, &available, &total, &free_bytes);
    DWORD space_ms = GetTickCount() - start;
    sd_check(volume == SD_STATUS_SUCCESS && volume_ms < 3000 && serial == serial_before && lstrcmpW(label, L"lane") == 0,
             "volume-information-while-server-stalled", "0x%08lx in %lu ms", (unsigned long)volume, (unsigned long)volume_ms);
    sd_check(space == SD_STATUS_SUCCESS && space_ms < 3000 && total == total_before, "free-space-while-server-stalled",
             "0x%08lx in %lu ms, total %llu (before %llu)", (unsigned long)space, (unsigned long)space_ms, total, total_before);

    /* A read the server never answers. */
    stalled_read read = {fs, &file, disk_size(L"\\big.bin") - 300000, 0};
    HANDLE reader_thread = CreateThread(NULL, 0, read_while_stalled, &read, 0, NULL);
    BOOL blocked = WaitForSingleObject(reader_thread, 1500) == WAIT_TIMEOUT;
    sd_check(blocked, "read-blocks-while-server-stalled", "the read %s", blocked ? "is waiting for the server" : "returned at once");
    sd_log("INFO at %lu ms: the read is blocked", GetTickCount());
    sd_log("BLOCKED");
    if (disconnect) {
        /* Explorer's Disconnect: the driver unmounts and the library calls Unmounted while the read still waits. */
        DWORD waited;
        start = GetTickCount();
        InterlockedExchange(&fs->stopping, 1);
        sd_unmounted(fs);
        BOOL idle = sd_wait_idle(fs, 30000, &waited);
        DWORD elapsed = GetTickCount() - start;
        sd_check(idle && elapsed <= 5000, "disconnect-within-5s", "callbacks returned %lu ms after Unmounted", (unsigned long)elapsed);
        sd_log("INFO at %lu ms: closing the file system after Explorer's Disconnect", GetTickCount());
        SetEvent(fs->closed);
    } else if (WaitForSingleObject(fs->closed, 60000) != WAIT_OBJECT_0) {
        sd_log("FAIL ctrl-c-unmount: not unmounted within 60 s of BLOCKED");
    }
    WaitForSingleObject(reader_thread, 30000);
    CloseHandle(reader_thread);
    sd_check(read.status != SD_STATUS_SUCCESS, "stalled-read-ends-with-error", "0x%08lx", (unsigned long)read.status);
    sd_close_handle(fs, &file);
    sd_log("DONE");
}

/* Another PC (the lane's second session) meets the share mode a Windows caller asked for at CreateFile; then this
 * drive's own opens meet each other's share modes and locks on the server (the stand-in, unlike the Dokan driver,
 * checks no sharing itself, so every refusal here is the server's). */
static void sharing(sd_instance *fs)
{
    char why[512] = "";
    sd_open held;
    NTSTATUS status = sd_create(fs, L"\\sharing.bin", FILE_GENERIC_READ_NT, FILE_SHARE_READ, SD_FILE_OPEN, READ_OPTIONS, &held);
    BOOL ok = status == SD_STATUS_SUCCESS && read_matches(fs, &held, L"\\sharing.bin", 0, 4096, FALSE, why, sizeof why);
    sd_check(ok, "read-open-sharing-read-only", "0x%08lx %s", (unsigned long)status, why);
    if (ok) {
        sd_log("HELD");
        ok = wait_for_signal(L".1");
        sd_check(ok, "held-signal", "%s", ok ? "the lane signalled" : "the lane did not signal within 60 s");
        sd_close_handle(fs, &held);
    }
    if (ok) {
        sd_log("RELEASED");
        ok = wait_for_signal(L".2");
        sd_check(ok, "released-signal", "%s", ok ? "the lane signalled" : "the lane did not signal within 60 s");
    }
    if (!ok) {
        sd_log("DONE");
        return;
    }

    /* This drive's own opens: a read open sharing read only that only this drive's writer stands in the way of goes
     * ahead (the Dokan driver judges sharing among the drive's own handles; one it lets through was refused only by a
     * handle Windows no longer counts), and reads what the other PC wrote. */
    sd_open writer, own, reader;
    status = sd_create(fs, L"\\sharing.bin", FILE_GENERIC_READ_NT | FILE_GENERIC_WRITE_NT, SHARE_ALL, SD_FILE_OPEN, READ_OPTIONS, &writer);
    NTSTATUS own_status = sd_create(fs, L"\\sharing.bin", FILE_GENERIC_READ_NT, FILE_SHARE_READ, SD_FILE_OPEN, READ_OPTIONS, &own);
    ok = status == SD_STATUS_SUCCESS && own_status == SD_STATUS_SUCCESS
        && read_matches(fs, &own, L"\\sharing.bin", 0, 5000, FALSE, why, sizeof why);
    sd_check(ok, "read-open-sharing-read-only-beside-own-writer", "writer 0x%08lx, reader 0x%08lx %s", (unsigned long)status,
             (unsigned long)own_status, why);
    if (own_status == SD_STATUS_SUCCESS) {
        sd_close_handle(fs, &own);
    }
    if (status != SD_STATUS_SUCCESS) {
        sd_log("DONE");
        return;
    }
    NTSTATUS reader_status = sd_create(fs, L"\\sharing.bin", FILE_GENERIC_READ_NT, FILE_SHARE_READ | FILE_SHARE_WRITE, SD_FILE_OPEN,
                                       READ_OPTIONS, &reader);
    NTSTATUS locked = sd_lock(fs, &writer, 100, 50, FALSE);
    if (reader_status == SD_STATUS_SUCCESS && locked == SD_STATUS_SUCCESS) {
        NTSTATUS other_lock = sd_lock(fs, &reader, 120, 1, FALSE);
        BYTE buffer[10];
        DWORD read = 0;
        NTSTATUS in_range = sd_read(fs, &reader, buffer, sizeof buffer, 110, FALSE, &read);
        ok = read_matches(fs, &reader, L"\\sharing.bin", 0, 100, FALSE, why, sizeof why);
        sd_check(other_lock == SD_STATUS_LOCK_NOT_GRANTED && in_range == SD_STATUS_FILE_LOCK_CONFLICT && ok, "lock-conflicts",
                 "LockFile 0x%08lx, ReadFile in the range 0x%08lx, outside it %s", (unsigned long)other_lock, (unsigned long)in_range,
                 ok ? "as on disk" : why);
        NTSTATUS unlocked = sd_lock(fs, &writer, 100, 50, TRUE);
        ok = unlocked == SD_STATUS_SUCCESS && read_matches(fs, &reader, L"\\sharing.bin", 100, 100, FALSE, why, sizeof why);
        sd_check(ok, "read-after-unlock", "UnlockFile 0x%08lx %s", (unsigned long)unlocked, why);
    } else {
        sd_check(FALSE, "lock-conflicts", "reader 0x%08lx, LockFile 0x%08lx", (unsigned long)reader_status, (unsigned long)locked);
    }
    if (reader_status == SD_STATUS_SUCCESS) {
        sd_close_handle(fs, &reader);
    }
    sd_close_handle(fs, &writer);
    sd_check(fs->creates == fs->closes, "every-open-closed", "%ld opens, %ld CloseFile", (long)fs->creates, (long)fs->closes);
    sd_log("DONE");
    InterlockedExchange(&fs->stopping, 1);
    sd_unmounted(fs);
    SetEvent(fs->closed);
}

DWORD WINAPI sd_run_scenario(LPVOID argument)
{
    sd_instance *fs = argument;
    if (!GetEnvironmentVariableW(L"SMBDRIVE_STANDIN_ROOT", root, 1024)) {
        sd_log("FAIL scenario: SMBDRIVE_STANDIN_ROOT is not set");
        return 0;
    }
    WCHAR scenario[64] = L"";
    GetEnvironmentVariableW(L"SMBDRIVE_STANDIN_SCENARIO", scenario, 64);
    if (lstrcmpiW(scenario, L"stall") == 0) {
        stalled_server(fs, FALSE);
    } else if (lstrcmpiW(scenario, L"disconnect") == 0) {
        stalled_server(fs, TRUE);
    } else if (lstrcmpiW(scenario, L"sharing") == 0) {
        sharing(fs);

    } else {
        explorer(fs);
    }
    return 0;
}
