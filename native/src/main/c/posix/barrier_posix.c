/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * barrier_posix.c - barrier_platform.h on Linux: membarrier(2), called through
 * syscall(2) (glibc has no wrapper).
 */
#define _GNU_SOURCE /* syscall */

#include "internal.h"

#include "barrier_platform.h"

#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The commands, as <linux/membarrier.h> numbers them: defined here because the musl
 * cross toolchains ship no kernel headers. */
#define SHM_MEMBARRIER_CMD_GLOBAL_EXPEDITED (1 << 1)
#define SHM_MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED (1 << 2)

#ifdef SYS_membarrier
static int call_membarrier(int cmd, const char *call, shm_error *err) {
    if (syscall(SYS_membarrier, cmd, 0u, 0) != 0) {
        return shm_posix_fail(err, call, errno);
    }
    return SHM_OK;
}
#else
static int call_membarrier(int cmd, const char *call, shm_error *err) {
    (void)cmd;
    return shm_error_set(err, SHM_ERR_UNSUPPORTED, call, "this C library has no membarrier system call number");
}
#endif

int shm_barrier_register(shm_error *err) {
    return call_membarrier(SHM_MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED,
                           "membarrier(MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED)", err);
}

int shm_barrier_all(shm_error *err) {
    return call_membarrier(SHM_MEMBARRIER_CMD_GLOBAL_EXPEDITED, "membarrier(MEMBARRIER_CMD_GLOBAL_EXPEDITED)", err);
}
