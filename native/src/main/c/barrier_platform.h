/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * barrier_platform.h - asymmetric memory barriers between processes, the interface
 * between the JNI glue (jni/barrier_jni.c) and the OS: posix/barrier_posix.c (Linux
 * membarrier(2)) and win32/barrier_win32.c (none). Same conventions as
 * shm_platform.h: SHM_OK or an error kind, with *err filled on failure.
 *
 * The pattern they serve (shm4j's channel, shm4j_channel.h "WAKING"): a busy side
 * publishes (stores) and then reads a flag that a waiting side sets; the waiting side
 * sets the flag and then reads the publication. One of the two must see the other's
 * store, which takes a full barrier between the store and the load on both sides. A
 * process that registered (shm_barrier_register) may leave its busy side's barrier
 * out, as long as every waiting side calls shm_barrier_all() between its store and its
 * load: that call makes every running thread of every registered process pass a full
 * barrier, so the busy side's store is visible or its load comes after the flag.
 * The busy side still needs its store and load in program order (a compiler barrier;
 * a Java volatile or acquire load after a release store is one).
 */
#ifndef BARRIER_PLATFORM_H
#define BARRIER_PLATFORM_H

#include "shm_error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Registers the calling process for shm_barrier_all() (Linux 4.16+:
 * MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED). UNSUPPORTED, or the OS's error (ENOSYS,
 * EINVAL, a seccomp filter's EPERM), when it cannot; then the process keeps its own
 * barriers. */
int shm_barrier_register(shm_error *err);

/* Makes every running thread of every registered process pass a full memory barrier
 * before this returns (MEMBARRIER_CMD_GLOBAL_EXPEDITED); the caller's own thread too.
 * Microseconds: an interprocessor interrupt to each CPU that runs such a thread. */
int shm_barrier_all(shm_error *err);

#ifdef __cplusplus
}
#endif

#endif /* BARRIER_PLATFORM_H */
