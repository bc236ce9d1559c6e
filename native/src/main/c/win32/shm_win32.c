/*
 * shm_win32.c - the Win32 implementation of shm_platform.h: named objects are file
 * mappings backed by the paging file (CreateFileMappingW / OpenFileMappingW), file
 * objects are file mappings of a regular file (CreateFileW + CreateFileMappingW).
 *
 * Imports nothing but KERNEL32 and the C runtime (malloc/free/strlen/memcpy).
 * Portable C11 for MinGW-w64 and MSVC: no compiler extensions.
 *
 * Every failure returns a kind > 0 and fills the shm_error with GetLastError(),
 * read immediately after the failing call (before any clean-up call can change
 * it), the name of that call and the system's text for the code, in UTF-8.
 */
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "shm_platform.h"

/* What an open object holds. `file` is INVALID_HANDLE_VALUE for an object backed
 * by the paging file; `writable` says whether the file was opened for writing
 * (FlushFileBuffers needs GENERIC_WRITE); `section_size` is the exact size of a
 * file-backed section (fixed when it is created), 0 for the paging file. */
struct shm_object {
    HANDLE mapping;
    HANDLE file;
    int writable;
    uint64_t section_size;
};

/* The longest name or path handed to the OS, in UTF-16 code units: the limit of a
 * UNICODE_STRING, which carries both object names and (\\?\) file paths. */
#define SHM_WIN32_NAME_MAX 32767

/* ---------------------------------------------------------------- error codes */

/* Where a code was reported; the same code means different things in different
 * calls (ERROR_INVALID_HANDLE from CreateFileMappingW means that the name belongs
 * to an event, a mutex, ...; a commit failure at creation means that the paging
 * file is full rather than that the address space is). */
enum {
    CTX_OTHER = 0,
    CTX_NAMED = 1,  /* create or open of a named kernel object */
    CTX_SIZING = 2  /* creating or growing the object's storage */
};

static int kind_of(DWORD code, int ctx) {
    switch (code) {
    case ERROR_PATH_NOT_FOUND:
        /* In an object name: the part before a backslash is no namespace
         * ("Local", "Global", "Session\N"), so the name is malformed. */
        return (ctx & CTX_NAMED) ? SHM_ERR_INVALID_ARGUMENT : SHM_ERR_NOT_FOUND;
    case ERROR_FILE_NOT_FOUND:
    case ERROR_INVALID_DRIVE:
    case ERROR_BAD_NETPATH:
    case ERROR_BAD_NET_NAME:
        return SHM_ERR_NOT_FOUND;
    case ERROR_ALREADY_EXISTS:
    case ERROR_FILE_EXISTS:
        return SHM_ERR_ALREADY_EXISTS;
    case ERROR_ACCESS_DENIED:
    case ERROR_SHARING_VIOLATION:
    case ERROR_LOCK_VIOLATION:
    case ERROR_WRITE_PROTECT:
    case ERROR_PRIVILEGE_NOT_HELD:
    case ERROR_USER_MAPPED_FILE:
        return SHM_ERR_ACCESS_DENIED;
    case ERROR_INVALID_HANDLE:
        return (ctx & CTX_NAMED) ? SHM_ERR_WRONG_TYPE : SHM_ERR_INVALID_ARGUMENT;
    case ERROR_INVALID_PARAMETER:
    case ERROR_INVALID_NAME:
    case ERROR_BAD_PATHNAME:
    case ERROR_DIRECTORY:
    case ERROR_MAPPED_ALIGNMENT:
    case ERROR_INVALID_ADDRESS:
    case ERROR_NO_UNICODE_TRANSLATION:
    case ERROR_FILE_INVALID:
    case ERROR_NEGATIVE_SEEK:
        return SHM_ERR_INVALID_ARGUMENT;
    case ERROR_FILENAME_EXCED_RANGE:
    case ERROR_BUFFER_OVERFLOW:
        return SHM_ERR_NAME_TOO_LONG;
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL:
        return SHM_ERR_INSUFFICIENT_SPACE;
    case ERROR_COMMITMENT_LIMIT:
    case ERROR_COMMITMENT_MINIMUM:
    case ERROR_PAGEFILE_QUOTA:
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY:
    case ERROR_NO_SYSTEM_RESOURCES:
    case ERROR_NOT_ENOUGH_QUOTA:
        return (ctx & CTX_SIZING) ? SHM_ERR_INSUFFICIENT_SPACE : SHM_ERR_OUT_OF_MEMORY;
    case ERROR_TOO_MANY_OPEN_FILES:
        return SHM_ERR_TOO_MANY_OPEN;
    case ERROR_NOT_SUPPORTED:
    case ERROR_CALL_NOT_IMPLEMENTED:
    case ERROR_INVALID_FUNCTION:
        return SHM_ERR_UNSUPPORTED;
    case ERROR_CRC:
    case ERROR_READ_FAULT:
    case ERROR_WRITE_FAULT:
    case ERROR_GEN_FAILURE:
    case ERROR_IO_DEVICE:
    case ERROR_NOT_READY:
    case ERROR_DEV_NOT_EXIST:
    case ERROR_UNEXP_NET_ERR:
    case ERROR_NETNAME_DELETED:
        return SHM_ERR_IO;
    default:
        return SHM_ERR_SYSTEM;
    }
}

