/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * shm_win32.c - the Win32 implementation of shm_platform.h: named objects are file
 * mappings backed by the paging file (CreateFileMappingW / OpenFileMappingW), file
 * objects are file mappings of a regular file (CreateFileW + CreateFileMappingW).
 *
 * Retiring views is in win32_retire.c, errors in win32_error.c (internal.h).
 */
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>

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

/* ------------------------------------------------------------------ helpers */

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

/* --------------------------------------------------------------- operations */

int shm_create(const char *name, uint64_t size, unsigned perm, int flags,
               shm_object **out, shm_error *err) {
    WCHAR *wname;
    HANDLE mapping;
    DWORD code;
    int rc;

    (void)perm; /* the default security descriptor applies */
    if (size == 0) {
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_create",
                             "the size must be greater than zero");
    }
    /* SHM_CREATE_PERSISTENT: a Windows name always lives exactly as long as a
     * handle to its object; nothing to do. */
    if ((flags & ~SHM_CREATE_PERSISTENT) != 0) {
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_create",
                             "unknown flags");
    }
    rc = shm_win32_wide(name, "shm_create", &wname, err);
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
        return shm_win32_fail(err, "CreateFileMappingW", code,
                              SHM_WIN32_NAMED | SHM_WIN32_SIZING);
    }
    if (code == ERROR_ALREADY_EXISTS) {
        CloseHandle(mapping);
        return shm_win32_fail(err, "CreateFileMappingW", code,
                              SHM_WIN32_NAMED | SHM_WIN32_SIZING);
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

    if (!shm_access_valid(access)) {
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_open_existing",
                             "unknown access mode");
    }
    rc = shm_win32_wide(name, "shm_open_existing", &wname, err);
    if (rc != SHM_OK) {
        return rc;
    }
    /* Copy-on-write views need only read access to the object. */
    rights = access == SHM_READ_WRITE ? FILE_MAP_READ | FILE_MAP_WRITE : FILE_MAP_READ;
    mapping = OpenFileMappingW(rights, FALSE, wname);
    code = GetLastError();
    free(wname);
    if (mapping == NULL) {
        return shm_win32_fail(err, "OpenFileMappingW", code, SHM_WIN32_NAMED);
    }
    rc = new_object(mapping, INVALID_HANDLE_VALUE, access == SHM_READ_WRITE, 0, out,
                    err);
    if (rc != SHM_OK) {
        CloseHandle(mapping);
    }
    return rc;
}

/* Opens the file at wpath for reading, and writing if `writable`; with
 * SHM_FILE_CREATE in flags, creates it when it does not exist, and says so in
 * *created (so that a failure later on can remove it again). */
static int open_file(const WCHAR *wpath, int writable, int flags, HANDLE *file,
                     int *created, shm_error *err) {
    DWORD code;
    /* Share everything, like a POSIX file: other processes may open, map, rename
     * and delete the file while it is mapped here. */
    *file = CreateFileW(wpath, writable ? GENERIC_READ | GENERIC_WRITE : GENERIC_READ,
                        FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                        (flags & SHM_FILE_CREATE) ? OPEN_ALWAYS : OPEN_EXISTING,
                        FILE_ATTRIBUTE_NORMAL, NULL);
    code = GetLastError();
    if (*file == INVALID_HANDLE_VALUE) {
        return shm_win32_fail(err, "CreateFileW", code, SHM_WIN32_ANY);
    }
    /* OPEN_ALWAYS succeeds with ERROR_ALREADY_EXISTS when the file was there. */
    *created = (flags & SHM_FILE_CREATE) != 0 && code != ERROR_ALREADY_EXISTS;
    return SHM_OK;
}

/* The length of an open file, which must be a regular file (WRONG_TYPE for a
 * pipe, a console, ...). */
static int regular_file_length(HANDLE file, uint64_t *length, shm_error *err) {
    LARGE_INTEGER size;
    DWORD type = GetFileType(file);
    if (type != FILE_TYPE_DISK) {
        DWORD code = GetLastError();
        if (type == FILE_TYPE_UNKNOWN && code != NO_ERROR) {
            return shm_win32_fail(err, "GetFileType", code, SHM_WIN32_ANY);
        }
        return shm_error_set(err, SHM_ERR_WRONG_TYPE, "GetFileType", "not a regular file");
    }
    if (!GetFileSizeEx(file, &size)) {
        return shm_win32_fail(err, "GetFileSizeEx", GetLastError(), SHM_WIN32_ANY);
    }
    *length = (uint64_t)size.QuadPart;
    return SHM_OK;
}

/* The size to give CreateFileMappingW for a file of `current` bytes when `size`
 * bytes were asked for: 0/0 maps the whole file; a larger size with
 * PAGE_READWRITE extends the file to that size (CreateFileMapping's documented
 * behaviour). A read-only file cannot grow, and an empty one cannot be mapped. */
static int section_request(uint64_t size, uint64_t current, int writable,
                           uint64_t *request, shm_error *err) {
    if (!writable && size > current) {
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_open_file",
                             "the file is shorter than the size asked for and "
                             "cannot be extended without write access");
    }
    *request = writable && size > current ? size : 0;
    if (*request == 0 && current == 0) {
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_open_file",
                             "the file is empty");
    }
    return SHM_OK;
}

/* Makes the file's section: `request` bytes (growing the file), or 0 for the
 * file's own size. */
