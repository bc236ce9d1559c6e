/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * sync_test.c - the Linux sync layer (sync_platform.h, posix/sync_posix.c) through
 * its own C interface, across processes (fork): a mutex whose owner dies holding
 * it, auto- and manual-reset events, a semaphore at its maximum, one namespace for
 * all kinds, stale names, the values the layer refuses, and waits ended by
 * shm_sync_interrupt and shm_sync_cancel_waits. The Windows half has
 * sync_interop_test.c. Ends with "sync_test: N passed, M failed".
 *
 *   sync_test
 */
#define _GNU_SOURCE /* syscall */

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "shm_test.h"
#include "sync_platform.h"

#define SECOND_NS 1000000000LL

/* Runs child(name) in a new process and returns its exit status (-1 if it did
 * not exit normally). */
static int in_child(int (*child)(const char *name), const char *name) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        _exit(child(name));
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) {
        return -1;
    }
    return WEXITSTATUS(status);
}

/* Whether the kernel keeps this thread's robust futex list, which owner death
 * needs: qemu-user does not implement the call (ENOSYS). */
static int robust_futexes(void) {
    void *head = NULL;
    size_t len = 0;
    return syscall(SYS_get_robust_list, 0, &head, &len) == 0;
}

/* ---- the children ------------------------------------------------------------- */

static int lock_and_die(const char *name) {
    shm_sync *m = NULL;
    shm_error err;
    int outcome = -1;
    if (shm_sync_open(name, SHM_SYNC_MUTEX, &m, &err) != SHM_OK ||
        shm_mutex_lock(m, -1, NULL, &outcome, &err) != SHM_OK || outcome != SHM_WAIT_ACQUIRED) {
        return 1;
    }
    return 0; /* exits holding it, without closing */
}

static int try_lock(const char *name) {
    shm_sync *m = NULL;
    shm_error err;
    int outcome = -1;
    if (shm_sync_open(name, SHM_SYNC_MUTEX, &m, &err) != SHM_OK ||
        shm_mutex_lock(m, 0, NULL, &outcome, &err) != SHM_OK) {
        return 1;
    }
    if (outcome == SHM_WAIT_ACQUIRED) {
        shm_mutex_unlock(m, &err);
    }
    shm_sync_close(m, &err);
    return outcome == SHM_WAIT_TIMEOUT ? 10 : outcome == SHM_WAIT_ACQUIRED ? 11 : 12;
}

static int set_event(const char *name) {
    shm_sync *e = NULL;
    shm_error err;
    int rc = shm_sync_open(name, SHM_SYNC_EVENT, &e, &err);
    if (rc == SHM_OK) {
        rc = shm_event_set(e, &err);
        shm_sync_close(e, &err);
    }
    return rc == SHM_OK ? 0 : 1;
}

static int release_one(const char *name) {
    shm_sync *s = NULL;
    shm_error err;
    int64_t previous = -2;
    int rc = shm_sync_open(name, SHM_SYNC_SEMAPHORE, &s, &err);
    if (rc == SHM_OK) {
        rc = shm_semaphore_release(s, 1, &previous, &err);
        shm_sync_close(s, &err);
    }
    return rc != SHM_OK ? 1 : previous == 0 ? 20 : previous == -1 ? 30 : 40;
}

static int create_and_die(const char *name) {
    shm_sync *e = NULL;
    shm_error err;
    return shm_sync_create(name, SHM_SYNC_EVENT, 0, 0, 0600, &e, &err) == SHM_OK ? 0 : 1;
}

static int64_t monotonic_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Starts child(name) in a new process that writes one byte to the returned
 * descriptor's other end once ready(name) ran; returns its pid, *ready_fd to read. */
