/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * shm_posix.c - the platform layer on POSIX systems (Linux): shared memory objects
 * are files in the tmpfs at /dev/shm, exactly the objects that shm_open("/X")
 * creates, so C, Python and Boost.Interprocess see the same names.
 *
 * We open /dev/shm/X with open(2) instead of calling shm_open(3): glibc moved
 * shm_open from librt into libc in 2.34 with a new symbol version, and the library
 * must load on distributions from glibc 2.17 on. open(2) on the same path is what
 * glibc's shm_open does itself.
 *
 * For the same reason the object's size comes from lseek(SEEK_END), and fstat is a
 * raw system call (fstat@GLIBC_2.33).
 *
 * Names have the held lifetime described in shm_platform.h: a flock(2) per holder,
 * the sticky bit as the mark, and objects published with link(2) once complete.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* flock, MAP_ANONYMOUS, MAP_NORESERVE */

#include "internal.h"

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
#include <time.h>
#include <unistd.h>
#include <pthread.h>

/* O_TMPFILE (Linux 3.11) is only declared with _GNU_SOURCE, which would also swap
 * strerror_r for its GNU form; its value is the same on x86_64 and aarch64. */
#if !defined(O_TMPFILE) && defined(__linux__)
#define O_TMPFILE (020000000 | O_DIRECTORY)
#endif

struct shm_object {
    int fd;
    uint64_t size; /* the size last seen: at open, or by shm_object_size */
    int held;      /* a held object (see shm_platform.h) on which fd holds LOCK_SH */
    char path[];   /* "/dev/shm/X" of a held object, for the last holder's close */
};

/* The mark of a held object: the sticky bit, which means nothing on a file. */
#define HELD_MARK S_ISVTX

/* How often an open retries when the name changes under it, or when a closer or a
 * stale-checker holds its brief exclusive lock. */
#define OPEN_TRIES 2000
#define LOCK_RETRY_NANOS 500000L /* 0.5 ms: at most about a second of waiting */

/* ---- names ----------------------------------------------------------------- */

int shm_posix_path(const char *name, char *path, size_t cap, shm_error *err) {
    if (name[0] != '/' || name[1] == '\0' || strchr(name + 1, '/') != NULL ||
        strcmp(name, "/.") == 0 || strcmp(name, "/..") == 0) {
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_name",
                             "a POSIX shared memory name is '/' and one path component");
    }
    int n = snprintf(path, cap, "%s%s", SHM_DIR, name);
    if (n < 0 || (size_t)n >= cap) {
        return shm_posix_fail(err, "shm_name", ENAMETOOLONG);
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
        return shm_posix_fail(err, "close", errno);
    }
    return SHM_OK;
}

/* Closes fd keeping errno, for error paths that report an earlier failure. */
static void discard_fd(int fd) {
    int saved = errno;
    close(fd);
    errno = saved;
}

/* Wraps fd; path (may be NULL) is kept only for a held object. Closes fd on failure. */
static int wrap_fd(int fd, uint64_t size, int held, const char *path, shm_object **out,
                   shm_error *err) {
    size_t n = held ? strlen(path) + 1 : 1;
    shm_object *obj = malloc(sizeof *obj + n);
    if (obj == NULL) {
        int e = errno;
        close(fd);
        return shm_posix_fail(err, "malloc", e);
    }
    obj->fd = fd;
    obj->size = size;
    obj->held = held;
    memcpy(obj->path, held ? path : "", n);
    *out = obj;
    return SHM_OK;
}

static int file_size(int fd, uint64_t *size, shm_error *err) {
    off_t end = lseek(fd, 0, SEEK_END);
    if (end < 0) {
        return shm_posix_fail(err, "lseek", errno);
    }
    *size = (uint64_t)end;
    return SHM_OK;
}

/* Reserves the blocks of [0, size) of fd, growing it if shorter (never shrinking),
 * so that a full tmpfs fails here and not with SIGBUS when a page is first touched.
 * A file system without fallocate gets at least the size. */
static int reserve(int fd, uint64_t size, shm_error *err) {
    if (size > (uint64_t)INT64_MAX) {
        return shm_posix_fail(err, "posix_fallocate", EFBIG);
    }
    int rc;
    do {
        rc = posix_fallocate(fd, 0, (off_t)size); /* returns the error number */
    } while (rc == EINTR);
    if (rc == 0) {
        return SHM_OK;
    }
    if (rc != EOPNOTSUPP && rc != EINVAL) {
        return shm_posix_fail(err, "posix_fallocate", rc);
    }
    uint64_t current = 0;
    rc = file_size(fd, &current, err);
    while (rc == SHM_OK && current < size && ftruncate(fd, (off_t)size) != 0) {
        if (errno != EINTR) {
            rc = shm_posix_fail(err, "ftruncate", errno);
        }
    }
    return rc;
}