static int file_section(HANDLE file, int writable, uint64_t request, HANDLE *mapping,
                        shm_error *err) {
    *mapping = CreateFileMappingW(file, NULL, writable ? PAGE_READWRITE : PAGE_READONLY,
                                  (DWORD)(request >> 32), (DWORD)(request & 0xFFFFFFFFu),
                                  NULL);
    if (*mapping == NULL) {
        return shm_win32_fail(err, "CreateFileMappingW", GetLastError(),
                              request != 0 ? SHM_WIN32_SIZING : SHM_WIN32_ANY);
    }
    return SHM_OK;
}

int shm_open_file(const char *path, uint64_t size, shm_access access, unsigned perm,
                  int flags, shm_object **out, shm_error *err) {
    HANDLE file = INVALID_HANDLE_VALUE;
    HANDLE mapping = NULL;
    WCHAR *wpath = NULL;
    uint64_t current = 0;
    uint64_t request = 0;
    int writable = access == SHM_READ_WRITE;
    int created = 0;
    int rc;

    (void)perm; /* a new file gets the directory's inherited security */
    if (!shm_access_valid(access)) {
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_open_file",
                             "unknown access mode");
    }
    if ((flags & ~SHM_FILE_CREATE) != 0) {
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_open_file",
                             "unknown flags");
    }
    rc = shm_win32_wide(path, "shm_open_file", &wpath, err);
    if (rc == SHM_OK) {
        rc = open_file(wpath, writable, flags, &file, &created, err);
    }
    if (rc == SHM_OK) {
        rc = regular_file_length(file, &current, err);
    }
    if (rc == SHM_OK) {
        rc = section_request(size, current, writable, &request, err);
    }
    if (rc == SHM_OK) {
        rc = file_section(file, writable, request, &mapping, err);
    }
    if (rc == SHM_OK) {
        /* A section of a file is exactly as large as the file was, or was made. */
        rc = new_object(mapping, file, writable, request != 0 ? request : current, out,
                        err);
    }
    if (rc != SHM_OK) {
        if (mapping != NULL) {
            CloseHandle(mapping);
        }
        if (file != INVALID_HANDLE_VALUE) {
            CloseHandle(file);
        }
        /* A refused call leaves no file of its own behind, as on POSIX. Best
         * effort: the failure already in *err is what the caller must hear of. */
        if (created) {
            DeleteFileW(wpath);
        }
    }
    free(wpath);
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

    if (!section_size(obj, size, &code, &call)) {
        return shm_win32_fail(err, call, code, SHM_WIN32_ANY);
    }
    return SHM_OK;
}

int shm_close(shm_object *obj, shm_error *err) {
    int rc = SHM_OK;
    DWORD code;

    if (!CloseHandle(obj->mapping)) {
        code = GetLastError();
        rc = shm_win32_fail(err, "CloseHandle", code, SHM_WIN32_ANY);
    }
    if (obj->file != INVALID_HANDLE_VALUE && !CloseHandle(obj->file)) {
        code = GetLastError();
        if (rc == SHM_OK) {
            rc = shm_win32_fail(err, "CloseHandle", code, SHM_WIN32_ANY);
        }
    }
    free(obj);
    return rc;
}

int shm_remove(const char *name, shm_error *err) {
    /* A Windows name lives as long as a handle to its object: nothing to remove. */
    if (name[0] == '\0') {
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_remove",
                             "the name is null or empty");
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

    if (length == 0) {
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_map",
                             "the length must be greater than zero");
    }
    if (offset % shm_map_granularity() != 0) {
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_map",
                       "the offset is not a multiple of the allocation granularity");
    }
    if (offset > UINT64_MAX - (uint64_t)length) {
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_map",
                             "offset + length overflows");
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
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_map",
                             "unknown access mode");
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
                return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_map",
                                     "the view extends past the end of the object");
            }
        }
        return shm_win32_fail(err, "MapViewOfFile", code, SHM_WIN32_ANY);
    }
    *addr = view;
    return SHM_OK;
}

int shm_unmap(void *addr, size_t length, shm_error *err) {
    DWORD code;

    if (length == 0) {
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_unmap",
                             "the length must be greater than zero");
    }
    if (!UnmapViewOfFile(addr)) {
        code = GetLastError();
        return shm_win32_fail(err, "UnmapViewOfFile", code, SHM_WIN32_ANY);
    }
    return SHM_OK;
}

int shm_flush(shm_object *obj, void *addr, size_t length, shm_error *err) {
    DWORD code;

    if (length == 0) {
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_flush",
                             "the length must be greater than zero");
    }
    /* FlushViewOfFile only starts the writes; FlushFileBuffers waits for them. */
    if (!FlushViewOfFile(addr, length)) {
        code = GetLastError();
        return shm_win32_fail(err, "FlushViewOfFile", code, SHM_WIN32_ANY);
    }
    /* Nothing to wait for in the paging file, nor in a file only read here (and
     * FlushFileBuffers would need GENERIC_WRITE). */
    if (obj->file != INVALID_HANDLE_VALUE && obj->writable
        && !FlushFileBuffers(obj->file)) {
        code = GetLastError();
        return shm_win32_fail(err, "FlushFileBuffers", code, SHM_WIN32_ANY);
    }
    return SHM_OK;
}

static SRWLOCK global_lock = SRWLOCK_INIT;

void shm_global_lock(void) { AcquireSRWLockExclusive(&global_lock); }

void shm_global_unlock(void) { ReleaseSRWLockExclusive(&global_lock); }
