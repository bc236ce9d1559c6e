/*
 * shm_posix.c - the platform layer on POSIX systems (Linux): shared memory objects
 * are files in the tmpfs at /dev/shm, exactly the objects that shm_open("/X")
 * creates, so C, Python and Boost.Interprocess see the same names.
 *
 * We open /dev/shm/X with open(2) instead of calling shm_open(3): glibc moved
 * shm_open from librt into libc in 2.34 with a new symbol version, and the library
 * must load on distributions from glibc 2.17 on. open(2) on the same path is what
 * glibc's shm_open does itself.
 *
 * For the same reason the object's size comes from lseek(SEEK_END) rather than
 * fstat (fstat@GLIBC_2.33).
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* flock, MAP_ANONYMOUS, MAP_NORESERVE */

#include "shm_platform.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define SHM_DIR "/dev/shm"

struct shm_object {
    int fd;
    uint64_t size; /* the size last seen, SIZE_UNKNOWN before anyone asked */
};

#define SIZE_UNKNOWN UINT64_MAX

/* ---- errors ---------------------------------------------------------------- */

#define ERRNO_NAMES(XX)                                                          \
    XX(EPERM) XX(ENOENT) XX(EINTR) XX(EIO) XX(EBADF) XX(EAGAIN) XX(ENOMEM)       \
    XX(EACCES) XX(EFAULT) XX(EBUSY) XX(EEXIST) XX(ENODEV) XX(ENOTDIR) XX(EISDIR) \
    XX(EINVAL) XX(ENFILE) XX(EMFILE) XX(ETXTBSY) XX(EFBIG) XX(ENOSPC) XX(ESPIPE) \
    XX(EROFS) XX(ERANGE) XX(ENAMETOOLONG) XX(ENOSYS) XX(ELOOP) XX(EOVERFLOW)     \
    XX(EOPNOTSUPP) XX(EDQUOT) XX(ENXIO) XX(EDEADLK) XX(ETIMEDOUT) XX(EOWNERDEAD) \
    XX(ENOTRECOVERABLE)

const char *shm_os_code_name(int64_t code) {
    switch (code) {
#define ERRNO_CASE(e) case e: return #e;
        ERRNO_NAMES(ERRNO_CASE)
#undef ERRNO_CASE
    default:
        return NULL;
    }
}

const char *shm_os_code_label(void) { return "errno"; }

static int kind_of_errno(int e) {
    switch (e) {
    case ENOENT:
        return SHM_ERR_NOT_FOUND;
    case EEXIST:
        return SHM_ERR_ALREADY_EXISTS;
    case EACCES:
    case EPERM:
    case EROFS:
        return SHM_ERR_ACCESS_DENIED;
    case EINVAL:
    case EOVERFLOW:
    case EFBIG:
        return SHM_ERR_INVALID_ARGUMENT;
    case ENOSPC:
    case EDQUOT:
        return SHM_ERR_INSUFFICIENT_SPACE;
    case ENOMEM:
        return SHM_ERR_OUT_OF_MEMORY;
    case ENAMETOOLONG:
        return SHM_ERR_NAME_TOO_LONG;
    case EMFILE:
    case ENFILE:
        return SHM_ERR_TOO_MANY_OPEN;
    case EOPNOTSUPP:
    case ENOSYS:
    case ENODEV:
        return SHM_ERR_UNSUPPORTED;
    case ELOOP:   /* O_NOFOLLOW met a symbolic link */
    case EISDIR:
    case ENXIO:   /* a socket or FIFO */
        return SHM_ERR_WRONG_TYPE;
    case EIO:
        return SHM_ERR_IO;
    default:
        return SHM_ERR_SYSTEM;
    }
}

/* Records a failed call with error number e and returns its kind. */
static int fail(shm_error *err, const char *call, int e) {
    err->kind = kind_of_errno(e);
    err->code = e;
    err->call = call;
    /* XSI strerror_r: _POSIX_C_SOURCE without _GNU_SOURCE selects it. */
    if (strerror_r(e, err->text, sizeof err->text) != 0) {
        snprintf(err->text, sizeof err->text, "unknown error %d", e);
    }
    return err->kind;
}

