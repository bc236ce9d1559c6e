/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * barrier_win32.c - barrier_platform.h on Windows: not available.
 * FlushProcessWriteBuffers reaches the threads of the calling process only, and
 * the pattern needs the other process's, so every process keeps its own barriers.
 */
#include "internal.h"

#include "barrier_platform.h"

static const char no_barrier[] =
    "Windows has no memory barrier across processes (FlushProcessWriteBuffers reaches the calling process only)";

int shm_barrier_register(shm_error *err) {
    return shm_error_set(err, SHM_ERR_UNSUPPORTED, "shm_barrier_register", no_barrier);
}

int shm_barrier_all(shm_error *err) {
    return shm_error_set(err, SHM_ERR_UNSUPPORTED, "shm_barrier_all", no_barrier);
}
