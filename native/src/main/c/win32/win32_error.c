/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * win32_error.c - what a Win32 error code means to shm4j: its symbolic name, its
 * portable kind (which may depend on where it was reported) and the system's text,
 * from one table.
 */
#include "internal.h"

#include <stdint.h>
#include <string.h>

#include "shm_platform.h"

/* Every Win32 error code that shm4j names, with its kind (SHM_ERR_<kind>) wherever
 * it is reported; kind_of below refines three of them by context. A code not
 * listed has no name and the kind SYSTEM. */
#define WIN32_ERROR_TABLE(XX)                                  \
    XX(ERROR_INVALID_FUNCTION, UNSUPPORTED)                    \
    XX(ERROR_FILE_NOT_FOUND, NOT_FOUND)                        \
    XX(ERROR_PATH_NOT_FOUND, NOT_FOUND)                        \
    XX(ERROR_TOO_MANY_OPEN_FILES, TOO_MANY_OPEN)               \
    XX(ERROR_ACCESS_DENIED, ACCESS_DENIED)                     \
    XX(ERROR_INVALID_HANDLE, INVALID_ARGUMENT)                 \
    XX(ERROR_NOT_ENOUGH_MEMORY, OUT_OF_MEMORY)                 \
    XX(ERROR_INVALID_ACCESS, SYSTEM)                           \
    XX(ERROR_INVALID_DATA, SYSTEM)                             \
    XX(ERROR_OUTOFMEMORY, OUT_OF_MEMORY)                       \
    XX(ERROR_INVALID_DRIVE, NOT_FOUND)                         \
    XX(ERROR_NOT_SAME_DEVICE, SYSTEM)                          \
    XX(ERROR_WRITE_PROTECT, ACCESS_DENIED)                     \
    XX(ERROR_NOT_READY, IO)                                    \
    XX(ERROR_CRC, IO)                                          \
    XX(ERROR_SEEK, SYSTEM)                                     \
    XX(ERROR_WRITE_FAULT, IO)                                  \
    XX(ERROR_READ_FAULT, IO)                                   \
    XX(ERROR_GEN_FAILURE, IO)                                  \
    XX(ERROR_SHARING_VIOLATION, ACCESS_DENIED)                 \
    XX(ERROR_LOCK_VIOLATION, ACCESS_DENIED)                    \
    XX(ERROR_HANDLE_EOF, SYSTEM)                               \
    XX(ERROR_HANDLE_DISK_FULL, INSUFFICIENT_SPACE)             \
    XX(ERROR_NOT_SUPPORTED, UNSUPPORTED)                       \
    XX(ERROR_BAD_NETPATH, NOT_FOUND)                           \
    XX(ERROR_NETNAME_DELETED, IO)                              \
    XX(ERROR_UNEXP_NET_ERR, IO)                                \
    XX(ERROR_DEV_NOT_EXIST, IO)                                \
    XX(ERROR_BAD_NET_NAME, NOT_FOUND)                          \
    XX(ERROR_FILE_EXISTS, ALREADY_EXISTS)                      \
    XX(ERROR_CANNOT_MAKE, SYSTEM)                              \
    XX(ERROR_INVALID_PARAMETER, INVALID_ARGUMENT)              \
    XX(ERROR_BROKEN_PIPE, SYSTEM)                              \
    XX(ERROR_OPEN_FAILED, SYSTEM)                              \
    XX(ERROR_BUFFER_OVERFLOW, NAME_TOO_LONG)                   \
    XX(ERROR_DISK_FULL, INSUFFICIENT_SPACE)                    \
    XX(ERROR_CALL_NOT_IMPLEMENTED, UNSUPPORTED)                \
    XX(ERROR_INSUFFICIENT_BUFFER, SYSTEM)                      \
    XX(ERROR_INVALID_NAME, INVALID_ARGUMENT)                   \
    XX(ERROR_NEGATIVE_SEEK, INVALID_ARGUMENT)                  \
    XX(ERROR_DIR_NOT_EMPTY, SYSTEM)                            \
    XX(ERROR_BAD_PATHNAME, INVALID_ARGUMENT)                   \
    XX(ERROR_BUSY, SYSTEM)                                     \
    XX(ERROR_ALREADY_EXISTS, ALREADY_EXISTS)                   \
    XX(ERROR_BAD_EXE_FORMAT, SYSTEM)                           \
    XX(ERROR_FILENAME_EXCED_RANGE, NAME_TOO_LONG)              \
    XX(ERROR_DIRECTORY, INVALID_ARGUMENT)                      \
    XX(ERROR_INVALID_ADDRESS, INVALID_ARGUMENT)                \
    XX(ERROR_COMMITMENT_MINIMUM, OUT_OF_MEMORY)                \
    XX(ERROR_OPERATION_ABORTED, SYSTEM)                        \
    XX(ERROR_NOACCESS, SYSTEM)                                 \
    XX(ERROR_NO_UNICODE_TRANSLATION, INVALID_ARGUMENT)         \
    XX(ERROR_FILE_INVALID, INVALID_ARGUMENT)                   \
    XX(ERROR_IO_DEVICE, IO)                                    \
    XX(ERROR_MAPPED_ALIGNMENT, INVALID_ARGUMENT)               \
    XX(ERROR_USER_MAPPED_FILE, ACCESS_DENIED)                  \
    XX(ERROR_PRIVILEGE_NOT_HELD, ACCESS_DENIED)                \
    XX(ERROR_NO_SYSTEM_RESOURCES, OUT_OF_MEMORY)               \
    XX(ERROR_NOT_ENOUGH_QUOTA, OUT_OF_MEMORY)                  \
    XX(ERROR_PAGEFILE_QUOTA, OUT_OF_MEMORY)                    \
    XX(ERROR_COMMITMENT_LIMIT, OUT_OF_MEMORY)                  \
    XX(ERROR_NOT_OWNER, SYSTEM)                                \
    XX(ERROR_TOO_MANY_POSTS, SYSTEM)