/* Whether fd and path (not followed if a link) are the same file; 0 when path is
 * gone. fstat and fstatat are called as raw system calls: glibc 2.33 gave their
 * wrappers new symbol versions, and the library must load on glibc 2.17. On x86_64
 * and aarch64 the kernel's struct stat is glibc's. */
#if defined(__x86_64__) || defined(__aarch64__)
#define STAT_FD(fd, st) syscall(SYS_fstat, (fd), (st))
#define STAT_PATH(path, st) syscall(SYS_newfstatat, AT_FDCWD, (path), (st), AT_SYMLINK_NOFOLLOW)
#else
#define STAT_FD(fd, st) fstat((fd), (st))
#define STAT_PATH(path, st) lstat((path), (st))
#endif

int shm_posix_stat_fd(int fd, struct stat *st, shm_error *err) {
    if (STAT_FD(fd, st) != 0) {
        return shm_posix_fail(err, "fstat", errno);
    }
    return SHM_OK;
}

static int names_file(const char *path, const struct stat *file) {
    struct stat named;
    return STAT_PATH(path, &named) == 0 && named.st_dev == file->st_dev &&
           named.st_ino == file->st_ino;
}

/* flock that retries EINTR; returns 0 or the error number. */
static int lock_fd(int fd, int op) {
    while (flock(fd, op) != 0) {
        if (errno != EINTR) {
            return errno;
        }
    }
    return 0;
}

static void pause_briefly(void) {
    struct timespec t = {0, LOCK_RETRY_NANOS};
    nanosleep(&t, NULL);
}

/* Removes path if it names a held object that no process holds any more (its
 * holders died), so that a new object can take the name. Returns 1 if the name
 * was removed or vanished meanwhile (try again), 0 if it stands (live, foreign,
 * persistent, or not ours to judge). The exclusive lock, held while checking that
 * the name still names the object and unlinking, keeps every other stale-checker
 * and opener of that object out. */
static int remove_if_stale(const char *path) {
    int fd = retry_open(path, O_RDONLY | O_NONBLOCK, 0);
    if (fd < 0) {
        return errno == ENOENT;
    }
    struct stat st;
    int removed = 0;
    if (STAT_FD(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & HELD_MARK) &&
        lock_fd(fd, LOCK_EX | LOCK_NB) == 0) {
        removed = !names_file(path, &st) || unlink(path) == 0 || errno == ENOENT;
    }
    close(fd);
    return removed;
}

/* ---- creating: out of sight, then published with link(2) ----------------------- */

/* Where the new object lives until it is published: an O_TMPFILE descriptor
 * (hidden[0] == '\0'), or a unique hidden name where O_TMPFILE or /proc is
 * missing. */
#ifdef O_TMPFILE
static int proc_fd_state;
#endif

typedef struct unpublished {
    int fd;
    char hidden[PATH_MAX];
} unpublished;

#ifdef O_TMPFILE
/* Whether /proc/self/fd can be searched, which linkat of an O_TMPFILE needs: asked
 * once per process (1 yes, 2 no, 0 not yet), not once per object. Threads that race
 * here compute the same answer. */
static int proc_fd_usable(void) {
    int known = __atomic_load_n(&proc_fd_state, __ATOMIC_RELAXED);
    if (known == 0) {
        known = access("/proc/self/fd", X_OK) == 0 ? 1 : 2;
        __atomic_store_n(&proc_fd_state, known, __ATOMIC_RELAXED);
    }
    return known == 1;
}
#endif

