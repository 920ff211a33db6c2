/* The parts of dokan.h's ABI (Dokan 2.x, x64) that SmbDrive's binding uses, declared by this project from the
 * published header's documentation (see /work/shared/docs/dokan-api.md sections 1-4), not copied from it. Every size
 * and offset is asserted, so the stand-in fails to compile rather than disagree with the real library. */
#ifndef SMBDRIVE_DOKAN_ABI_H
#define SMBDRIVE_DOKAN_ABI_H

#include <windows.h>
#include <stddef.h>

#define SD_DOKAN_CALLBACK __stdcall
#define SD_DOKANAPI __stdcall

/* DOKAN_OPTION_* (2.x numbering) */
enum {
    SD_OPTION_DEBUG = 0x1,
    SD_OPTION_STDERR = 0x2,
    SD_OPTION_ALT_STREAM = 0x4,
    SD_OPTION_WRITE_PROTECT = 0x8,
    SD_OPTION_NETWORK = 0x10,
    SD_OPTION_REMOVABLE = 0x20,
    SD_OPTION_MOUNT_MANAGER = 0x40,
    SD_OPTION_CURRENT_SESSION = 0x80,
    SD_OPTION_FILELOCK_USER_MODE = 0x100,
    SD_OPTION_CASE_SENSITIVE = 0x200,
    SD_OPTION_ENABLE_UNMOUNT_NETWORK_DRIVE = 0x400,
    SD_OPTION_DISPATCH_DRIVER_LOGS = 0x800,
    SD_OPTION_ALLOW_IPC_BATCHING = 0x1000,
};

/* DokanMain / DokanCreateFileSystem results */
enum {
    SD_DOKAN_SUCCESS = 0,
    SD_DOKAN_ERROR = -1,
    SD_DOKAN_DRIVE_LETTER_ERROR = -2,
    SD_DOKAN_DRIVER_INSTALL_ERROR = -3,
    SD_DOKAN_START_ERROR = -4,
    SD_DOKAN_MOUNT_ERROR = -5,
    SD_DOKAN_MOUNT_POINT_ERROR = -6,
    SD_DOKAN_VERSION_ERROR = -7,
};

#define SD_VOLUME_SECURITY_DESCRIPTOR_MAX_SIZE (16 * 1024)

typedef struct sd_dokan_options {
    USHORT Version;
    BOOLEAN SingleThread;
    ULONG Options;
    ULONG64 GlobalContext;
    LPCWSTR MountPoint;
    LPCWSTR UNCName;
    ULONG Timeout;
    ULONG AllocationUnitSize;
    ULONG SectorSize;
    ULONG VolumeSecurityDescriptorLength;
    CHAR VolumeSecurityDescriptor[SD_VOLUME_SECURITY_DESCRIPTOR_MAX_SIZE];
} sd_dokan_options;

typedef struct sd_dokan_file_info {
    ULONG64 Context;
    ULONG64 DokanContext;
    sd_dokan_options *DokanOptions;
    PVOID ProcessingContext;
    ULONG ProcessId;
    UCHAR IsDirectory;
    UCHAR DeletePending;
    UCHAR PagingIo;
    UCHAR SynchronousIo;
    UCHAR Nocache;
    UCHAR WriteToEndOfFile;
} sd_dokan_file_info;

typedef struct sd_unicode_string {
    USHORT Length;
    USHORT MaximumLength;
    PWSTR Buffer;
} sd_unicode_string;

typedef struct sd_dokan_access_state {
    BOOLEAN SecurityEvaluated;
    BOOLEAN GenerateAudit;
    BOOLEAN GenerateOnClose;
    BOOLEAN AuditPrivileges;
    ULONG Flags;
    ACCESS_MASK RemainingDesiredAccess;
    ACCESS_MASK PreviouslyGrantedAccess;
    ACCESS_MASK OriginalDesiredAccess;
    PSECURITY_DESCRIPTOR SecurityDescriptor;
    sd_unicode_string ObjectName;
    sd_unicode_string ObjectType;
} sd_dokan_access_state;

typedef struct sd_dokan_io_security_context {
    sd_dokan_access_state AccessState;
    ACCESS_MASK DesiredAccess;
} sd_dokan_io_security_context;

typedef struct sd_win32_find_stream_data {
    LARGE_INTEGER StreamSize;
    WCHAR cStreamName[MAX_PATH + 36];
} sd_win32_find_stream_data;

typedef int(WINAPI *sd_fill_find_data)(PWIN32_FIND_DATAW, sd_dokan_file_info *);
typedef BOOL(WINAPI *sd_fill_find_stream_data)(sd_win32_find_stream_data *, PVOID);