#define SHM_CODE(name) { name, #name }

static const struct {
    DWORD code;
    const char *name;
} code_names[] = {
    SHM_CODE(ERROR_INVALID_FUNCTION),
    SHM_CODE(ERROR_FILE_NOT_FOUND),
    SHM_CODE(ERROR_PATH_NOT_FOUND),
    SHM_CODE(ERROR_TOO_MANY_OPEN_FILES),
    SHM_CODE(ERROR_ACCESS_DENIED),
    SHM_CODE(ERROR_INVALID_HANDLE),
    SHM_CODE(ERROR_NOT_ENOUGH_MEMORY),
    SHM_CODE(ERROR_INVALID_ACCESS),
    SHM_CODE(ERROR_INVALID_DATA),
    SHM_CODE(ERROR_OUTOFMEMORY),
    SHM_CODE(ERROR_INVALID_DRIVE),
    SHM_CODE(ERROR_NOT_SAME_DEVICE),
    SHM_CODE(ERROR_WRITE_PROTECT),
    SHM_CODE(ERROR_NOT_READY),
    SHM_CODE(ERROR_CRC),
    SHM_CODE(ERROR_SEEK),
    SHM_CODE(ERROR_WRITE_FAULT),
    SHM_CODE(ERROR_READ_FAULT),
    SHM_CODE(ERROR_GEN_FAILURE),
    SHM_CODE(ERROR_SHARING_VIOLATION),
    SHM_CODE(ERROR_LOCK_VIOLATION),
    SHM_CODE(ERROR_HANDLE_EOF),
    SHM_CODE(ERROR_HANDLE_DISK_FULL),
    SHM_CODE(ERROR_NOT_SUPPORTED),
    SHM_CODE(ERROR_BAD_NETPATH),
    SHM_CODE(ERROR_NETNAME_DELETED),
    SHM_CODE(ERROR_UNEXP_NET_ERR),
    SHM_CODE(ERROR_DEV_NOT_EXIST),
    SHM_CODE(ERROR_BAD_NET_NAME),
    SHM_CODE(ERROR_FILE_EXISTS),
    SHM_CODE(ERROR_CANNOT_MAKE),
    SHM_CODE(ERROR_INVALID_PARAMETER),
    SHM_CODE(ERROR_BROKEN_PIPE),
    SHM_CODE(ERROR_OPEN_FAILED),
    SHM_CODE(ERROR_BUFFER_OVERFLOW),
    SHM_CODE(ERROR_DISK_FULL),
    SHM_CODE(ERROR_CALL_NOT_IMPLEMENTED),
    SHM_CODE(ERROR_INSUFFICIENT_BUFFER),
    SHM_CODE(ERROR_INVALID_NAME),
    SHM_CODE(ERROR_NEGATIVE_SEEK),
    SHM_CODE(ERROR_DIR_NOT_EMPTY),
    SHM_CODE(ERROR_BAD_PATHNAME),
    SHM_CODE(ERROR_BUSY),
    SHM_CODE(ERROR_ALREADY_EXISTS),
    SHM_CODE(ERROR_BAD_EXE_FORMAT),
    SHM_CODE(ERROR_FILENAME_EXCED_RANGE),
    SHM_CODE(ERROR_DIRECTORY),
    SHM_CODE(ERROR_INVALID_ADDRESS),
    SHM_CODE(ERROR_COMMITMENT_MINIMUM),
    SHM_CODE(ERROR_OPERATION_ABORTED),
    SHM_CODE(ERROR_NOACCESS),
    SHM_CODE(ERROR_NO_UNICODE_TRANSLATION),
    SHM_CODE(ERROR_FILE_INVALID),
    SHM_CODE(ERROR_IO_DEVICE),
    SHM_CODE(ERROR_MAPPED_ALIGNMENT),
    SHM_CODE(ERROR_USER_MAPPED_FILE),
    SHM_CODE(ERROR_PRIVILEGE_NOT_HELD),
    SHM_CODE(ERROR_NO_SYSTEM_RESOURCES),
    SHM_CODE(ERROR_NOT_ENOUGH_QUOTA),
    SHM_CODE(ERROR_PAGEFILE_QUOTA),
    SHM_CODE(ERROR_COMMITMENT_LIMIT),
    SHM_CODE(ERROR_NOT_OWNER),
    SHM_CODE(ERROR_TOO_MANY_POSTS),
};