/* ---- names ----------------------------------------------------------------- */

/* "/X" -> "/dev/shm/X". The caller (Java) has validated the name; we still refuse
 * what would escape the directory, since open(2) would follow it. */
static int object_path(const char *name, char *path, size_t cap, shm_error *err) {
    if (name[0] != '/' || name[1] == '\0' || strchr(name + 1, '/') != NULL ||
        strcmp(name, "/.") == 0 || strcmp(name, "/..") == 0) {
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_name",
                             "a POSIX shared memory name is '/' and one path component");
    }
    int n = snprintf(path, cap, "%s%s", SHM_DIR, name);
    if (n < 0 || (size_t)n >= cap) {
        return fail(err, "shm_name", ENAMETOOLONG);
    }
    return SHM_OK;
}

/* ---- objects ------------------------------------------------------------------ */

static int retry_open(const char *path, int flags, unsigned perm) {
    int fd;
    do {
        fd = open(path, flags | O_CLOEXEC | O_NOFOLLOW, (mode_t)perm);
    } while (fd < 0 && errno == EINTR);
    return fd;
}

/* close(2) is not retried on EINTR: on Linux the descriptor is already gone, and
 * a retry could close a descriptor another thread just opened. */
static int close_fd(int fd, shm_error *err) {
    if (close(fd) != 0 && errno != EINTR) {
        return fail(err, "close", errno);
    }
    return SHM_OK;
}

static int wrap_fd(int fd, uint64_t size, shm_object **out, shm_error *err) {
    shm_object *obj = malloc(sizeof *obj);
    if (obj == NULL) {
        int e = errno;
        close(fd);
        return fail(err, "malloc", e);
    }
    obj->fd = fd;
    obj->size = size;
    *out = obj;
    return SHM_OK;
}

static int file_size(int fd, uint64_t *size, shm_error *err) {
    off_t end = lseek(fd, 0, SEEK_END);
    if (end < 0) {
        return fail(err, "lseek", errno);
    }
    *size = (uint64_t)end;
    return SHM_OK;
}

/* Grows fd to size bytes and reserves its blocks, so that a full tmpfs fails here
 * and not with SIGBUS when a page is first touched. */
static int reserve(int fd, uint64_t size, shm_error *err) {
    if (size > (uint64_t)INT64_MAX) {
        return fail(err, "ftruncate", EFBIG);
    }
    int rc;
    do {
        rc = posix_fallocate(fd, 0, (off_t)size); /* returns the error number */
    } while (rc == EINTR);
    if (rc == 0) {
        return SHM_OK;
    }
    if (rc != EOPNOTSUPP && rc != EINVAL) {
        return fail(err, "posix_fallocate", rc);
    }
    /* A file system without fallocate: at least set the size. */
    while (ftruncate(fd, (off_t)size) != 0) {
        if (errno != EINTR) {
            return fail(err, "ftruncate", errno);
        }
    }
    return SHM_OK;
}

/* The creator holds a shared lock on its object for as long as it has it open,
 * so that a later creator can tell a live name from one whose creator died. */
static int is_stale(const char *path) {
    int fd = retry_open(path, O_RDONLY | O_NONBLOCK, 0);
    if (fd < 0) {
        return 0;
    }
    int stale = flock(fd, LOCK_EX | LOCK_NB) == 0;
    close(fd);
    return stale;
}