static pid_t start_child(int (*ready)(shm_sync *m), int (*then)(shm_sync *m), const char *name,
                         int *ready_fd) {
    int p[2];
    if (pipe(p) != 0) {
        return -1;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        shm_sync *m = NULL;
        shm_error err;
        if (shm_sync_open(name, SHM_SYNC_MUTEX, &m, &err) != SHM_OK || ready(m) != 0) {
            _exit(1);
        }
        char c = 'r';
        if (write(p[1], &c, 1) != 1) {
            _exit(2);
        }
        _exit(then(m));
    }
    close(p[1]);
    *ready_fd = p[0];
    return pid;
}

static int lock_now(shm_sync *m) {
    shm_error err;
    int outcome = -1;
    return shm_mutex_lock(m, -1, NULL, &outcome, &err) == SHM_OK && outcome == SHM_WAIT_ACQUIRED ? 0 : 1;
}

static void pause_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static int unlock_after_300ms(shm_sync *m) {
    shm_error err;
    pause_ms(300);
    return shm_mutex_unlock(m, &err) == SHM_OK ? 0 : 3;
}

static int die_after_300ms(shm_sync *m) {
    (void)m;
    pause_ms(300);
    return 0; /* exits holding it */
}

static int child_status(pid_t pid) {
    int status = 0;
    return waitpid(pid, &status, 0) == pid && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct locker {
    shm_sync *m;
    int rc;
    int outcome;
    uint32_t interrupt;
};

static void *lock_until_interrupted(void *arg) {
    struct locker *l = arg;
    shm_error err;
    l->rc = shm_mutex_lock(l->m, 5 * SECOND_NS, &l->interrupt, &l->outcome, &err);
    return NULL;
}

static void *lock_hold_unlock(void *arg) {
    struct locker *l = arg;
    shm_error err;
    l->rc = shm_mutex_lock(l->m, 5 * SECOND_NS, NULL, &l->outcome, &err);
    if (l->rc == SHM_OK && l->outcome == SHM_WAIT_ACQUIRED) {
        pause_ms(50);
        l->rc = shm_mutex_unlock(l->m, &err);
    }
    return NULL;
}

/* Waits of this process while another process holds the mutex: a handoff at unlock,
 * two sleepers (the second must be woken by the first's unlock), owner death, and
 * EDEADLK for a thread that locks what it holds. */
static void test_mutex_waits(const char *name) {
    shm_sync *m = NULL;
    shm_error err;
    int outcome = -1;
    int ready = -1;
    char c;
    if (shm_sync_create(name, SHM_SYNC_MUTEX, 0, 0, 0600, &m, &err) != SHM_OK) {
        printf("SKIPPED the mutex waits: %s (%s)\n", err.call, err.text);
        return;
    }
    pid_t pid = start_child(lock_now, unlock_after_300ms, name, &ready);
    CHECK(pid > 0 && read(ready, &c, 1) == 1, "another process holds the mutex");
    int64_t t0 = monotonic_ns();
    int rc = shm_mutex_lock(m, 5 * SECOND_NS, NULL, &outcome, &err);
    CHECK(rc == SHM_OK && outcome == SHM_WAIT_ACQUIRED && monotonic_ns() - t0 < 3 * SECOND_NS,
          "a waiter gets it when the holder unlocks");
    rc = shm_mutex_lock(m, SECOND_NS, NULL, &outcome, &err);
    CHECK_ERROR(rc, SHM_ERR_SYSTEM, err, "locking it again on the same thread: EDEADLK");
    CHECK(err.code == EDEADLK, "(the code is EDEADLK)");
    shm_mutex_unlock(m, &err);
    CHECK(child_status(pid) == 0, "the holder unlocked and exited");
    close(ready);

    pid = start_child(lock_now, unlock_after_300ms, name, &ready);
    CHECK(pid > 0 && read(ready, &c, 1) == 1, "another process holds the mutex again");
    struct locker a = {m, -1, -1, 0}, b = {m, -1, -1, 0};
    pthread_t ta, tb;
    t0 = monotonic_ns();
    int started = pthread_create(&ta, NULL, lock_hold_unlock, &a) == 0;
    started = started && pthread_create(&tb, NULL, lock_hold_unlock, &b) == 0;
    CHECK(started, "two threads wait for it");
    if (started) {
        pthread_join(ta, NULL);
        pthread_join(tb, NULL);
        CHECK(a.rc == SHM_OK && a.outcome == SHM_WAIT_ACQUIRED && b.rc == SHM_OK
                  && b.outcome == SHM_WAIT_ACQUIRED && monotonic_ns() - t0 < 3 * SECOND_NS,
              "both get it in turn: the first's unlock wakes the second");
    }
    CHECK(child_status(pid) == 0, "the holder exited");
    close(ready);

    if (shm_sync_cancellable()) {
        pid = start_child(lock_now, unlock_after_300ms, name, &ready);
        CHECK(pid > 0 && read(ready, &c, 1) == 1, "another process holds it");
        struct locker w = {m, -1, -1, 0};
        pthread_t tw;
        if (pthread_create(&tw, NULL, lock_until_interrupted, &w) == 0) {
            pause_ms(50);
            shm_sync_interrupt(&w.interrupt, &err);
            pthread_join(tw, NULL);
            CHECK(w.rc == SHM_OK && w.outcome == SHM_WAIT_CANCELLED,
                  "an interrupt word ends a mutex wait: CANCELLED, not held");
        }
        CHECK(child_status(pid) == 0, "the holder unlocked and exited");
        close(ready);
        rc = shm_mutex_lock(m, 0, NULL, &outcome, &err);
        CHECK(rc == SHM_OK && outcome == SHM_WAIT_ACQUIRED, "and the mutex is free for the next lock");
        shm_mutex_unlock(m, &err);
    }

    if (robust_futexes()) {
        pid = start_child(lock_now, die_after_300ms, name, &ready);
        CHECK(pid > 0 && read(ready, &c, 1) == 1, "a process holds it and will die holding it");
        t0 = monotonic_ns();
        rc = shm_mutex_lock(m, 5 * SECOND_NS, NULL, &outcome, &err);
        CHECK(rc == SHM_OK && outcome == SHM_WAIT_OWNER_DIED && monotonic_ns() - t0 < 3 * SECOND_NS,
              "a waiter blocked when the owner dies: OWNER_DIED, held");
        shm_mutex_unlock(m, &err);
        child_status(pid);
        close(ready);
    }
    shm_sync_close(m, &err);
}

/* ---- the tests ----------------------------------------------------------------- */

static void test_mutex(const char *name) {
    shm_sync *m = NULL;
    shm_error err;
    int outcome = -1;
    int rc = shm_sync_create(name, SHM_SYNC_MUTEX, 0, 0, 0600, &m, &err);
    if (rc == SHM_ERR_UNSUPPORTED && !robust_futexes()) {
        /* musl asks the kernel for the robust list before it makes a robust mutex. */
        printf("SKIPPED the mutex tests: %s refused a robust mutex (%s), as a C library must "
               "without the kernel's robust futex list (qemu-user does not implement it)\n",
               err.call, err.text);
        return;
    }
    CHECK_ERROR(rc, SHM_OK, err, "create a named mutex");
    if (rc != SHM_OK) {
        return;
    }
    rc = shm_mutex_lock(m, SECOND_NS, NULL, &outcome, &err);
    CHECK(rc == SHM_OK && outcome == SHM_WAIT_ACQUIRED, "lock it");
    CHECK(in_child(try_lock, name) == 10, "another process times out while it is held");
    CHECK(shm_mutex_unlock(m, &err) == SHM_OK, "unlock it");
    CHECK(in_child(try_lock, name) == 11, "then another process takes it");
    if (robust_futexes()) {
        CHECK(in_child(lock_and_die, name) == 0, "a process takes it and dies holding it");
        rc = shm_mutex_lock(m, SECOND_NS, NULL, &outcome, &err);
        CHECK(rc == SHM_OK && outcome == SHM_WAIT_OWNER_DIED, "the next lock: OWNER_DIED, held");
        CHECK(shm_mutex_unlock(m, &err) == SHM_OK, "unlock the recovered mutex");
        rc = shm_mutex_lock(m, 0, NULL, &outcome, &err);
        CHECK(rc == SHM_OK && outcome == SHM_WAIT_ACQUIRED, "and it locks as usual again");
        shm_mutex_unlock(m, &err);
    } else {
        printf("SKIPPED owner death: no robust futex list here (qemu-user does not implement "
               "set_robust_list)\n");
    }
    CHECK(shm_sync_close(m, &err) == SHM_OK, "close the mutex");
    rc = shm_sync_open(name, SHM_SYNC_MUTEX, &m, &err);
    CHECK_ERROR(rc, SHM_ERR_NOT_FOUND, err, "the name is gone with its last user");
}

static void test_events(const char *name) {
    shm_sync *e = NULL;
    shm_error err;
    int outcome = -1;
    int rc = shm_sync_create(name, SHM_SYNC_EVENT, 0, 0, 0600, &e, &err);
    CHECK_ERROR(rc, SHM_OK, err, "create an auto-reset event");
    if (rc != SHM_OK) {
        return;
    }
    rc = shm_event_wait(e, 0, NULL, &outcome, &err);
    CHECK(rc == SHM_OK && outcome == SHM_WAIT_TIMEOUT, "a new event is not set");
    CHECK(in_child(set_event, name) == 0, "another process sets it");
    rc = shm_event_wait(e, SECOND_NS, NULL, &outcome, &err);
    CHECK(rc == SHM_OK && outcome == SHM_WAIT_ACQUIRED, "the wait sees it set");
    rc = shm_event_wait(e, 1000000, NULL, &outcome, &err);
    CHECK(rc == SHM_OK && outcome == SHM_WAIT_TIMEOUT, "and reset by that wait");
    shm_sync_close(e, &err);

    rc = shm_sync_create(name, SHM_SYNC_EVENT, 1, 1, 0600, &e, &err);
    CHECK_ERROR(rc, SHM_OK, err, "create a manual-reset event, set");
    if (rc != SHM_OK) {
        return;
    }
    rc = shm_event_wait(e, 0, NULL, &outcome, &err);
    CHECK(rc == SHM_OK && outcome == SHM_WAIT_ACQUIRED, "it is set");
    rc = shm_event_wait(e, 0, NULL, &outcome, &err);
    CHECK(rc == SHM_OK && outcome == SHM_WAIT_ACQUIRED, "and stays set after a wait");
    CHECK(shm_event_reset(e, &err) == SHM_OK, "reset it");
    rc = shm_event_wait(e, 0, NULL, &outcome, &err);
    CHECK(rc == SHM_OK && outcome == SHM_WAIT_TIMEOUT, "then it is not set");
    shm_sync_close(e, &err);
}

static void test_semaphore(const char *name) {
    shm_sync *s = NULL;
    shm_error err;
    int outcome = -1;
    int64_t previous = -2;
    int rc = shm_sync_create(name, SHM_SYNC_SEMAPHORE, 0, 1, 0600, &s, &err);
    CHECK_ERROR(rc, SHM_OK, err, "create a semaphore (0 of 1)");
    if (rc != SHM_OK) {
        return;
    }
    CHECK(in_child(release_one, name) == 20, "another process releases: previous count 0");
    CHECK(in_child(release_one, name) == 30, "a second release passes the maximum: refused");
    rc = shm_semaphore_release(s, 1, &previous, &err);
    CHECK(rc == SHM_OK && previous == -1, "so is this process's");
    rc = shm_semaphore_acquire(s, 0, NULL, &outcome, &err);
    CHECK(rc == SHM_OK && outcome == SHM_WAIT_ACQUIRED, "take the unit");
    rc = shm_semaphore_acquire(s, 1000000, NULL, &outcome, &err);
    CHECK(rc == SHM_OK && outcome == SHM_WAIT_TIMEOUT, "no unit left");
    rc = shm_semaphore_release(s, 0, &previous, &err);
    CHECK_ERROR(rc, SHM_ERR_INVALID_ARGUMENT, err, "a release of 0 units is refused");
    shm_sync_close(s, &err);
}

/* Semaphores and events (a mutex may be unsupported under emulation, above). */
static void test_names(const char *semaphore_name, const char *event_name) {
    shm_sync *s = NULL, *e = NULL, *other = NULL;
    shm_error err;
    int rc = shm_sync_create(semaphore_name, SHM_SYNC_SEMAPHORE, 1, 1, 0600, &s, &err);
    CHECK_ERROR(rc, SHM_OK, err, "create a semaphore");
    rc = shm_sync_create(event_name, SHM_SYNC_EVENT, 0, 0, 0600, &e, &err);
    CHECK_ERROR(rc, SHM_OK, err, "create an event");
    rc = shm_sync_create(semaphore_name, SHM_SYNC_SEMAPHORE, 1, 1, 0600, &other, &err);
    CHECK_ERROR(rc, SHM_ERR_ALREADY_EXISTS, err, "a live name is taken");
    rc = shm_sync_open(semaphore_name, SHM_SYNC_MUTEX, &other, &err);
    CHECK_ERROR(rc, SHM_ERR_WRONG_TYPE, err, "a semaphore's name opened as a mutex: WRONG_TYPE");
    rc = shm_sync_create(event_name, SHM_SYNC_SEMAPHORE, 1, 1, 0600, &other, &err);
    CHECK_ERROR(rc, SHM_ERR_WRONG_TYPE, err, "a semaphore created on an event's name: WRONG_TYPE");
    if (s != NULL) {
        shm_sync_close(s, &err);
    }
    if (e != NULL) {
        shm_sync_close(e, &err);
    }

    CHECK(in_child(create_and_die, event_name) == 0, "a process creates an event and dies");
    rc = shm_sync_create(event_name, SHM_SYNC_SEMAPHORE, 1, 1, 0600, &other, &err);
    CHECK_ERROR(rc, SHM_OK, err, "a stale name is replaced, by another kind even");
    if (rc == SHM_OK) {
        shm_sync_close(other, &err);
    }

    rc = shm_sync_create(semaphore_name, 7, 0, 0, 0600, &other, &err);
    CHECK_ERROR(rc, SHM_ERR_INVALID_ARGUMENT, err, "an unknown kind is refused");
    rc = shm_sync_create(semaphore_name, SHM_SYNC_SEMAPHORE, 2, 1, 0600, &other, &err);
    CHECK_ERROR(rc, SHM_ERR_INVALID_ARGUMENT, err, "a semaphore above its maximum is refused");
    rc = shm_sync_open(semaphore_name, 7, &other, &err);
    CHECK_ERROR(rc, SHM_ERR_INVALID_ARGUMENT, err, "an unknown kind is refused on open");
    rc = shm_sync_open("no-slash", SHM_SYNC_MUTEX, &other, &err);
    CHECK_ERROR(rc, SHM_ERR_INVALID_ARGUMENT, err, "a malformed name is refused");
}

/* ---- cancellable waits --------------------------------------------------------- */

struct waiter {
    shm_sync *event;
    uint32_t interrupt;
    int64_t timeout_ns;
    int rc;
    int outcome;
    int64_t took_ns;
};

static void *wait_in_thread(void *arg) {
    struct waiter *w = arg;
    shm_error err;
    int64_t t0 = monotonic_ns();
    w->rc = shm_event_wait(w->event, w->timeout_ns, &w->interrupt, &w->outcome, &err);
    w->took_ns = monotonic_ns() - t0;
    return NULL;
}

/* Starts a thread waiting on e, lets it park, ends its wait with end(), and
 * returns how the wait ended. */
static struct waiter wait_ended_by(shm_sync *e, int (*end)(shm_sync *e, uint32_t *word)) {
    struct waiter w = {e, 0, 3 * SECOND_NS, -1, -1, 0};
    pthread_t t;
    if (pthread_create(&t, NULL, wait_in_thread, &w) != 0) {
        return w;
    }
    struct timespec parked = {0, 100000000};
    nanosleep(&parked, NULL);
    end(e, &w.interrupt);
    pthread_join(t, NULL);
    return w;
}

static int interrupt_word(shm_sync *e, uint32_t *word) {
    (void)e;
    shm_error err;
    return shm_sync_interrupt(word, &err);
}

static int cancel_handle(shm_sync *e, uint32_t *word) {
    (void)word;
    shm_error err;
    return shm_sync_cancel_waits(e, &err);
}

static void test_cancel(const char *name) {
    shm_sync *e = NULL;
    shm_error err;
    int outcome = -1;
    int rc = shm_sync_create(name, SHM_SYNC_EVENT, 0, 0, 0600, &e, &err);
    CHECK_ERROR(rc, SHM_OK, err, "create an event to cancel waits on");
    if (rc != SHM_OK) {
        return;
    }
    uint32_t raised = 1;
    rc = shm_event_wait(e, -1, &raised, &outcome, &err);
    CHECK(rc == SHM_OK && outcome == SHM_WAIT_CANCELLED, "a raised interrupt word ends a wait at once");

    /* Where futex_waitv works, a parked wait ends within a blink; elsewhere it
     * times out, and the Java layer waits in slices. */
    int cancellable = shm_sync_cancellable();
    printf("  (futex_waitv %s)\n", cancellable ? "available: waits are cancellable" : "unavailable");
    struct waiter w = wait_ended_by(e, interrupt_word);
    CHECK(w.rc == SHM_OK && w.interrupt == 1, "shm_sync_interrupt raises the word");
    if (cancellable) {
        CHECK(w.outcome == SHM_WAIT_CANCELLED && w.took_ns < 2 * SECOND_NS,
              "and ends a parked wait, long before its timeout");
    } else {
        CHECK(w.outcome == SHM_WAIT_CANCELLED, "seen when the wait wakes (here: at its timeout)");
    }
    CHECK(shm_event_set(e, &err) == SHM_OK, "set the event");
    rc = shm_event_wait(e, 0, &raised, &outcome, &err);
    CHECK(rc == SHM_OK && outcome == SHM_WAIT_ACQUIRED, "a set event wins over a raised interrupt");

    w = wait_ended_by(e, cancel_handle);
    if (cancellable) {
        CHECK(w.rc == SHM_OK && w.outcome == SHM_WAIT_CANCELLED && w.took_ns < 2 * SECOND_NS,
              "shm_sync_cancel_waits ends a parked wait on the handle");
    } else {
        CHECK(w.rc == SHM_OK && w.outcome == SHM_WAIT_CANCELLED, "shm_sync_cancel_waits ends the wait");
    }
    uint32_t quiet = 0;
    rc = shm_event_wait(e, SECOND_NS, &quiet, &outcome, &err);
    CHECK(rc == SHM_OK && outcome == SHM_WAIT_CANCELLED, "and every later wait on it");
    shm_sync_close(e, &err);
}

int main(void) {
    char mutex_name[128], event_name[128], semaphore_name[128];
    test_name(mutex_name, sizeof mutex_name, "sync-mutex");
    test_name(event_name, sizeof event_name, "sync-event");
    test_name(semaphore_name, sizeof semaphore_name, "sync-semaphore");
    test_mutex(mutex_name);
    test_mutex_waits(mutex_name);
    test_events(event_name);
    test_semaphore(semaphore_name);
    test_names(semaphore_name, event_name);
    test_cancel(event_name);
    return test_finish("sync_test");
}