typedef struct sd_dokan_operations {
    NTSTATUS(SD_DOKAN_CALLBACK *ZwCreateFile)(LPCWSTR, sd_dokan_io_security_context *, ACCESS_MASK, ULONG, ULONG, ULONG, ULONG,
                                             sd_dokan_file_info *);
    void(SD_DOKAN_CALLBACK *Cleanup)(LPCWSTR, sd_dokan_file_info *);
    void(SD_DOKAN_CALLBACK *CloseFile)(LPCWSTR, sd_dokan_file_info *);
    NTSTATUS(SD_DOKAN_CALLBACK *ReadFile)(LPCWSTR, LPVOID, DWORD, LPDWORD, LONGLONG, sd_dokan_file_info *);
    NTSTATUS(SD_DOKAN_CALLBACK *WriteFile)(LPCWSTR, LPCVOID, DWORD, LPDWORD, LONGLONG, sd_dokan_file_info *);
    NTSTATUS(SD_DOKAN_CALLBACK *FlushFileBuffers)(LPCWSTR, sd_dokan_file_info *);
    NTSTATUS(SD_DOKAN_CALLBACK *GetFileInformation)(LPCWSTR, LPBY_HANDLE_FILE_INFORMATION, sd_dokan_file_info *);
    NTSTATUS(SD_DOKAN_CALLBACK *FindFiles)(LPCWSTR, sd_fill_find_data, sd_dokan_file_info *);
    NTSTATUS(SD_DOKAN_CALLBACK *FindFilesWithPattern)(LPCWSTR, LPCWSTR, sd_fill_find_data, sd_dokan_file_info *);
    NTSTATUS(SD_DOKAN_CALLBACK *SetFileAttributes)(LPCWSTR, DWORD, sd_dokan_file_info *);
    NTSTATUS(SD_DOKAN_CALLBACK *SetFileTime)(LPCWSTR, CONST FILETIME *, CONST FILETIME *, CONST FILETIME *, sd_dokan_file_info *);
    NTSTATUS(SD_DOKAN_CALLBACK *DeleteFile)(LPCWSTR, sd_dokan_file_info *);
    NTSTATUS(SD_DOKAN_CALLBACK *DeleteDirectory)(LPCWSTR, sd_dokan_file_info *);
    NTSTATUS(SD_DOKAN_CALLBACK *MoveFile)(LPCWSTR, LPCWSTR, BOOL, sd_dokan_file_info *);
    NTSTATUS(SD_DOKAN_CALLBACK *SetEndOfFile)(LPCWSTR, LONGLONG, sd_dokan_file_info *);
    NTSTATUS(SD_DOKAN_CALLBACK *SetAllocationSize)(LPCWSTR, LONGLONG, sd_dokan_file_info *);
    NTSTATUS(SD_DOKAN_CALLBACK *LockFile)(LPCWSTR, LONGLONG, LONGLONG, sd_dokan_file_info *);
    NTSTATUS(SD_DOKAN_CALLBACK *UnlockFile)(LPCWSTR, LONGLONG, LONGLONG, sd_dokan_file_info *);
    NTSTATUS(SD_DOKAN_CALLBACK *GetDiskFreeSpace)(PULONGLONG, PULONGLONG, PULONGLONG, sd_dokan_file_info *);
    NTSTATUS(SD_DOKAN_CALLBACK *GetVolumeInformation)(LPWSTR, DWORD, LPDWORD, LPDWORD, LPDWORD, LPWSTR, DWORD, sd_dokan_file_info *);
    NTSTATUS(SD_DOKAN_CALLBACK *Mounted)(LPCWSTR, sd_dokan_file_info *);
    NTSTATUS(SD_DOKAN_CALLBACK *Unmounted)(sd_dokan_file_info *);
    NTSTATUS(SD_DOKAN_CALLBACK *GetFileSecurity)(LPCWSTR, PSECURITY_INFORMATION, PSECURITY_DESCRIPTOR, ULONG, PULONG, sd_dokan_file_info *);
    NTSTATUS(SD_DOKAN_CALLBACK *SetFileSecurity)(LPCWSTR, PSECURITY_INFORMATION, PSECURITY_DESCRIPTOR, ULONG, sd_dokan_file_info *);
    NTSTATUS(SD_DOKAN_CALLBACK *FindStreams)(LPCWSTR, sd_fill_find_stream_data, PVOID, sd_dokan_file_info *);
} sd_dokan_operations;

