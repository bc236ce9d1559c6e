/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * shm_platform.h - the one internal interface between shm4j's JNI glue and the
 * operating system. It is implemented twice, with identical signatures: posix/
 * (POSIX shared memory objects on Linux) and win32/ (Win32 file mappings).
 * Nothing above this header includes <windows.h> or <sys/mman.h>.
 *
 * Conventions
 *  - Every operation returns SHM_OK (0) or a portable error kind (shm_error_kind,
 *    always > 0) and, on failure, fills *err: through the platform's one function
 *    for a failed system call (the OS error code, the name of the call and the
 *    OS's own text for the code), or shm_error_set for what the layer refused
 *    itself (code 0). Out-parameters are written only on success.
 *  - Names and paths are NUL-terminated UTF-8. Names are passed to the OS as given
 *    (POSIX: "/X"; Windows: "Local\X", "Global\X" or "X"); the caller decides them.
 *  - Offsets passed to shm_map must be multiples of shm_map_granularity(); the
 *    platform layer never rounds on the caller's behalf.
 *  - Nothing here is a safety net for use after close: the Java layer owns that.
 *
 * Who checks what (both halves alike, and sync_platform.h too)
 *  - Pointers are the caller's: err and every out-parameter are valid, strings are
 *    non-NULL, objects are open objects of this layer, addresses and lengths are
 *    those of a view from shm_map (or a placeholder from shm_retire). The platform
 *    layer does not check them; a bad one is a bug in the caller, as in libc. The
 *    JNI glue makes them so: it refuses null arrays, NUL inside names, negative or
 *    oversized numbers, and zero, closed or forged handles and addresses before it
 *    calls down.
 *  - Values are the platform layer's: access modes, flags, kinds, sizes, lengths,
 *    offsets, counts and the form of names are checked here, before any system
 *    call, and refused with INVALID_ARGUMENT (NAME_TOO_LONG for a name) through
 *    shm_error_set, so that a C caller gets the same answer on both platforms.
 *  - What only the OS knows (a name taken or missing, a view past the end of a
 *    Windows section, a full disk) comes back as the OS's code and its kind.
 */
#ifndef SHM_PLATFORM_H
#define SHM_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#include "shm_error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever a signature or constant shared with Java changes. */
#define SHM_ABI_VERSION 2

/* The default permission bits of a new POSIX object: owner read/write only. */
#define SHM_DEFAULT_PERM 0600u

/* Access modes; the numbers are shared with io.github.shm4j.Access. */
typedef enum shm_access {
    SHM_READ_ONLY = 0,
    SHM_READ_WRITE = 1,
    SHM_COPY_ON_WRITE = 2
} shm_access;

/* Whether access is one of the modes above. */
static inline int shm_access_valid(int access) {
    return access == SHM_READ_ONLY || access == SHM_READ_WRITE || access == SHM_COPY_ON_WRITE;
}

/* Flags of shm_create; the numbers are shared with Java. */
enum {
    /* POSIX: the name lives until shm_remove, like any POSIX object, instead of
     * the default "held" lifetime described below. Ignored on Windows, where a
     * name always lives exactly as long as a handle to its object. */
    SHM_CREATE_PERSISTENT = 1
};

/*
 * Name lifetime on POSIX (what Windows does natively).
 *
 * An object created without SHM_CREATE_PERSISTENT is "held": its mode carries
 * S_ISVTX (the sticky bit, meaningless on a regular file) as the mark, and every
 * process that has it open holds a shared flock(2) on it. The name lives while
 * any holder lives:
 *  - the last holder to shm_close it removes the name;
 *  - when every holder has died, the name is stale: shm_open_existing reports
 *    NOT_FOUND (and removes it), shm_create replaces it.
 * A holder takes flock(LOCK_EX | LOCK_NB) to learn that it is the last one, and
 * unlinks only while the name still names its own object. A C program that wants
 * to take part holds flock(fd, LOCK_SH) while it uses the object. An object
 * without the mark (made by C, Python, or with SHM_CREATE_PERSISTENT) is never
 * stale and never removed implicitly.
 *
 * A new object is built out of sight (O_TMPFILE in /dev/shm, or a unique hidden
 * name where O_TMPFILE is unsupported), sized, reserved, marked and locked, and
 * only then published under its name with link(2), which fails with EEXIST: no
 * process can ever open a half-made object.
 */

/* Flags of shm_open_file; the numbers are shared with Java. */
enum {
    SHM_FILE_CREATE = 1 /* create the file when it does not exist */
};

/* An open shared memory object: a file descriptor on POSIX, a mapping handle (and,
 * for a file-backed object, the file handle) on Windows. Opaque to callers. */
typedef struct shm_object shm_object;

/* Creates a new named object of `size` (> 0) bytes, reserving its memory so that a
 * full backing store fails here rather than at first touch. Fails with
 * SHM_ERR_ALREADY_EXISTS if the name is taken. `perm` is the POSIX permission mask (ignored
 * on Windows, where the default security descriptor applies). */
int shm_create(const char *name, uint64_t size, unsigned perm, int flags,
               shm_object **out, shm_error *err);

/* Opens an existing named object for READ_ONLY or READ_WRITE access.
 * (COPY_ON_WRITE views need only read access to the object: open READ_ONLY.)
 * POSIX: with READ_WRITE the object's holes are reserved (posix_fallocate, which
 * never shrinks), so that a sparse object on a full /dev/shm fails here with
 * INSUFFICIENT_SPACE rather than with SIGBUS at first touch. A stale held name
 * fails with NOT_FOUND; a name that is not a regular file with WRONG_TYPE. */
int shm_open_existing(const char *name, shm_access access, shm_object **out,
                      shm_error *err);

/* Opens a regular file as a shared object. The file keeps its content; when it is
 * shorter than `size` bytes and access is READ_WRITE it is extended to `size`,
 * otherwise that fails with INVALID_ARGUMENT (size 0: keep the file's size). An
 * empty file fails with INVALID_ARGUMENT; a file that this call created is removed
 * again when the call fails. Holes of an existing file are not reserved (sparse
 * files stay sparse). */
int shm_open_file(const char *path, uint64_t size, shm_access access, unsigned perm,
                  int flags, shm_object **out, shm_error *err);

/* The object's real size in bytes: exact on POSIX and for Windows files; rounded
 * up to a whole page for Windows objects in the paging file. */
int shm_object_size(shm_object *obj, uint64_t *size, shm_error *err);

/* Closes the object and frees *obj, also when the OS reports an error. Views stay
 * valid until unmapped. POSIX: the last holder of a held object removes its name
 * (see "Name lifetime" above). */
int shm_close(shm_object *obj, shm_error *err);

/* Removes a name (POSIX: shm_unlink semantics). Windows frees a name when its last
 * handle closes, so there this succeeds without doing anything. */
int shm_remove(const char *name, shm_error *err);

/* The alignment that view offsets must have: the page size on POSIX, the
 * allocation granularity (64 KiB) on Windows. */
size_t shm_map_granularity(void);

/* Maps `length` (> 0) bytes at `offset` (a multiple of shm_map_granularity()).
 * A view that would reach past the object's end fails with INVALID_ARGUMENT
 * (touching such pages would fault); POSIX checks against the size last seen by
 * shm_create, shm_open_file or shm_object_size, so that mapping costs no extra
 * system call. A READ_WRITE view of an object opened READ_ONLY fails with
 * ACCESS_DENIED. */
int shm_map(shm_object *obj, uint64_t offset, size_t length, shm_access access,
            void **addr, shm_error *err);

/* Unmaps a view returned by shm_map (Windows ignores length: a view is unmapped
 * whole). */
int shm_unmap(void *addr, size_t length, shm_error *err);

/* Replaces a view, in place, with private zero-filled memory (readable, and
 * writable unless access is READ_ONLY), so that stale pointers into it can neither
 * fault nor reach the shared object any more. POSIX does this atomically
 * (mmap MAP_FIXED); Windows unmaps and allocates the same range again, and a
 * vectored exception handler holds any thread that touches the range in between
 * until the zero memory is there (see win32/win32_retire.c). Should another allocation take
 * the range in that instant, SHM_ERR_UNSUPPORTED is returned with the view
 * unmapped. Free the placeholder with shm_release. */
int shm_retire(void *addr, size_t length, shm_access access, shm_error *err);

/* Frees the placeholder left by shm_retire. */
int shm_release(void *addr, size_t length, shm_error *err);

/* Writes a view's modified pages back to the object's file and waits for the
 * device (msync MS_SYNC of the view / FlushViewOfFile + FlushFileBuffers, which
 * waits for the whole file). */
int shm_flush(shm_object *obj, void *addr, size_t length, shm_error *err);

/* The symbolic name of an OS error code ("ENOENT", "ERROR_FILE_NOT_FOUND"), or
 * NULL when the table does not know it. */
const char *shm_os_code_name(int64_t code);

/* The word that introduces an OS code in messages: "errno" or "error". */
const char *shm_os_code_label(void);

/* One process-wide lock, for the JNI glue's handle table. Not recursive. */
void shm_global_lock(void);
void shm_global_unlock(void);

#ifdef __cplusplus
}
#endif

#endif /* SHM_PLATFORM_H */