#undef SHM_CODE

const char *shm_os_code_name(int64_t code) {
    size_t i;
    if (code <= 0 || code > (int64_t)0xFFFFFFFFu) {
        return NULL;
    }
    for (i = 0; i < sizeof code_names / sizeof code_names[0]; i++) {
        if ((int64_t)code_names[i].code == code) {
            return code_names[i].name;
        }
    }
    return NULL;
}

const char *shm_os_code_label(void) {
    return "error";
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

/* Fills *err for `code`, reported by `call`, as `kind`. */
static int fail_as(shm_error *err, int kind, const char *call, DWORD code) {
    err->kind = kind;
    err->code = (int64_t)code;
    err->call = call;
    os_text(code, err->text, sizeof err->text);
    return kind;
}

/* Fills *err for `code`, reported by `call` in context ctx. */
static int fail(shm_error *err, const char *call, DWORD code, int ctx) {
    return fail_as(err, kind_of(code, ctx), call, code);
}

static int invalid(shm_error *err, const char *call, const char *text) {
    return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, call, text);
}

/* ------------------------------------------------------------------ helpers */

/* Converts a NUL-terminated UTF-8 name or path to a malloc'ed NUL-terminated
 * UTF-16 string in *out; the caller frees it. `call` names the public operation for
 * errors detected here. */
static int to_wide(const char *utf8, const char *call, WCHAR **out, shm_error *err) {
    size_t n;
    int wlen;
    WCHAR *wide;

    *out = NULL;
    if (utf8 == NULL) {
        return invalid(err, call, "the name is null");
    }
    n = strlen(utf8);
    if (n == 0) {
        return invalid(err, call, "the name is empty");
    }
    /* A UTF-16 string never has more units than its UTF-8 form has bytes. */
    if (n > (size_t)INT_MAX) {
        return shm_error_set(err, SHM_ERR_NAME_TOO_LONG, call, "the name is too long");
    }
    wlen = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, utf8, (int)n, NULL, 0);
    if (wlen <= 0) {
        DWORD code = GetLastError();
        return fail(err, "MultiByteToWideChar", code, CTX_OTHER);
    }
    if (wlen > SHM_WIN32_NAME_MAX) {
        return shm_error_set(err, SHM_ERR_NAME_TOO_LONG, call, "the name is too long");
    }
    wide = (WCHAR *)malloc(((size_t)wlen + 1) * sizeof(WCHAR));
    if (wide == NULL) {
        return shm_error_set(err, SHM_ERR_OUT_OF_MEMORY, "malloc", "out of memory");
    }
    if (MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, utf8, (int)n, wide, wlen)
        != wlen) {
        DWORD code = GetLastError();
        free(wide);
        return fail(err, "MultiByteToWideChar", code, CTX_OTHER);
    }
    wide[wlen] = L'\0';
    *out = wide;
    return SHM_OK;
}

static int new_object(HANDLE mapping, HANDLE file, int writable, uint64_t section_size,
                      shm_object **out, shm_error *err) {
    shm_object *obj = (shm_object *)malloc(sizeof *obj);
    if (obj == NULL) {
        return shm_error_set(err, SHM_ERR_OUT_OF_MEMORY, "malloc", "out of memory");
    }
    obj->mapping = mapping;
    obj->file = file;
    obj->writable = writable;
    obj->section_size = section_size;
    *out = obj;
    return SHM_OK;
}

