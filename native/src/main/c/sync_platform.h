/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * sync_platform.h - named mutexes, events and semaphores between processes, the
 * interface between the JNI glue (jni/sync_jni.c) and the OS: posix/sync_posix.c
 * (the layout of shm4j_sync.h in /dev/shm) and win32/sync_win32.c (the Win32 named
 * kernel objects). Same conventions as shm_platform.h, "Who checks what"
 * included: SHM_OK or an error kind, with *err filled on failure; kinds and counts
 * are checked here, pointers are the caller's. One difference: Java holds an
 * shm_sync pointer itself as its handle (these objects are not in the JNI glue's
 * handle table yet), so the Java layer alone guards against a closed one.
 *
 * Waits take a timeout in nanoseconds: < 0 waits without limit, 0 only tries.
 *
 * Cancellable waits. Where shm_sync_cancellable() says so (Linux 5.16+: futex_waitv),
 * a mutex, event or semaphore wait also ends, with SHM_WAIT_CANCELLED, as soon as
 * shm_sync_cancel_waits() runs on its handle (close) or its `interrupt` word is
 * nonzero (shm_sync_interrupt: Thread.interrupt() of the waiter), so the Java layer
 * waits in one call. Elsewhere (Windows, older kernels, qemu-user) those wake-ups
 * are not seen and the Java layer waits in short slices instead.
 */
#ifndef SYNC_PLATFORM_H
#define SYNC_PLATFORM_H

#include <stdint.h>

#include "shm_error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Kinds; the numbers are shared with Java (io.github.shm4j.sync.SyncNative) and
 * with shm4j_sync.h. */
enum { SHM_SYNC_MUTEX = 1, SHM_SYNC_EVENT = 2, SHM_SYNC_SEMAPHORE = 3 };

/* Outcomes of a wait; shared with Java. */
enum { SHM_WAIT_ACQUIRED = 0, SHM_WAIT_TIMEOUT = 1, SHM_WAIT_OWNER_DIED = 2, SHM_WAIT_CANCELLED = 3 };

/* An open sync object. Opaque. */
typedef struct shm_sync shm_sync;

/* Creates a new named object. Mutex: a and b unused. Event: a = 1 for manual
 * reset, b = 1 to start set. Semaphore: a = initial count, b = maximum count
 * (1 <= b, a <= b; both <= INT32_MAX). Fails with ALREADY_EXISTS if the name is
 * taken by a live object (a POSIX name nobody holds is replaced). */
int shm_sync_create(const char *name, int kind, uint32_t a, uint32_t b, unsigned perm,
                    shm_sync **out, shm_error *err);

/* Opens an existing object of this kind: WRONG_TYPE if the name is another kind
 * of object, UNSUPPORTED for a POSIX object of another layout version. */
int shm_sync_open(const char *name, int kind, shm_sync **out, shm_error *err);

/* Closes the object and frees s, also when the OS reports an error. POSIX: the
 * last process to close a name removes it. The caller must not hold the mutex. */
int shm_sync_close(shm_sync *s, shm_error *err);

/* Locks the mutex; *outcome tells ACQUIRED, TIMEOUT, OWNER_DIED (acquired; the
 * previous owner died holding it, and the mutex has been made consistent) or
 * CANCELLED; interrupt as for shm_event_wait. */
int shm_mutex_lock(shm_sync *s, int64_t timeout_ns, const uint32_t *interrupt, int *outcome,
                   shm_error *err);

/* Unlocks the mutex that the calling thread holds. */
int shm_mutex_unlock(shm_sync *s, shm_error *err);

int shm_event_set(shm_sync *s, shm_error *err);
int shm_event_reset(shm_sync *s, shm_error *err);

/* Waits for the event (consuming it if it resets automatically). interrupt: a
 * word of the calling thread's, private to this process, or NULL; see
 * "Cancellable waits". */
int shm_event_wait(shm_sync *s, int64_t timeout_ns, const uint32_t *interrupt, int *outcome,
                   shm_error *err);

/* Takes one unit of the semaphore; interrupt as for shm_event_wait. */
int shm_semaphore_acquire(shm_sync *s, int64_t timeout_ns, const uint32_t *interrupt, int *outcome,
                          shm_error *err);

/* 1 if waits see shm_sync_cancel_waits and interrupt words. */
int shm_sync_cancellable(void);

/* Ends every wait on s, now and later, with SHM_WAIT_CANCELLED (before close).
 * Safe from any thread while s is open. */
int shm_sync_cancel_waits(shm_sync *s, shm_error *err);

/* Sets *interrupt to 1 and wakes the wait that watches it (from any thread). The
 * waiting thread sets it back to 0 before its next wait. */
int shm_sync_interrupt(uint32_t *interrupt, shm_error *err);

/* Adds n (>= 1) to the count; *previous is the count before, or -1 when the count
 * would pass the maximum (then nothing is released). */
int shm_semaphore_release(shm_sync *s, uint32_t n, int64_t *previous, shm_error *err);

/* ---- the Java fast path of a mutex (Linux, glibc; see sync_posix.c) ----------------
 * Java locks a free mutex and unlocks it itself, with glibc's own protocol, when
 * these allow it; elsewhere they report "no" and every call goes through
 * shm_mutex_lock and shm_mutex_unlock. */

/* The sizes of the windows that Java's fast path reads and writes: the thread's
 * robust_prev and robust_list_head (from head - 8), and a mutex's mapping. */
#define SHM_MUTEX_FAST_WINDOW 32
#define SHM_MUTEX_FAST_MAPPING 128

/* For the calling thread: the address of its robust list head once every layout
 * detail the fast path relies on has been checked with a real lock; 0 when the fast
 * path cannot work (not glibc, another layout); -1 when the thread holds a robust
 * mutex right now, so the probe cannot check its list (Java then does without the
 * fast path on this thread). */
int64_t shm_mutex_fast_thread(void);

/* The OS thread id of the calling thread (the TID a mutex's lock word holds). */
int shm_sync_thread_id(void);

/* The mapping (SHM4J_SYNC_FILE_SIZE bytes, struct shm4j_mutex) of a mutex that the
 * fast path can use, or NULL. From then on the caller owns the address range:
 * shm_sync_close replaces the mapping in place with private zero memory (so the
 * file's pages are freed, and a racing access touches harmless memory), and
 * shm_sync_unmap unmaps it, once nothing can touch it. */
void *shm_mutex_fast_detach(shm_sync *s);

/* Unmaps a mapping that shm_mutex_fast_detach returned. */
int shm_sync_unmap(void *map, shm_error *err);

/* pthread_mutex_unlock of the mutex in a detached mapping (the calling thread holds it). */
int shm_mutex_unlock_at(void *map, shm_error *err);

/* Wakes one thread sleeping on the lock word of the mutex in a detached mapping. */
int shm_mutex_wake_at(void *map, shm_error *err);

#ifdef __cplusplus
}
#endif

#endif /* SYNC_PLATFORM_H */