/* x64 layouts (dokan-api.md sections 2.1, 3, 4). */
#define SD_ASSERT_OFFSET(type, field, offset) _Static_assert(offsetof(type, field) == (offset), #type "." #field)
_Static_assert(sizeof(void *) == 8, "the stand-in is x64 only");
_Static_assert(sizeof(sd_dokan_options) == 16432, "DOKAN_OPTIONS size");
SD_ASSERT_OFFSET(sd_dokan_options, Version, 0);
SD_ASSERT_OFFSET(sd_dokan_options, SingleThread, 2);
SD_ASSERT_OFFSET(sd_dokan_options, Options, 4);
SD_ASSERT_OFFSET(sd_dokan_options, GlobalContext, 8);
SD_ASSERT_OFFSET(sd_dokan_options, MountPoint, 16);
SD_ASSERT_OFFSET(sd_dokan_options, UNCName, 24);
SD_ASSERT_OFFSET(sd_dokan_options, Timeout, 32);
SD_ASSERT_OFFSET(sd_dokan_options, AllocationUnitSize, 36);
SD_ASSERT_OFFSET(sd_dokan_options, SectorSize, 40);
SD_ASSERT_OFFSET(sd_dokan_options, VolumeSecurityDescriptorLength, 44);
SD_ASSERT_OFFSET(sd_dokan_options, VolumeSecurityDescriptor, 48);
_Static_assert(sizeof(sd_dokan_file_info) == 48, "DOKAN_FILE_INFO size");
SD_ASSERT_OFFSET(sd_dokan_file_info, Context, 0);
SD_ASSERT_OFFSET(sd_dokan_file_info, DokanContext, 8);
SD_ASSERT_OFFSET(sd_dokan_file_info, DokanOptions, 16);
SD_ASSERT_OFFSET(sd_dokan_file_info, ProcessingContext, 24);
SD_ASSERT_OFFSET(sd_dokan_file_info, ProcessId, 32);
SD_ASSERT_OFFSET(sd_dokan_file_info, IsDirectory, 36);
SD_ASSERT_OFFSET(sd_dokan_file_info, DeletePending, 37);
SD_ASSERT_OFFSET(sd_dokan_file_info, PagingIo, 38);
SD_ASSERT_OFFSET(sd_dokan_file_info, SynchronousIo, 39);
SD_ASSERT_OFFSET(sd_dokan_file_info, Nocache, 40);
SD_ASSERT_OFFSET(sd_dokan_file_info, WriteToEndOfFile, 41);
_Static_assert(sizeof(sd_unicode_string) == 16, "UNICODE_STRING size");
_Static_assert(sizeof(sd_dokan_access_state) == 64, "DOKAN_ACCESS_STATE size");
SD_ASSERT_OFFSET(sd_dokan_access_state, Flags, 4);
SD_ASSERT_OFFSET(sd_dokan_access_state, RemainingDesiredAccess, 8);
SD_ASSERT_OFFSET(sd_dokan_access_state, PreviouslyGrantedAccess, 12);
SD_ASSERT_OFFSET(sd_dokan_access_state, OriginalDesiredAccess, 16);
SD_ASSERT_OFFSET(sd_dokan_access_state, SecurityDescriptor, 24);
SD_ASSERT_OFFSET(sd_dokan_access_state, ObjectName, 32);
SD_ASSERT_OFFSET(sd_dokan_access_state, ObjectType, 48);
_Static_assert(sizeof(sd_dokan_io_security_context) == 72, "DOKAN_IO_SECURITY_CONTEXT size");
SD_ASSERT_OFFSET(sd_dokan_io_security_context, DesiredAccess, 64);
_Static_assert(sizeof(sd_dokan_operations) == 200, "DOKAN_OPERATIONS size");
SD_ASSERT_OFFSET(sd_dokan_operations, ZwCreateFile, 0);
SD_ASSERT_OFFSET(sd_dokan_operations, Cleanup, 8);
SD_ASSERT_OFFSET(sd_dokan_operations, CloseFile, 16);
SD_ASSERT_OFFSET(sd_dokan_operations, ReadFile, 24);
SD_ASSERT_OFFSET(sd_dokan_operations, WriteFile, 32);
SD_ASSERT_OFFSET(sd_dokan_operations, FlushFileBuffers, 40);
SD_ASSERT_OFFSET(sd_dokan_operations, GetFileInformation, 48);
SD_ASSERT_OFFSET(sd_dokan_operations, FindFiles, 56);
SD_ASSERT_OFFSET(sd_dokan_operations, FindFilesWithPattern, 64);
SD_ASSERT_OFFSET(sd_dokan_operations, SetFileAttributes, 72);
SD_ASSERT_OFFSET(sd_dokan_operations, SetFileTime, 80);
SD_ASSERT_OFFSET(sd_dokan_operations, DeleteFile, 88);
SD_ASSERT_OFFSET(sd_dokan_operations, DeleteDirectory, 96);
SD_ASSERT_OFFSET(sd_dokan_operations, MoveFile, 104);
SD_ASSERT_OFFSET(sd_dokan_operations, SetEndOfFile, 112);
SD_ASSERT_OFFSET(sd_dokan_operations, SetAllocationSize, 120);
SD_ASSERT_OFFSET(sd_dokan_operations, LockFile, 128);
SD_ASSERT_OFFSET(sd_dokan_operations, UnlockFile, 136);
SD_ASSERT_OFFSET(sd_dokan_operations, GetDiskFreeSpace, 144);
SD_ASSERT_OFFSET(sd_dokan_operations, GetVolumeInformation, 152);
SD_ASSERT_OFFSET(sd_dokan_operations, Mounted, 160);
SD_ASSERT_OFFSET(sd_dokan_operations, Unmounted, 168);
SD_ASSERT_OFFSET(sd_dokan_operations, GetFileSecurity, 176);
SD_ASSERT_OFFSET(sd_dokan_operations, SetFileSecurity, 184);
SD_ASSERT_OFFSET(sd_dokan_operations, FindStreams, 192);
/* Windows' own structures the callbacks fill. */
_Static_assert(sizeof(WIN32_FIND_DATAW) == 592, "WIN32_FIND_DATAW size");
_Static_assert(offsetof(WIN32_FIND_DATAW, cFileName) == 44, "WIN32_FIND_DATAW.cFileName");
_Static_assert(offsetof(WIN32_FIND_DATAW, cAlternateFileName) == 564, "WIN32_FIND_DATAW.cAlternateFileName");
_Static_assert(sizeof(BY_HANDLE_FILE_INFORMATION) == 52, "BY_HANDLE_FILE_INFORMATION size");
_Static_assert(offsetof(BY_HANDLE_FILE_INFORMATION, nFileSizeHigh) == 32, "BY_HANDLE_FILE_INFORMATION.nFileSizeHigh");
_Static_assert(offsetof(BY_HANDLE_FILE_INFORMATION, nFileIndexLow) == 48, "BY_HANDLE_FILE_INFORMATION.nFileIndexLow");
_Static_assert(sizeof(sd_win32_find_stream_data) == 600, "WIN32_FIND_STREAM_DATA size");