static int valid_access(shm_access access) {
    return access == SHM_READ_ONLY || access == SHM_READ_WRITE
        || access == SHM_COPY_ON_WRITE;
}

/* --------------------------------------------------------------- operations */

int shm_create(const char *name, uint64_t size, unsigned perm, int flags,
               shm_object **out, shm_error *err) {
    WCHAR *wname;
    HANDLE mapping;
    DWORD code;
    int rc;

    (void)perm; /* the default security descriptor applies */
    if (out == NULL) {
        return invalid(err, "shm_create", "no result pointer");
    }
    *out = NULL;
    if (size == 0) {
        return invalid(err, "shm_create", "the size must be greater than zero");
    }
    /* SHM_CREATE_PERSISTENT: a Windows name always lives exactly as long as a
     * handle to its object; nothing to do. */
    if ((flags & ~SHM_CREATE_PERSISTENT) != 0) {
        return invalid(err, "shm_create", "unknown flags");
    }
    rc = to_wide(name, "shm_create", &wname, err);
    if (rc != SHM_OK) {
        return rc;
    }
    /* SEC_COMMIT (the default) charges the whole size against the commit limit
     * now, so that a full paging file fails here and not at first touch. */
    SetLastError(ERROR_SUCCESS);
    mapping = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE,
                                 (DWORD)(size >> 32), (DWORD)(size & 0xFFFFFFFFu),
                                 wname);
    code = GetLastError();
    free(wname);
    if (mapping == NULL) {
        return fail(err, "CreateFileMappingW", code, CTX_NAMED | CTX_SIZING);
    }
    if (code == ERROR_ALREADY_EXISTS) {
        CloseHandle(mapping);
        return fail_as(err, SHM_ERR_ALREADY_EXISTS, "CreateFileMappingW", code);
    }
    rc = new_object(mapping, INVALID_HANDLE_VALUE, 1, 0, out, err);
    if (rc != SHM_OK) {
        CloseHandle(mapping);
    }
    return rc;
}

int shm_open_existing(const char *name, shm_access access, shm_object **out,
                      shm_error *err) {
    WCHAR *wname;
    HANDLE mapping;
    DWORD code;
    DWORD rights;
    int rc;

    if (out == NULL) {
        return invalid(err, "shm_open_existing", "no result pointer");
    }
    *out = NULL;
    if (!valid_access(access)) {
        return invalid(err, "shm_open_existing", "unknown access mode");
    }
    rc = to_wide(name, "shm_open_existing", &wname, err);
    if (rc != SHM_OK) {
        return rc;
    }
    /* Copy-on-write views need only read access to the object. */
    rights = access == SHM_READ_WRITE ? FILE_MAP_READ | FILE_MAP_WRITE : FILE_MAP_READ;
    mapping = OpenFileMappingW(rights, FALSE, wname);
    code = GetLastError();
    free(wname);
    if (mapping == NULL) {
        return fail(err, "OpenFileMappingW", code, CTX_NAMED);
    }
    rc = new_object(mapping, INVALID_HANDLE_VALUE, access == SHM_READ_WRITE, 0, out,
                    err);
    if (rc != SHM_OK) {
        CloseHandle(mapping);
    }
    return rc;
}