int shm_create(const char *name, uint64_t size, unsigned perm, int flags,
               shm_object **out, shm_error *err) {
    char path[PATH_MAX];
    int rc = object_path(name, path, sizeof path, err);
    if (rc != SHM_OK) {
        return rc;
    }
    if (size == 0) {
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_create",
                             "the size of a new object must be greater than zero");
    }
    int fd = retry_open(path, O_RDWR | O_CREAT | O_EXCL, perm);
    /* Saved: is_stale's open, flock and close overwrite errno (EWOULDBLOCK for a
     * live creator), and the caller must see open's EEXIST. */
    int open_errno = errno;
    if (fd < 0 && open_errno == EEXIST && (flags & SHM_CREATE_REPLACE_STALE) && is_stale(path)) {
        if (unlink(path) != 0 && errno != ENOENT) {
            return fail(err, "unlink", errno);
        }
        fd = retry_open(path, O_RDWR | O_CREAT | O_EXCL, perm);
        open_errno = errno;
    }
    if (fd < 0) {
        return fail(err, "open", open_errno);
    }
    /* open(2) applies the umask; the caller asked for exactly perm. */
    if (fchmod(fd, (mode_t)perm) != 0) {
        rc = fail(err, "fchmod", errno);
    } else if (flock(fd, LOCK_SH | LOCK_NB) != 0) {
        rc = fail(err, "flock", errno);
    } else {
        rc = reserve(fd, size, err);
    }
    if (rc != SHM_OK) {
        unlink(path);
        close(fd);
        return rc;
    }
    return wrap_fd(fd, size, out, err);
}

static int open_flags(shm_access access) {
    return access == SHM_READ_WRITE ? O_RDWR : O_RDONLY;
}

int shm_open_existing(const char *name, shm_access access, shm_object **out,
                      shm_error *err) {
    char path[PATH_MAX];
    int rc = object_path(name, path, sizeof path, err);
    if (rc != SHM_OK) {
        return rc;
    }
    /* O_NONBLOCK: a FIFO planted under the name must not hang us. */
    int fd = retry_open(path, open_flags(access) | O_NONBLOCK, 0);
    if (fd < 0) {
        return fail(err, "open", errno);
    }
    return wrap_fd(fd, SIZE_UNKNOWN, out, err);
}

int shm_open_file(const char *path, uint64_t size, shm_access access, unsigned perm,
                  int flags, shm_object **out, shm_error *err) {
    int oflags = open_flags(access) | O_NONBLOCK;
    if (flags & SHM_FILE_CREATE) {
        oflags |= O_CREAT;
    }
    int fd = retry_open(path, oflags, perm);
    if (fd < 0) {
        return fail(err, "open", errno);
    }
    uint64_t current = 0;
    int rc = file_size(fd, &current, err);
    if (rc == SHM_OK && current < size) {
        rc = access == SHM_READ_WRITE
                 ? reserve(fd, size, err)
                 : shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_open_file",
                                 "the file is shorter than the size asked for and "
                                 "cannot be extended without write access");
    } else if (rc == SHM_OK && current == 0) {
        rc = shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_open_file",
                           "an empty file cannot be mapped; give a size");
    }
    if (rc != SHM_OK) {
        close(fd);
        return rc;
    }
    return wrap_fd(fd, current < size ? size : current, out, err);
}

int shm_object_size(shm_object *obj, uint64_t *size, shm_error *err) {
    int rc = file_size(obj->fd, size, err);
    if (rc == SHM_OK) {
        obj->size = *size;
    }
    return rc;
}

int shm_close(shm_object *obj, shm_error *err) {
    int rc = close_fd(obj->fd, err);
    free(obj);
    return rc;
}

int shm_remove(const char *name, shm_error *err) {
    char path[PATH_MAX];
    int rc = object_path(name, path, sizeof path, err);
    if (rc != SHM_OK) {
        return rc;
    }
    if (unlink(path) != 0) {
        return fail(err, "unlink", errno);
    }
    return SHM_OK;
}

/* Whether fd and path (not followed if a link) are the same file. fstat and
 * fstatat are called as raw system calls: glibc 2.33 gave their wrappers new symbol
 * versions, and the library must load on glibc 2.17. On x86_64 and aarch64 the
 * kernel's struct stat is glibc's. */
#if defined(__x86_64__) || defined(__aarch64__)
#define STAT_FD(fd, st) syscall(SYS_fstat, (fd), (st))
#define STAT_PATH(path, st) syscall(SYS_newfstatat, AT_FDCWD, (path), (st), AT_SYMLINK_NOFOLLOW)
#else
#define STAT_FD(fd, st) fstat((fd), (st))
#define STAT_PATH(path, st) lstat((path), (st))
#endif