static int open_unpublished(unsigned perm, unpublished *u, shm_error *err) {
    u->hidden[0] = '\0';
#ifdef O_TMPFILE
    if (proc_fd_usable()) {
        u->fd = retry_open(SHM_DIR, O_TMPFILE | O_RDWR, perm);
        if (u->fd >= 0) {
            return SHM_OK;
        }
        if (errno != EISDIR && errno != EOPNOTSUPP && errno != EINVAL) {
            return shm_posix_fail(err, "open", errno);
        }
    }
#endif
    for (int attempt = 0; attempt < 100; attempt++) {
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        /* Unique enough with the thread and the clock; O_EXCL settles the rest. */
        snprintf(u->hidden, sizeof u->hidden, "%s/.shm4j-%ld-%ld-%ld-%d", SHM_DIR, (long)getpid(),
                 (long)syscall(SYS_gettid), (long)now.tv_nsec, attempt);
        u->fd = retry_open(u->hidden, O_RDWR | O_CREAT | O_EXCL, perm);
        if (u->fd >= 0) {
            return SHM_OK;
        }
        if (errno != EEXIST) {
            break;
        }
    }
    int e = errno;
    u->hidden[0] = '\0';
    return shm_posix_fail(err, "open", e);
}

/* Gives the unpublished object the name path; fails with EEXIST if it is taken.
 * Returns 0 or the error number. */
static int publish(const unpublished *u, const char *path) {
    int rc;
    if (u->hidden[0] != '\0') {
        rc = link(u->hidden, path);
    } else {
        char self[64];
        snprintf(self, sizeof self, "/proc/self/fd/%d", u->fd);
        rc = linkat(AT_FDCWD, self, AT_FDCWD, path, AT_SYMLINK_FOLLOW);
    }
    return rc == 0 ? 0 : errno;
}

/* Drops the hidden name, if any: after publishing, or when giving up. */
static void unhide(unpublished *u) {
    if (u->hidden[0] != '\0') {
        unlink(u->hidden);
        u->hidden[0] = '\0';
    }
}

/* The published object opened again by its name, so that /proc/PID/maps and lsof
 * show its views under that name and not as the unnamed file they were made from;
 * fd itself when that fails or the name meanwhile names another object. The new
 * descriptor takes the holder's lock before fd drops its own: the object never
 * lacks a holder. */
static int by_name(int fd, const char *path, int held) {
    int named = retry_open(path, O_RDWR | O_NONBLOCK, 0);
    struct stat ours, other;
    if (named < 0) {
        return fd;
    }
    if (STAT_FD(fd, &ours) != 0 || STAT_FD(named, &other) != 0 || ours.st_dev != other.st_dev ||
        ours.st_ino != other.st_ino || (held && lock_fd(named, LOCK_SH | LOCK_NB) != 0)) {
        close(named);
        return fd;
    }
    close(fd);
    return named;
}

int shm_create(const char *name, uint64_t size, unsigned perm, int flags,
               shm_object **out, shm_error *err) {
    char path[PATH_MAX];
    int rc = shm_posix_path(name, path, sizeof path, err);
    if (rc != SHM_OK) {
        return rc;
    }
    if (size == 0) {
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_create",
                             "the size of a new object must be greater than zero");
    }
    if ((flags & ~SHM_CREATE_PERSISTENT) != 0) {
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_create", "unknown flags");
    }
    int held = !(flags & SHM_CREATE_PERSISTENT);
    unpublished u;
    rc = open_unpublished(perm, &u, err);
    if (rc != SHM_OK) {
        return rc;
    }
    /* open(2) applies the umask; the caller asked for exactly perm. */
    if (fchmod(u.fd, (mode_t)(perm | (held ? HELD_MARK : 0))) != 0) {
        rc = shm_posix_fail(err, "fchmod", errno);
    } else if (held && lock_fd(u.fd, LOCK_SH | LOCK_NB) != 0) {
        rc = shm_posix_fail(err, "flock", errno);
    } else {
        rc = reserve(u.fd, size, err);
    }
    for (int attempt = 0; rc == SHM_OK; attempt++) {
        int e = publish(&u, path);
        if (e == 0) {
            break;
        }
        /* A stale held name gives way; a live one, or one that keeps coming back
         * (others racing for it), stands. */
        if (e != EEXIST || !held || attempt == 3 || !remove_if_stale(path)) {
            rc = shm_posix_fail(err, "link", e);
        }
    }
    unhide(&u);
    if (rc != SHM_OK) {
        discard_fd(u.fd); /* unpublished: nothing else names it */
        return rc;
    }
    return wrap_fd(by_name(u.fd, path, held), size, held, path, out, err);
}

static int open_flags(shm_access access) {
    return access == SHM_READ_WRITE ? O_RDWR : O_RDONLY;
}

#define NAME_CHANGED (-1)

/* Makes fd, an open held object, one of its holders: SHM_OK, NAME_CHANGED (the
 * name was replaced or removed meanwhile: open again), or a failure kind. A stale object (no holder left) is
 * removed and reported as NOT_FOUND, as Windows would have freed the name. */