int shm_open_file(const char *path, uint64_t size, shm_access access, unsigned perm,
                  int flags, shm_object **out, shm_error *err) {
    WCHAR *wpath;
    HANDLE file;
    HANDLE mapping;
    LARGE_INTEGER file_size;
    uint64_t current;
    uint64_t mapping_size;
    DWORD code;
    DWORD type;
    int writable;
    int rc;

    (void)perm; /* a new file gets the directory's inherited security */
    if (out == NULL) {
        return invalid(err, "shm_open_file", "no result pointer");
    }
    *out = NULL;
    if (!valid_access(access)) {
        return invalid(err, "shm_open_file", "unknown access mode");
    }
    if ((flags & ~SHM_FILE_CREATE) != 0) {
        return invalid(err, "shm_open_file", "unknown flags");
    }
    rc = to_wide(path, "shm_open_file", &wpath, err);
    if (rc != SHM_OK) {
        return rc;
    }
    writable = access == SHM_READ_WRITE;
    /* Share everything, like a POSIX file: other processes may open, map, rename
     * and delete the file while it is mapped here. */
    file = CreateFileW(wpath, writable ? GENERIC_READ | GENERIC_WRITE : GENERIC_READ,
                       FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                       (flags & SHM_FILE_CREATE) ? OPEN_ALWAYS : OPEN_EXISTING,
                       FILE_ATTRIBUTE_NORMAL, NULL);
    code = GetLastError();
    free(wpath);
    if (file == INVALID_HANDLE_VALUE) {
        return fail(err, "CreateFileW", code, CTX_OTHER);
    }
    type = GetFileType(file);
    if (type != FILE_TYPE_DISK) {
        code = GetLastError();
        CloseHandle(file);
        if (type == FILE_TYPE_UNKNOWN && code != NO_ERROR) {
            return fail(err, "GetFileType", code, CTX_OTHER);
        }
        return shm_error_set(err, SHM_ERR_WRONG_TYPE, "GetFileType",
                             "not a regular file");
    }
    if (!GetFileSizeEx(file, &file_size)) {
        code = GetLastError();
        CloseHandle(file);
        return fail(err, "GetFileSizeEx", code, CTX_OTHER);
    }
    current = (uint64_t)file_size.QuadPart;
    if (!writable && size > current) {
        CloseHandle(file);
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_open_file",
                             "the file is shorter than the size asked for and "
                             "cannot be extended without write access");
    }
    /* 0/0 maps the whole file; a larger size with PAGE_READWRITE extends the file
     * to that size (CreateFileMapping's documented behaviour). */
    mapping_size = writable && size > current ? size : 0;
    if (mapping_size == 0 && current == 0) {
        CloseHandle(file);
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_open_file",
                             "the file is empty");
    }
    mapping = CreateFileMappingW(file, NULL, writable ? PAGE_READWRITE : PAGE_READONLY,
                                 (DWORD)(mapping_size >> 32),
                                 (DWORD)(mapping_size & 0xFFFFFFFFu), NULL);
    if (mapping == NULL) {
        code = GetLastError();
        CloseHandle(file);
        return fail(err, "CreateFileMappingW", code,
                    mapping_size != 0 ? CTX_SIZING : CTX_OTHER);
    }
    /* A section of a file is exactly as large as the file was, or was made. */
    rc = new_object(mapping, file, writable, mapping_size != 0 ? mapping_size : current,
                    out, err);
    if (rc != SHM_OK) {
        CloseHandle(mapping);
        CloseHandle(file);
    }
    return rc;
}

/* The size of the object's section: exact for a file (recorded when the section was
 * made), rounded up to a page for the paging file. There is no Win32 call for the
 * latter: map all of it read-only and ask the memory manager how large the view
 * is. On failure returns 0 with *code and *call set. */
static int section_size(const shm_object *obj, uint64_t *size, DWORD *code,
                        const char **call) {
    void *view;
    MEMORY_BASIC_INFORMATION info;

    if (obj->section_size != 0) {
        *size = obj->section_size;
        return 1;
    }
    view = MapViewOfFile(obj->mapping, FILE_MAP_READ, 0, 0, 0);
    if (view == NULL) {
        *code = GetLastError();
        *call = "MapViewOfFile";
        return 0;
    }
    if (VirtualQuery(view, &info, sizeof info) == 0) {
        *code = GetLastError();
        *call = "VirtualQuery";
        UnmapViewOfFile(view);
        return 0;
    }
    if (!UnmapViewOfFile(view)) {
        *code = GetLastError();
        *call = "UnmapViewOfFile";
        return 0;
    }
    *size = (uint64_t)info.RegionSize;
    return 1;
}

int shm_object_size(shm_object *obj, uint64_t *size, shm_error *err) {
    DWORD code = 0;
    const char *call = NULL;

    if (obj == NULL || size == NULL) {
        return invalid(err, "shm_object_size", "null argument");
    }
    if (!section_size(obj, size, &code, &call)) {
        return fail(err, call, code, CTX_OTHER);
    }
    return SHM_OK;
}

int shm_close(shm_object *obj, shm_error *err) {
    int rc = SHM_OK;
    DWORD code;

    if (obj == NULL) {
        return invalid(err, "shm_close", "null object");
    }
    if (!CloseHandle(obj->mapping)) {
        code = GetLastError();
        rc = fail(err, "CloseHandle", code, CTX_OTHER);
    }
    if (obj->file != INVALID_HANDLE_VALUE && !CloseHandle(obj->file)) {
        code = GetLastError();
        if (rc == SHM_OK) {
            rc = fail(err, "CloseHandle", code, CTX_OTHER);
        }
    }
    free(obj);
    return rc;
}

