/* A stand-in for dokan2.dll: it plays the Dokan driver and user-mode library for the Wine lane. See driver.c for
 * the exports and the kernel's and library's rules, scenarios.c for the request sequences it replays. */
#ifndef SMBDRIVE_STANDIN_H
#define SMBDRIVE_STANDIN_H

#include "dokan_abi.h"

typedef struct sd_open {
    WCHAR name[520];      /* as the callbacks see it, after the kernel's rewrites */
    ULONG64 context;      /* DOKAN_FILE_INFO.Context, saved after every callback */
    UCHAR is_directory;
    UCHAR delete_pending; /* FileDispositionInformation accepted, or FILE_DELETE_ON_CLOSE: deleted at Cleanup */
    LONG user_handles;    /* Cleanup when the last one closes */
    LONG references;      /* CloseFile when the last one goes (user handles, mapped views) */
} sd_open;

typedef struct sd_entry {
    WCHAR name[MAX_PATH];
    DWORD attributes;
    ULONGLONG size;
} sd_entry;

typedef struct sd_listing {
    sd_entry *entries;
    int count;
    int capacity;
} sd_listing;

typedef struct sd_instance {
    sd_dokan_options *options;
    sd_dokan_operations *operations;
    HANDLE closed;            /* manual reset: the file system has stopped */
    HANDLE scenario;          /* the thread replaying the scenario */
    volatile LONG stopping;   /* DokanCloseHandle or an unmount began */
    volatile LONG in_flight;  /* callbacks running now */
    volatile LONG unmounted;  /* Unmounted was called */
    volatile LONG64 requests;
    volatile LONG creates;    /* successful ZwCreateFile */
    volatile LONG closes;     /* CloseFile */
} sd_instance;

/* driver.c: the kernel's and the library's side of each request */
NTSTATUS sd_create(sd_instance *fs, LPCWSTR name, ACCESS_MASK access, ULONG share, ULONG disposition, ULONG options, sd_open *open);
NTSTATUS sd_read(sd_instance *fs, sd_open *open, void *buffer, DWORD length, LONGLONG offset, BOOL paging, DWORD *read);
NTSTATUS sd_info(sd_instance *fs, sd_open *open, BY_HANDLE_FILE_INFORMATION *info);
NTSTATUS sd_find(sd_instance *fs, sd_open *open, LPCWSTR pattern, sd_listing *listing);
NTSTATUS sd_write(sd_instance *fs, sd_open *open, const void *buffer, DWORD length, LONGLONG offset, BOOL paging, BOOL append,
                  DWORD *written);
NTSTATUS sd_flush(sd_instance *fs, sd_open *open);
NTSTATUS sd_lock(sd_instance *fs, sd_open *open, LONGLONG offset, LONGLONG length, BOOL unlock);
NTSTATUS sd_set_end_of_file(sd_instance *fs, sd_open *open, LONGLONG length);
NTSTATUS sd_set_allocation_size(sd_instance *fs, sd_open *open, LONGLONG length);
NTSTATUS sd_set_file_time(sd_instance *fs, sd_open *open, const FILETIME *creation, const FILETIME *access, const FILETIME *write);
NTSTATUS sd_set_disposition(sd_instance *fs, sd_open *open, BOOL delete_file);
NTSTATUS sd_move(sd_instance *fs, sd_open *open, LPCWSTR new_name, BOOL replace);
void sd_duplicate(sd_open *open);
void sd_close_handle(sd_instance *fs, sd_open *open);
void sd_map_view(sd_open *open);
void sd_unmap_view(sd_instance *fs, sd_open *open);
NTSTATUS sd_volume(sd_instance *fs, WCHAR *label, DWORD *serial, DWORD *max_component, DWORD *flags, WCHAR *fs_name);
NTSTATUS sd_free_space(sd_instance *fs, ULONGLONG *available, ULONGLONG *total, ULONGLONG *free);
void sd_unmounted(sd_instance *fs);
BOOL sd_wait_idle(sd_instance *fs, DWORD limit_ms, DWORD *waited_ms);
void sd_listing_free(sd_listing *listing);

/* log.c: results for the lane, one line each ("PASS name", "FAIL name: why", "INFO ...") */
void sd_log_init(void);
void sd_log(const char *format, ...);
void sd_check(BOOL ok, const char *name, const char *format, ...);
void sd_to_utf8(LPCWSTR text, char *out, int size);

/* scenarios.c */
DWORD WINAPI sd_run_scenario(LPVOID instance);

#endif