/* Create dispositions and options the kernel passes (wdm.h values). */
enum {
    SD_FILE_SUPERSEDE = 0,
    SD_FILE_OPEN = 1,
    SD_FILE_CREATE = 2,
    SD_FILE_OPEN_IF = 3,
    SD_FILE_OVERWRITE = 4,
    SD_FILE_OVERWRITE_IF = 5,
};
enum {
    SD_FILE_DIRECTORY_FILE = 0x1,
    SD_FILE_SYNCHRONOUS_IO_NONALERT = 0x20,
    SD_FILE_NON_DIRECTORY_FILE = 0x40,
    SD_FILE_DELETE_ON_CLOSE = 0x1000,
    SD_FILE_OPEN_REPARSE_POINT = 0x200000,
};

/* NTSTATUS values the stand-in produces or expects. */
#define SD_STATUS_SUCCESS ((NTSTATUS)0x00000000L)
#define SD_STATUS_NO_MORE_FILES ((NTSTATUS)0x80000006L)
#define SD_STATUS_NOT_IMPLEMENTED ((NTSTATUS)0xC0000002L)
#define SD_STATUS_INVALID_PARAMETER ((NTSTATUS)0xC000000DL)
#define SD_STATUS_NO_SUCH_FILE ((NTSTATUS)0xC000000FL)
#define SD_STATUS_END_OF_FILE ((NTSTATUS)0xC0000011L)
#define SD_STATUS_ACCESS_DENIED ((NTSTATUS)0xC0000022L)
#define SD_STATUS_OBJECT_NAME_INVALID ((NTSTATUS)0xC0000033L)
#define SD_STATUS_OBJECT_NAME_NOT_FOUND ((NTSTATUS)0xC0000034L)
#define SD_STATUS_OBJECT_NAME_COLLISION ((NTSTATUS)0xC0000035L)
#define SD_STATUS_OBJECT_PATH_NOT_FOUND ((NTSTATUS)0xC000003AL)
#define SD_STATUS_SHARING_VIOLATION ((NTSTATUS)0xC0000043L)
#define SD_STATUS_FILE_LOCK_CONFLICT ((NTSTATUS)0xC0000054L)
#define SD_STATUS_LOCK_NOT_GRANTED ((NTSTATUS)0xC0000055L)
#define SD_STATUS_MEDIA_WRITE_PROTECTED ((NTSTATUS)0xC00000A2L)
#define SD_STATUS_FILE_IS_A_DIRECTORY ((NTSTATUS)0xC00000BAL)
#define SD_STATUS_IO_TIMEOUT ((NTSTATUS)0xC00000B5L)
#define SD_STATUS_NOT_A_DIRECTORY ((NTSTATUS)0xC0000103L)
#define SD_STATUS_DIRECTORY_NOT_EMPTY ((NTSTATUS)0xC0000101L)
#define SD_STATUS_CANNOT_DELETE ((NTSTATUS)0xC0000121L)

#endif