int shm_remove(const char *name, shm_error *err) {
    /* A Windows name lives as long as a handle to its object: nothing to remove. */
    if (name == NULL || name[0] == '\0') {
        return invalid(err, "shm_remove", "the name is null or empty");
    }
    return SHM_OK;
}

size_t shm_map_granularity(void) {
    SYSTEM_INFO info;
    GetSystemInfo(&info);
    return (size_t)info.dwAllocationGranularity;
}

int shm_map(shm_object *obj, uint64_t offset, size_t length, shm_access access,
            void **addr, shm_error *err) {
    DWORD rights;
    DWORD code;
    void *view;

    if (obj == NULL || addr == NULL) {
        return invalid(err, "shm_map", "null argument");
    }
    *addr = NULL;
    if (length == 0) {
        return invalid(err, "shm_map", "the length must be greater than zero");
    }
    if (offset % shm_map_granularity() != 0) {
        return invalid(err, "shm_map",
                       "the offset is not a multiple of the allocation granularity");
    }
    if (offset > UINT64_MAX - (uint64_t)length) {
        return invalid(err, "shm_map", "offset + length overflows");
    }
    switch (access) {
    case SHM_READ_ONLY:
        rights = FILE_MAP_READ;
        break;
    case SHM_READ_WRITE:
        rights = FILE_MAP_READ | FILE_MAP_WRITE;
        break;
    case SHM_COPY_ON_WRITE:
        rights = FILE_MAP_COPY;
        break;
    default:
        return invalid(err, "shm_map", "unknown access mode");
    }
    view = MapViewOfFile(obj->mapping, rights, (DWORD)(offset >> 32),
                         (DWORD)(offset & 0xFFFFFFFFu), length);
    if (view == NULL) {
        code = GetLastError();
        /* Windows reports a view past the end of the section as ERROR_ACCESS_DENIED
         * (STATUS_INVALID_VIEW_SIZE); tell that apart from a real denial. */
        if (code == ERROR_ACCESS_DENIED) {
            uint64_t size = 0;
            DWORD ignored = 0;
            const char *call = NULL;
            if (section_size(obj, &size, &ignored, &call)
                && (offset >= size || (uint64_t)length > size - offset)) {
                return invalid(err, "shm_map", "the view extends past the end of the object");
            }
        }
        return fail(err, "MapViewOfFile", code, CTX_OTHER);
    }
    *addr = view;
    return SHM_OK;
}

int shm_unmap(void *addr, size_t length, shm_error *err) {
    DWORD code;

    if (addr == NULL || length == 0) {
        return invalid(err, "shm_unmap", "null address or zero length");
    }
    if (!UnmapViewOfFile(addr)) {
        code = GetLastError();
        return fail(err, "UnmapViewOfFile", code, CTX_OTHER);
    }
    return SHM_OK;
}

/* ------------------------------------------------------ retired views (close) */

/* Closing a view while other threads still read or write it (issue 10). POSIX
 * replaces a mapping with private zero memory in one step (mmap MAP_FIXED); Win32
 * cannot: the view is unmapped, then the same range is allocated again. A thread
 * touching the range in that instant takes an EXCEPTION_ACCESS_VIOLATION, which
 * HotSpot on Windows does not survive (it turns only EXCEPTION_IN_PAGE_ERROR into a
 * Java exception). So each retired range is recorded in a table, and a vectored
 * exception handler, first in the process's chain, holds a thread that faults in a
 * range being retired until the zero memory is there, then lets it run the faulting
 * instruction again. Any other fault goes on to the JVM's handlers untouched.
 *
 * Placeholders (VirtualAlloc2 / MapViewOfFile3 / UnmapViewOfFile2 with
 * MEM_PRESERVE_PLACEHOLDER, Windows 10 1803+) would keep the range from being taken
 * by another allocation in that instant, but they do not remove the instant (a
 * placeholder is not accessible either), and Wine 8 rejects them
 * (ERROR_INVALID_PARAMETER), so they could not be tested here. */

enum {
    RANGE_BUSY = 1, /* unmapped, or about to be: a fault here waits */
    RANGE_READY = 2 /* private zero memory: a fault here was the instant before */
};

struct retired_range {
    uintptr_t start;
    uintptr_t end; /* exclusive, rounded up to a page */
    int state;
};