static int same_file(int fd, const char *path, int *same, shm_error *err) {
    struct stat ours, named;
    if (STAT_FD(fd, &ours) != 0) {
        return fail(err, "fstat", errno);
    }
    if (STAT_PATH(path, &named) != 0) {
        return fail(err, "fstatat", errno);
    }
    *same = ours.st_dev == named.st_dev && ours.st_ino == named.st_ino;
    return SHM_OK;
}

int shm_remove_if_same(shm_object *obj, const char *name, shm_error *err) {
    char path[PATH_MAX];
    int same = 0;
    int rc = object_path(name, path, sizeof path, err);
    if (rc == SHM_OK) {
        rc = same_file(obj->fd, path, &same, err);
    }
    if (rc != SHM_OK) {
        return rc;
    }
    if (!same) {
        return shm_error_set(err, SHM_ERR_NOT_FOUND, "shm_remove_if_same",
                             "the name now belongs to another object");
    }
    if (unlink(path) != 0) {
        return fail(err, "unlink", errno);
    }
    return SHM_OK;
}

/* ---- views ------------------------------------------------------------------ */

size_t shm_map_granularity(void) {
    long page = sysconf(_SC_PAGESIZE);
    return page > 0 ? (size_t)page : 4096u;
}

int shm_map(shm_object *obj, uint64_t offset, size_t length, shm_access access,
            void **addr, shm_error *err) {
    if (length == 0 || offset % shm_map_granularity() != 0 || offset > (uint64_t)INT64_MAX) {
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_map",
                             "a view needs a length > 0 and an offset aligned to the "
                             "mapping granularity");
    }
    /* Checked against the size last seen (no system call per view): a view past
     * the end would map, then fault when touched. */
    uint64_t size = obj->size;
    if (size == SIZE_UNKNOWN) {
        int rc = shm_object_size(obj, &size, err);
        if (rc != SHM_OK) {
            return rc;
        }
    }
    if (offset > size || length > size - offset) {
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_map",
                             "the view reaches past the end of the object");
    }
    int prot = access == SHM_READ_ONLY ? PROT_READ : PROT_READ | PROT_WRITE;
    int share = access == SHM_COPY_ON_WRITE ? MAP_PRIVATE : MAP_SHARED;
    void *p = mmap(NULL, length, prot, share, obj->fd, (off_t)offset);
    if (p == MAP_FAILED) {
        return fail(err, "mmap", errno);
    }
    *addr = p;
    return SHM_OK;
}

int shm_unmap(void *addr, size_t length, shm_error *err) {
    if (munmap(addr, length) != 0) {
        return fail(err, "munmap", errno);
    }
    return SHM_OK;
}

int shm_retire(void *addr, size_t length, shm_access access, shm_error *err) {
    int prot = access == SHM_READ_ONLY ? PROT_READ : PROT_READ | PROT_WRITE;
    /* MAP_FIXED replaces the old mapping atomically: there is no instant at which
     * the range is unmapped and a racing reader could fault. */
    void *p = mmap(addr, length, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE,
                   -1, 0);
    if (p == MAP_FAILED) {
        return fail(err, "mmap", errno);
    }
    return SHM_OK;
}

int shm_release(void *addr, size_t length, shm_error *err) {
    return shm_unmap(addr, length, err);
}

int shm_flush(shm_object *obj, void *addr, size_t length, shm_error *err) {
    (void)obj;
    if (msync(addr, length, MS_SYNC) != 0) {
        return fail(err, "msync", errno);
    }
    return SHM_OK;
}

/* ---- shared with the sync layer (sync_posix.c) ------------------------------------ */

int shm_fail_os(shm_error *err, const char *call, int64_t code, int named) {
    (void)named;
    return fail(err, call, (int)code);
}

int shm_posix_path(const char *name, char *path, size_t cap, shm_error *err) {
    return object_path(name, path, cap, err);
}

int shm_posix_same_file(int fd, const char *path, int *same, shm_error *err) {
    return same_file(fd, path, same, err);
}
