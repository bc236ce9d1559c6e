/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * posix_error.c - what an error number means to shm4j: its symbolic name, its
 * portable kind and its text, from one table.
 */
#define _POSIX_C_SOURCE 200809L /* XSI strerror_r (no _GNU_SOURCE here) */

#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "shm_platform.h"

/* Every errno that shm4j names, with its kind (SHM_ERR_<kind>). A number not
 * listed has no name and the kind SYSTEM. */
#define ERRNO_TABLE(XX)                                                  \
    XX(EPERM, ACCESS_DENIED)                                             \
    XX(ENOENT, NOT_FOUND)                                                \
    XX(EINTR, SYSTEM)                                                    \
    XX(EIO, IO)                                                          \
    XX(EBADF, SYSTEM)                                                    \
    XX(EAGAIN, SYSTEM)                                                   \
    XX(ENOMEM, OUT_OF_MEMORY)                                            \
    XX(EACCES, ACCESS_DENIED)                                            \
    XX(EFAULT, SYSTEM)                                                   \
    XX(EBUSY, SYSTEM)                                                    \
    XX(EEXIST, ALREADY_EXISTS)                                           \
    XX(ENODEV, UNSUPPORTED)                                              \
    XX(ENOTDIR, SYSTEM)                                                  \
    XX(EISDIR, WRONG_TYPE)                                               \
    XX(EINVAL, INVALID_ARGUMENT)                                         \
    XX(ENFILE, TOO_MANY_OPEN)                                            \
    XX(EMFILE, TOO_MANY_OPEN)                                            \
    XX(ETXTBSY, SYSTEM)                                                  \
    XX(EFBIG, INVALID_ARGUMENT)                                          \
    XX(ENOSPC, INSUFFICIENT_SPACE)                                       \
    XX(ESPIPE, SYSTEM)                                                   \
    XX(EROFS, ACCESS_DENIED)                                             \
    XX(ERANGE, SYSTEM)                                                   \
    XX(ENAMETOOLONG, NAME_TOO_LONG)                                      \
    XX(ENOSYS, UNSUPPORTED)                                              \
    XX(ELOOP, WRONG_TYPE) /* O_NOFOLLOW met a symbolic link */           \
    XX(EOVERFLOW, INVALID_ARGUMENT)                                      \
    XX(EOPNOTSUPP, UNSUPPORTED)                                          \
    XX(EDQUOT, INSUFFICIENT_SPACE)                                       \
    XX(ENXIO, WRONG_TYPE) /* a socket or FIFO */                         \
    XX(EDEADLK, SYSTEM)                                                  \
    XX(ETIMEDOUT, SYSTEM)                                                \
    XX(EOWNERDEAD, SYSTEM)                                               \
    XX(ENOTRECOVERABLE, SYSTEM)

const char *shm_os_code_name(int64_t code) {
    switch (code) {
#define ERRNO_NAME(e, kind) case e: return #e;
        ERRNO_TABLE(ERRNO_NAME)
#undef ERRNO_NAME
    default:
        return NULL;
    }
}

const char *shm_os_code_label(void) { return "errno"; }

static int kind_of(int e) {
    switch (e) {
#define ERRNO_KIND(e, kind) case e: return SHM_ERR_##kind;
        ERRNO_TABLE(ERRNO_KIND)
#undef ERRNO_KIND
    default:
        return SHM_ERR_SYSTEM;
    }
}

int shm_posix_fail(shm_error *err, const char *call, int e) {
    err->kind = kind_of(e);
    err->code = e;
    err->call = call;
    /* XSI strerror_r: _POSIX_C_SOURCE without _GNU_SOURCE selects it. */
    if (strerror_r(e, err->text, sizeof err->text) != 0) {
        snprintf(err->text, sizeof err->text, "unknown error %d", e);
    }
    return err->kind;
}