static SRWLOCK retired_lock = SRWLOCK_INIT;
/* Guarded by retired_lock: the ranges retired and not yet released. */
static struct retired_range *retired;
static size_t retired_count;
static size_t retired_capacity;

static INIT_ONCE guard_once = INIT_ONCE_STATIC_INIT;
static PVOID guard_handler;

/* The state of the range holding addr, 0 if none. */
static int retired_state(uintptr_t addr) {
    size_t i;
    int state = 0;

    AcquireSRWLockShared(&retired_lock);
    for (i = 0; i < retired_count; i++) {
        if (addr >= retired[i].start && addr < retired[i].end) {
            state = retired[i].state;
            break;
        }
    }
    ReleaseSRWLockShared(&retired_lock);
    return state;
}

/* Whether a read (or write) at addr can succeed now, so that retrying the
 * instruction cannot fault again in a loop. */
static int accessible(uintptr_t addr, int write) {
    MEMORY_BASIC_INFORMATION info;

    if (VirtualQuery((LPCVOID)addr, &info, sizeof info) == 0 || info.State != MEM_COMMIT
        || (info.Protect & (PAGE_GUARD | PAGE_NOACCESS)) != 0) {
        return 0;
    }
    switch (info.Protect & 0xFF) {
    case PAGE_READWRITE:
    case PAGE_EXECUTE_READWRITE:
        return 1;
    case PAGE_READONLY:
    case PAGE_EXECUTE_READ:
        return !write;
    default:
        return 0;
    }
}

static LONG CALLBACK retire_guard(EXCEPTION_POINTERS *info) {
    const EXCEPTION_RECORD *rec = info->ExceptionRecord;
    uintptr_t addr;
    int write;

    if (rec->ExceptionCode != EXCEPTION_ACCESS_VIOLATION || rec->NumberParameters < 2) {
        return EXCEPTION_CONTINUE_SEARCH;
    }
    write = rec->ExceptionInformation[0] == 1;
    addr = (uintptr_t)rec->ExceptionInformation[1];
    for (;;) {
        switch (retired_state(addr)) {
        case RANGE_BUSY:
            /* The closing thread is between UnmapViewOfFile and VirtualAlloc. */
            SwitchToThread();
            break;
        case RANGE_READY:
            return accessible(addr, write) ? EXCEPTION_CONTINUE_EXECUTION
                                           : EXCEPTION_CONTINUE_SEARCH;
        default:
            return EXCEPTION_CONTINUE_SEARCH;
        }
    }
}

static BOOL CALLBACK install_guard(PINIT_ONCE once, PVOID param, PVOID *context) {
    (void)once;
    (void)param;
    (void)context;
    guard_handler = AddVectoredExceptionHandler(1, retire_guard);
    return guard_handler != NULL;
}

/* Unregisters the handler when the library is unloaded (FreeLibrary); at process
 * exit (reserved != NULL) nothing needs undoing. */
BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
    (void)instance;
    if (reason == DLL_PROCESS_DETACH && reserved == NULL && guard_handler != NULL) {
        RemoveVectoredExceptionHandler(guard_handler);
        guard_handler = NULL;
    }
    return TRUE;
}

/* Records [addr, addr + length) as being retired (RANGE_BUSY). */
static int retired_add(void *addr, size_t length, shm_error *err) {
    SYSTEM_INFO sys;
    uintptr_t page;
    int rc = SHM_OK;

    GetSystemInfo(&sys);
    page = (uintptr_t)sys.dwPageSize;
    AcquireSRWLockExclusive(&retired_lock);
    if (retired_count == retired_capacity) {
        size_t capacity = retired_capacity == 0 ? 16 : retired_capacity * 2;
        struct retired_range *grown = (struct retired_range *)realloc(
            retired, capacity * sizeof *grown);
        if (grown == NULL) {
            rc = shm_error_set(err, SHM_ERR_OUT_OF_MEMORY, "realloc", "out of memory");
        } else {
            retired = grown;
            retired_capacity = capacity;
        }
    }
    if (rc == SHM_OK) {
        retired[retired_count].start = (uintptr_t)addr;
        retired[retired_count].end = ((uintptr_t)addr + length + page - 1) & ~(page - 1);
        retired[retired_count].state = RANGE_BUSY;
        retired_count++;
    }
    ReleaseSRWLockExclusive(&retired_lock);
    return rc;
}