static int join_holders(int fd, const char *path, const struct stat *st, shm_error *err) {
    if (lock_fd(fd, LOCK_EX | LOCK_NB) == 0) {
        if (names_file(path, st)) {
            unlink(path);
        }
        return shm_error_set(err, SHM_ERR_NOT_FOUND, "shm_open",
                             "the name was stale: every process that held it has died");
    }
    /* Someone holds it: live. A closer or a stale-checker may hold the exclusive
     * lock for an instant; wait for it, then make sure the name is still ours. */
    for (int tries = 0; tries < OPEN_TRIES; tries++) {
        int e = lock_fd(fd, LOCK_SH | LOCK_NB);
        if (e == 0) {
            return names_file(path, st) ? SHM_OK : NAME_CHANGED;
        }
        if (e != EWOULDBLOCK) {
            return shm_posix_fail(err, "flock", e);
        }
        pause_briefly();
    }
    return shm_posix_fail(err, "flock", EWOULDBLOCK);
}

int shm_open_existing(const char *name, shm_access access, shm_object **out,
                      shm_error *err) {
    if (!shm_access_valid(access)) {
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_open_existing",
                             "unknown access mode");
    }
    char path[PATH_MAX];
    int rc = shm_posix_path(name, path, sizeof path, err);
    if (rc != SHM_OK) {
        return rc;
    }
    for (int tries = 0; tries < OPEN_TRIES; tries++) {
        /* O_NONBLOCK: a FIFO planted under the name must not hang us. */
        int fd = retry_open(path, open_flags(access) | O_NONBLOCK, 0);
        if (fd < 0) {
            return shm_posix_fail(err, "open", errno);
        }
        struct stat st;
        rc = shm_posix_stat_fd(fd, &st, err);
        if (rc == SHM_OK && !S_ISREG(st.st_mode)) {
            rc = shm_error_set(err, SHM_ERR_WRONG_TYPE, "shm_open",
                               "the name is not a shared memory object (not a regular file)");
        }
        int held = rc == SHM_OK && (st.st_mode & HELD_MARK) != 0;
        if (held) {
            rc = join_holders(fd, path, &st, err);
            if (rc == NAME_CHANGED) {
                close(fd); /* look again */
                continue;
            }
        }
        uint64_t size = 0;
        if (rc == SHM_OK) {
            rc = file_size(fd, &size, err);
        }
        if (rc == SHM_OK && access == SHM_READ_WRITE && size > 0) {
            rc = reserve(fd, size, err); /* fill the holes of a sparse (foreign) object */
        }
        if (rc != SHM_OK) {
            close(fd);
            return rc;
        }
        return wrap_fd(fd, size, held, path, out, err);
    }
    return shm_error_set(err, SHM_ERR_SYSTEM, "shm_open",
                         "the name kept changing while it was being opened");
}

int shm_open_file(const char *path, uint64_t size, shm_access access, unsigned perm,
                  int flags, shm_object **out, shm_error *err) {
    if (!shm_access_valid(access)) {
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_open_file",
                             "unknown access mode");
    }
    if ((flags & ~SHM_FILE_CREATE) != 0) {
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_open_file", "unknown flags");
    }
    int oflags = open_flags(access) | O_NONBLOCK;
    int created = 0;
    int fd = -1;
    if (flags & SHM_FILE_CREATE) {
        /* Exclusive first, so that a failure below removes only a file we made. */
        fd = retry_open(path, oflags | O_CREAT | O_EXCL, perm);
        created = fd >= 0;
    }
    if (fd < 0 && (!(flags & SHM_FILE_CREATE) || errno == EEXIST)) {
        fd = retry_open(path, oflags, perm);
    }
    if (fd < 0) {
        return shm_posix_fail(err, "open", errno);
    }
    struct stat st;
    uint64_t current = 0;
    int rc = shm_posix_stat_fd(fd, &st, err);
    if (rc == SHM_OK && !S_ISREG(st.st_mode)) {
        rc = shm_error_set(err, SHM_ERR_WRONG_TYPE, "shm_open_file", "not a regular file");
    }
    if (rc == SHM_OK) {
        rc = file_size(fd, &current, err);
    }
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
        if (created && names_file(path, &st)) {
            unlink(path);
        }
        close(fd);
        return rc;
    }
    return wrap_fd(fd, current < size ? size : current, 0, NULL, out, err);
}