const char *shm_os_code_name(int64_t code) {
    switch (code) {
#define WIN32_ERROR_NAME(code, kind) case code: return #code;
        WIN32_ERROR_TABLE(WIN32_ERROR_NAME)
#undef WIN32_ERROR_NAME
    default:
        return NULL;
    }
}

const char *shm_os_code_label(void) {
    return "error";
}

static int table_kind(DWORD code) {
    switch (code) {
#define WIN32_ERROR_KIND(code, kind) case code: return SHM_ERR_##kind;
        WIN32_ERROR_TABLE(WIN32_ERROR_KIND)
#undef WIN32_ERROR_KIND
    default:
        return SHM_ERR_SYSTEM;
    }
}

static int kind_of(DWORD code, int where) {
    int kind = table_kind(code);
    if (where & SHM_WIN32_REPLACING) {
        return SHM_ERR_UNSUPPORTED;
    }
    if ((where & SHM_WIN32_NAMED) && code == ERROR_PATH_NOT_FOUND) {
        /* In an object name: the part before a backslash is no namespace
         * ("Local", "Global", "Session\N"), so the name is malformed. */
        return SHM_ERR_INVALID_ARGUMENT;
    }
    if ((where & SHM_WIN32_NAMED) && code == ERROR_INVALID_HANDLE) {
        /* The name belongs to another kind of kernel object. */
        return SHM_ERR_WRONG_TYPE;
    }
    if ((where & SHM_WIN32_SIZING) && kind == SHM_ERR_OUT_OF_MEMORY) {
        /* The commit charge of new storage: the paging file is full. */
        return SHM_ERR_INSUFFICIENT_SPACE;
    }
    return kind;
}

/* Writes the system's text for `code` into out (UTF-8, NUL-terminated, cut at a
 * character boundary), without the trailing line break and period. */
static void os_text(DWORD code, char *out, size_t out_size) {
    WCHAR wide[512];
    char utf8[sizeof wide / sizeof wide[0] * 3 + 1];
    DWORD n;
    int len;
    size_t cut;

    n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
                       NULL, code, 0, wide, (DWORD)(sizeof wide / sizeof wide[0]),
                       NULL);
    while (n > 0 && (wide[n - 1] == L'\r' || wide[n - 1] == L'\n'
                     || wide[n - 1] == L' ' || wide[n - 1] == L'.')) {
        n--;
    }
    len = n > 0 ? WideCharToMultiByte(CP_UTF8, 0, wide, (int)n, utf8,
                                      (int)(sizeof utf8 - 1), NULL, NULL)
                : 0;
    if (len <= 0) {
        static const char unknown[] = "unknown error";
        cut = sizeof unknown - 1 < out_size ? sizeof unknown - 1 : out_size - 1;
        memcpy(out, unknown, cut);
        out[cut] = '\0';
        return;
    }
    cut = (size_t)len;
    if (cut > out_size - 1) {
        cut = out_size - 1;
        /* Do not keep the first bytes of a character whose last byte is cut. */
        while (cut > 0 && ((unsigned char)utf8[cut] & 0xC0u) == 0x80u) {
            cut--;
        }
    }
    memcpy(out, utf8, cut);
    out[cut] = '\0';
}

int shm_win32_fail(shm_error *err, const char *call, DWORD code, int where) {
    err->kind = kind_of(code, where);
    err->code = (int64_t)code;
    err->call = call;
    os_text(code, err->text, sizeof err->text);
    return err->kind;
}