/* Marks the range starting at addr RANGE_READY, or forgets it (state 0). */
static void retired_set(void *addr, int state) {
    size_t i;

    AcquireSRWLockExclusive(&retired_lock);
    for (i = 0; i < retired_count; i++) {
        if (retired[i].start == (uintptr_t)addr) {
            if (state != 0) {
                retired[i].state = state;
            } else {
                retired[i] = retired[--retired_count];
            }
            break;
        }
    }
    ReleaseSRWLockExclusive(&retired_lock);
}

int shm_retire(void *addr, size_t length, shm_access access, shm_error *err) {
    DWORD code;
    void *placeholder;
    int rc;

    if (addr == NULL || length == 0) {
        return invalid(err, "shm_retire", "null address or zero length");
    }
    if (!valid_access(access)) {
        return invalid(err, "shm_retire", "unknown access mode");
    }
    if (!InitOnceExecuteOnce(&guard_once, install_guard, NULL, NULL)) {
        code = GetLastError();
        return fail(err, "AddVectoredExceptionHandler", code, CTX_OTHER);
    }
    rc = retired_add(addr, length, err);
    if (rc != SHM_OK) {
        return rc;
    }
    if (!UnmapViewOfFile(addr)) {
        code = GetLastError();
        retired_set(addr, 0);
        return fail(err, "UnmapViewOfFile", code, CTX_OTHER);
    }
    /* From here until RANGE_READY, threads touching the range wait in retire_guard.
     * Should another thread's allocation take the range in this instant (it never
     * did in testing; placeholders would rule it out), the view is gone but no
     * zero memory guards it: report UNSUPPORTED. */
    placeholder = VirtualAlloc(addr, length, MEM_RESERVE | MEM_COMMIT,
                               access == SHM_READ_ONLY ? PAGE_READONLY : PAGE_READWRITE);
    if (placeholder == NULL) {
        code = GetLastError();
        retired_set(addr, 0);
        return fail_as(err, SHM_ERR_UNSUPPORTED, "VirtualAlloc", code);
    }
    if (placeholder != addr) {
        VirtualFree(placeholder, 0, MEM_RELEASE);
        retired_set(addr, 0);
        return shm_error_set(err, SHM_ERR_UNSUPPORTED, "VirtualAlloc",
                             "the placeholder was placed at another address");
    }
    retired_set(addr, RANGE_READY);
    return SHM_OK;
}

int shm_release(void *addr, size_t length, shm_error *err) {
    DWORD code;

    if (addr == NULL || length == 0) {
        return invalid(err, "shm_release", "null address or zero length");
    }
    /* Nothing can touch the range any more (its buffers are unreachable). */
    retired_set(addr, 0);
    if (!VirtualFree(addr, 0, MEM_RELEASE)) {
        code = GetLastError();
        return fail(err, "VirtualFree", code, CTX_OTHER);
    }
    return SHM_OK;
}

int shm_flush(shm_object *obj, void *addr, size_t length, shm_error *err) {
    DWORD code;

    if (obj == NULL || addr == NULL || length == 0) {
        return invalid(err, "shm_flush", "null argument or zero length");
    }
    /* FlushViewOfFile only starts the writes; FlushFileBuffers waits for them. */
    if (!FlushViewOfFile(addr, length)) {
        code = GetLastError();
        return fail(err, "FlushViewOfFile", code, CTX_OTHER);
    }
    /* Nothing to wait for in the paging file, nor in a file only read here (and
     * FlushFileBuffers would need GENERIC_WRITE). */
    if (obj->file != INVALID_HANDLE_VALUE && obj->writable
        && !FlushFileBuffers(obj->file)) {
        code = GetLastError();
        return fail(err, "FlushFileBuffers", code, CTX_OTHER);
    }
    return SHM_OK;
}

static SRWLOCK global_lock = SRWLOCK_INIT;

void shm_global_lock(void) { AcquireSRWLockExclusive(&global_lock); }

void shm_global_unlock(void) { ReleaseSRWLockExclusive(&global_lock); }

/* ------------------------------------------- shared with the sync layer (sync_win32.c) */

int shm_fail_os(shm_error *err, const char *call, int64_t code, int named) {
    return fail(err, call, (DWORD)code, named ? CTX_NAMED : CTX_OTHER);
}

int shm_win32_wide_name(const char *utf8, const char *call, WCHAR **out, shm_error *err) {
    return to_wide(utf8, call, out, err);
}