int shm_object_size(shm_object *obj, uint64_t *size, shm_error *err) {
    int rc = file_size(obj->fd, size, err);
    if (rc == SHM_OK) {
        obj->size = *size;
    }
    return rc;
}

int shm_close(shm_object *obj, shm_error *err) {
    int rc = SHM_OK;
    if (obj->held && lock_fd(obj->fd, LOCK_EX | LOCK_NB) == 0) {
        /* The last holder: the name goes with it, if it is still ours. */
        struct stat st;
        rc = shm_posix_stat_fd(obj->fd, &st, err);
        if (rc == SHM_OK && names_file(obj->path, &st) && unlink(obj->path) != 0 &&
            errno != ENOENT) {
            rc = shm_posix_fail(err, "unlink", errno);
        }
    }
    int closed = close_fd(obj->fd, err);
    free(obj);
    return rc != SHM_OK ? rc : closed;
}

int shm_remove(const char *name, shm_error *err) {
    char path[PATH_MAX];
    int rc = shm_posix_path(name, path, sizeof path, err);
    if (rc != SHM_OK) {
        return rc;
    }
    if (unlink(path) != 0) {
        return shm_posix_fail(err, "unlink", errno);
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
    if (!shm_access_valid(access)) {
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_map", "unknown access mode");
    }
    /* Checked against the size last seen (no system call per view): a view past
     * the end would map, then fault when touched. */
    uint64_t size = obj->size;
    if (offset > size || length > size - offset) {
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_map",
                             "the view reaches past the end of the object");
    }
    int prot = access == SHM_READ_ONLY ? PROT_READ : PROT_READ | PROT_WRITE;
    int share = access == SHM_COPY_ON_WRITE ? MAP_PRIVATE : MAP_SHARED;
    void *p = mmap(NULL, length, prot, share, obj->fd, (off_t)offset);
    if (p == MAP_FAILED) {
        return shm_posix_fail(err, "mmap", errno);
    }
    *addr = p;
    return SHM_OK;
}

/* A view's length, refused when 0 (Win32 would ignore it; munmap would fail). */
static int view_length(size_t length, const char *call, shm_error *err) {
    if (length == 0) {
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, call,
                             "the length must be greater than zero");
    }
    return SHM_OK;
}

int shm_unmap(void *addr, size_t length, shm_error *err) {
    int rc = view_length(length, "shm_unmap", err);
    if (rc != SHM_OK) {
        return rc;
    }
    if (munmap(addr, length) != 0) {
        return shm_posix_fail(err, "munmap", errno);
    }
    return SHM_OK;
}

int shm_retire(void *addr, size_t length, shm_access access, shm_error *err) {
    int rc = view_length(length, "shm_retire", err);
    if (rc != SHM_OK) {
        return rc;
    }
    if (!shm_access_valid(access)) {
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_retire", "unknown access mode");
    }
    int prot = access == SHM_READ_ONLY ? PROT_READ : PROT_READ | PROT_WRITE;
    /* MAP_FIXED replaces the old mapping atomically: there is no instant at which
     * the range is unmapped and a racing reader could fault. */
    void *p = mmap(addr, length, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE,
                   -1, 0);
    if (p == MAP_FAILED) {
        return shm_posix_fail(err, "mmap", errno);
    }
    return SHM_OK;
}

int shm_release(void *addr, size_t length, shm_error *err) {
    int rc = view_length(length, "shm_release", err);
    if (rc != SHM_OK) {
        return rc;
    }
    if (munmap(addr, length) != 0) {
        return shm_posix_fail(err, "munmap", errno);
    }
    return SHM_OK;
}

int shm_flush(shm_object *obj, void *addr, size_t length, shm_error *err) {
    (void)obj;
    int rc = view_length(length, "shm_flush", err);
    if (rc != SHM_OK) {
        return rc;
    }
    if (msync(addr, length, MS_SYNC) != 0) {
        return shm_posix_fail(err, "msync", errno);
    }
    return SHM_OK;
}

static pthread_mutex_t global_lock = PTHREAD_MUTEX_INITIALIZER;

void shm_global_lock(void) { pthread_mutex_lock(&global_lock); }

void shm_global_unlock(void) { pthread_mutex_unlock(&global_lock); }

/* ---- shared with the other files of posix/ (internal.h) ------------------------ */

int shm_posix_same_file(int fd, const char *path, int *same, shm_error *err) {
    struct stat st;
    int rc = shm_posix_stat_fd(fd, &st, err);
    if (rc == SHM_OK) {
        *same = names_file(path, &st);
    }
    return rc;
}
