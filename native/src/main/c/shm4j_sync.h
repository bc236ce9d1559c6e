/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * shm4j_sync.h - the Linux layout of shm4j's named mutexes, events and semaphores
 * (io.github.shm4j.sync), for C and C++ programs that coordinate with Java. This
 * header is the contract: sync_posix.c implements it, and a C test program
 * (native/src/test/c/sync_peer.c) that knows only this header works with Java.
 *
 * WHERE AN OBJECT LIVES
 *   The name "/X" (Java: "Local\X", "Global\X" or "X") is the file /dev/shm/X, the
 *   namespace of shm_open(3) and of SharedMemory: one name is either a shared
 *   memory object or a sync object, as in Win32's shared namespace. The file is
 *   SHM4J_SYNC_FILE_SIZE bytes, mode 0600 unless asked otherwise, and holds one of
 *   the structs below, in the byte order and alignment of the machine.
 *
 * LIFETIME (flock(2) on the file)
 *   - Every process that has an object open holds a shared flock (LOCK_SH) on
 *     its own descriptor of the file, for as long as it uses it.
 *   - Creating: the creator builds the complete object in an unnamed file
 *     (O_TMPFILE in /dev/shm, or a temporary name), takes LOCK_SH, and only then
 *     links it under the name (linkat/link: fails with EEXIST if the name is
 *     taken). So an object found under a name is always initialized.
 *   - A name whose file nobody holds (flock(LOCK_EX | LOCK_NB) succeeds) is stale:
 *     all its users closed or died. A creator replaces a stale name (unlink, link
 *     again); an opener that finds one may still use it.
 *   - Opening: open(O_RDWR | O_NOFOLLOW), flock(LOCK_SH), then check that the name
 *     still refers to the same file (st_dev, st_ino); if not, it was removed in
 *     between: open again.
 *   - Closing: flock(LOCK_EX | LOCK_NB); if that succeeds this process was the
 *     last user: unlink the name if it still refers to this file. Then close.
 *     So, like a Win32 named object, a name lives while some process has it open.
 *
 * HEADER (all kinds)
 *   magic   SHM4J_SYNC_MAGIC, written last by the creator
 *   kind    SHM4J_SYNC_MUTEX, _EVENT or _SEMAPHORE; opening a name as another
 *           kind fails (Java: WrongObjectTypeException)
 *   version SHM4J_SYNC_VERSION; any other version is refused, not guessed at
 *   size    sizeof the whole struct of that kind; an opener refuses another size
 *           (a mutex: from 64 + 40 bytes up to the file, as pthread_mutex_t is 40
 *           bytes on x86-64 and 48 on aarch64)
 *
 * MUTEX
 *   A glibc pthread_mutex_t initialized PTHREAD_PROCESS_SHARED and
 *   PTHREAD_MUTEX_ROBUST, type PTHREAD_MUTEX_ERRORCHECK. Lock it with pthread_mutex_lock or
 *   pthread_mutex_timedlock; on EOWNERDEAD call pthread_mutex_consistent and
 *   repair the protected data (shm4j does the same, then throws
 *   OwnerDiedException with the lock held). Ownership is per thread.
 *   On Linux 5.16+ shm4j waits for a held mutex up to 2 ms in the C library's
 *   pthread_mutex_timedlock, then itself, with the C library's own
 *   protocol on the lock word (glibc __data.__lock, musl _m_lock): it takes the
 *   mutex only with pthread_mutex_trylock; before sleeping it sets bit 31
 *   (FUTEX_WAITERS) on the word and sleeps while the word holds that value
 *   (futex_waitv, shared), so that the owner's unlock, or the kernel when the
 *   owner dies, wakes it; once it took the mutex after sleeping, it sets bit 31
 *   on the word again, as glibc's lock does, for whoever else sleeps.
 *   With glibc, shm4j's Java side takes and releases a free mutex without calling
 *   the C library: it does the steps of glibc's own pthread_mutex_lock / _unlock for
 *   this kind of mutex (list_op_pending, the CAS of __lock from 0 to the TID and the
 *   swap back to 0 with a FUTEX_WAKE when bit 31 was set, the links of the thread's
 *   robust list, __owner), so a C peer sees the same words. It leaves out __count and
 *   __nusers, which glibc reads for other kinds of mutex only. C peers lock with the
 *   pthread functions as before.
 *
 * EVENT (futex word `state`: 0 reset, 1 set; `manual`: 1 manual reset, 0 auto)
 *   set:   atomic store state = 1 (seq_cst); if waiters > 0, FUTEX_WAKE on state:
 *          1 waiter (auto) or INT_MAX (manual). shm4j then calls sched_yield() if
 *          the wake woke anyone, so that a waiter woken on the setter's CPU runs at
 *          once (optional for peers: it is about latency, not correctness).
 *   reset: atomic store state = 0.
 *   wait:  auto: CAS 1 -> 0 consumes the event; manual: state == 1 returns.
 *          Otherwise atomically increment waiters (seq_cst), check state again,
 *          FUTEX_WAIT(state, 0) (shared futex: no FUTEX_PRIVATE_FLAG), decrement
 *          waiters, retry. No system call when nobody waits.
 *
 * SEMAPHORE (futex word `count`, 0..max)
 *   acquire: CAS count -> count - 1 when count > 0; otherwise increment waiters,
 *            FUTEX_WAIT(count, 0), decrement waiters, retry.
 *   release(n): CAS count -> count + n, refused (nothing released) when that
 *            passes max; then, if waiters > 0, FUTEX_WAKE(count, n).
 */
#ifndef SHM4J_SYNC_H
#define SHM4J_SYNC_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#define SHM4J_SYNC_MAGIC 0x434E5953u /* "SYNC" in little-endian memory */
#define SHM4J_SYNC_VERSION 1u
#define SHM4J_SYNC_FILE_SIZE 128u

enum shm4j_sync_kind {
    SHM4J_SYNC_MUTEX = 1,
    SHM4J_SYNC_EVENT = 2,
    SHM4J_SYNC_SEMAPHORE = 3
};

struct shm4j_sync_header {
    uint32_t magic;
    uint16_t kind;
    uint16_t version;
    uint32_t size;
    uint32_t reserved[13];
}; /* 64 bytes */

struct shm4j_mutex {
    struct shm4j_sync_header header;
    pthread_mutex_t mutex; /* at offset 64 */
};

struct shm4j_event {
    struct shm4j_sync_header header;
    uint32_t state;   /* offset 64: the futex word */
    uint32_t waiters; /* offset 68 */
    uint32_t manual;  /* offset 72 */
};

struct shm4j_semaphore {
    struct shm4j_sync_header header;
    uint32_t count;   /* offset 64: the futex word */
    uint32_t waiters; /* offset 68 */
    uint32_t max;     /* offset 72 */
};

_Static_assert(sizeof(struct shm4j_sync_header) == 64, "header is 64 bytes");
_Static_assert(offsetof(struct shm4j_mutex, mutex) == 64, "mutex at 64");
_Static_assert(offsetof(struct shm4j_event, state) == 64, "event state at 64");
_Static_assert(offsetof(struct shm4j_semaphore, count) == 64, "semaphore count at 64");
_Static_assert(sizeof(struct shm4j_mutex) <= SHM4J_SYNC_FILE_SIZE, "mutex fits the file");

#endif /* SHM4J_SYNC_H */
