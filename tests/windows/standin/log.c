/* The stand-in's report: lines appended to the file named by SMBDRIVE_STANDIN_LOG, which the lane reads while
 * smbdrive runs (it waits for READY and BLOCKED lines) and after it exits (PASS and FAIL lines). */
#include <stdarg.h>
#include <stdio.h>
#include "standin.h"

static CRITICAL_SECTION log_lock;

void sd_log_init(void)
{
    InitializeCriticalSection(&log_lock);
}

static void write_line(const char *line)
{
    WCHAR path[1024];
    if (!GetEnvironmentVariableW(L"SMBDRIVE_STANDIN_LOG", path, 1024)) {
        fprintf(stderr, "dokan2 stand-in: %s\n", line);
        return;
    }
    HANDLE file = CreateFileW(path, FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) {
        fprintf(stderr, "dokan2 stand-in: cannot open the log (%lu): %s\n", GetLastError(), line);
        return;
    }
    DWORD written;
    WriteFile(file, line, (DWORD)strlen(line), &written, NULL);
    WriteFile(file, "\n", 1, &written, NULL);
    CloseHandle(file);
}

static void vlog(const char *prefix, const char *format, va_list args)
{
    char line[2048];
    int used = snprintf(line, sizeof line, "%s", prefix);
    vsnprintf(line + used, sizeof line - used, format, args);
    EnterCriticalSection(&log_lock);
    write_line(line);
    LeaveCriticalSection(&log_lock);
}

void sd_log(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vlog("", format, args);
    va_end(args);
}

void sd_check(BOOL ok, const char *name, const char *format, ...)
{
    char prefix[256];
    snprintf(prefix, sizeof prefix, ok ? "PASS %s: " : "FAIL %s: ", name);
    va_list args;
    va_start(args, format);
    vlog(prefix, format, args);
    va_end(args);
}

void sd_to_utf8(LPCWSTR text, char *out, int size)
{
    if (!WideCharToMultiByte(CP_UTF8, 0, text ? text : L"(null)", -1, out, size, NULL, NULL)) {
        snprintf(out, size, "(unconvertible)");
    }
}
