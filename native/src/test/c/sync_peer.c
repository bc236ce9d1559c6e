/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * sync_peer.c - a C program that coordinates with shm4j's Java sync objects
 * knowing only the layout and protocol of shm4j_sync.h (not the library): the
 * interop test of the Linux layout. Java's SyncInteropIT runs it.
 *
 *   sync_peer lock NAME          lock the mutex ("locked" or "owner-died"), unlock
 *   sync_peer hold NAME          lock, print "locked", unlock after a line on stdin
 *   sync_peer set NAME           set the event
 *   sync_peer wait NAME MS       wait for the event: "set" or "timeout"
 *   sync_peer release NAME N     release N units: prints the previous count or "full"
 *   sync_peer acquire NAME MS    take a unit: "acquired" or "timeout"
 *   sync_peer create-event NAME  create an auto-reset event (unset), print "ready",
 *                                wait for it: "set"; close (the name goes with us)
 */
#define _GNU_SOURCE
#include "shm4j_sync.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#ifndef FUTEX_WAIT /* <linux/futex.h>'s numbers: musl toolchains ship no kernel headers */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what) {
    fprintf(stderr, "sync_peer: %s: %s\n", what, strerror(errno));
    exit(2);
}

static char path[PATH_MAX];

/* The protocol's open: open, LOCK_SH, same file as the name, then check the header. */
static void *open_object(const char *name, int kind, int *fd_out) {
    snprintf(path, sizeof path, "/dev/shm/%s", name);
    int fd = open(path, O_RDWR | O_NOFOLLOW);
    if (fd < 0) die("open");
    if (flock(fd, LOCK_SH) != 0) die("flock");
    struct stat a, b;
    if (fstat(fd, &a) != 0 || stat(path, &b) != 0 || a.st_ino != b.st_ino) die("removed meanwhile");
    void *map = mmap(NULL, SHM4J_SYNC_FILE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED) die("mmap");
    struct shm4j_sync_header *h = map;
    if (__atomic_load_n(&h->magic, __ATOMIC_ACQUIRE) != SHM4J_SYNC_MAGIC || h->version != SHM4J_SYNC_VERSION ||
        h->kind != kind) {
        fprintf(stderr, "sync_peer: %s: wrong magic, version or kind\n", path);
        exit(2);
    }
    *fd_out = fd;
    return map;
}

/* The protocol's close: the last user removes the name. */
static void close_object(void *map, int fd) {
    munmap(map, SHM4J_SYNC_FILE_SIZE);
    struct stat a, b;
    if (flock(fd, LOCK_EX | LOCK_NB) == 0 && fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_ino == b.st_ino) {
        unlink(path);
    }
    close(fd);
}

static void futex_wait(uint32_t *word, uint32_t expected, long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    syscall(SYS_futex, word, FUTEX_WAIT, expected, &ts, NULL, 0);
}

static void futex_wake(uint32_t *word, int n) { syscall(SYS_futex, word, FUTEX_WAKE, n, NULL, NULL, 0); }

static long long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int lock_mutex(struct shm4j_mutex *m) {
    int rc = pthread_mutex_lock(&m->mutex);
    if (rc == EOWNERDEAD) {
        pthread_mutex_consistent(&m->mutex);
        printf("owner-died\n");
        return 1;
    }
    if (rc != 0) {
        errno = rc;
        die("pthread_mutex_lock");
    }
    printf("locked\n");
    return 0;
}

/* Event and semaphore waits: take, or announce ourselves and sleep on the word. */
static int wait_word(uint32_t *word, uint32_t *waiters, int (*take)(void *), void *obj, long ms) {
    long long deadline = now_ms() + ms;
    for (;;) {
        if (take(obj)) return 1;
        long left = (long)(deadline - now_ms());
        if (left <= 0) return 0;
        __atomic_fetch_add(waiters, 1, __ATOMIC_SEQ_CST);
        if (__atomic_load_n(word, __ATOMIC_SEQ_CST) == 0) futex_wait(word, 0, left);
        __atomic_fetch_sub(waiters, 1, __ATOMIC_SEQ_CST);
    }
}

static int take_event(void *obj) {
    struct shm4j_event *e = obj;
    if (e->manual) return __atomic_load_n(&e->state, __ATOMIC_ACQUIRE) == 1;
    uint32_t one = 1;
    return __atomic_compare_exchange_n(&e->state, &one, 0, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

static int take_unit(void *obj) {
    struct shm4j_semaphore *s = obj;
    uint32_t c = __atomic_load_n(&s->count, __ATOMIC_ACQUIRE);
    while (c > 0) {
        if (__atomic_compare_exchange_n(&s->count, &c, c - 1, 1, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) return 1;
    }
    return 0;
}

static void *create_event(const char *name, int *fd_out) {
    snprintf(path, sizeof path, "/dev/shm/%s", name);
    int fd = open("/dev/shm", O_TMPFILE | O_RDWR, 0600);
    if (fd < 0) die("open O_TMPFILE");
    if (ftruncate(fd, SHM4J_SYNC_FILE_SIZE) != 0) die("ftruncate");
    struct shm4j_event *e = mmap(NULL, SHM4J_SYNC_FILE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if ((void *)e == MAP_FAILED) die("mmap");
    e->header.kind = SHM4J_SYNC_EVENT;
    e->header.version = SHM4J_SYNC_VERSION;
    e->header.size = sizeof *e;
    __atomic_store_n(&e->header.magic, SHM4J_SYNC_MAGIC, __ATOMIC_RELEASE);
    if (flock(fd, LOCK_SH) != 0) die("flock");
    char self[64];
    snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
    if (linkat(AT_FDCWD, self, AT_FDCWD, path, AT_SYMLINK_FOLLOW) != 0) die("linkat");
    *fd_out = fd;
    return e;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: sync_peer MODE NAME [ARG]\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    const char *mode = argv[1], *name = argv[2];
    long arg = argc > 3 ? atol(argv[3]) : 0;
    int fd;
    if (strcmp(mode, "lock") == 0 || strcmp(mode, "hold") == 0) {
        struct shm4j_mutex *m = open_object(name, SHM4J_SYNC_MUTEX, &fd);
        lock_mutex(m);
        if (strcmp(mode, "hold") == 0) {
            char line[16];
            if (fgets(line, sizeof line, stdin) == NULL) { /* EOF: let go as well */ }
        }
        pthread_mutex_unlock(&m->mutex);
        printf("unlocked\n");
        close_object(m, fd);
    } else if (strcmp(mode, "set") == 0) {
        struct shm4j_event *e = open_object(name, SHM4J_SYNC_EVENT, &fd);
        __atomic_store_n(&e->state, 1, __ATOMIC_SEQ_CST);
        if (__atomic_load_n(&e->waiters, __ATOMIC_SEQ_CST) > 0) futex_wake(&e->state, e->manual ? INT_MAX : 1);
        close_object(e, fd);
    } else if (strcmp(mode, "wait") == 0) {
        struct shm4j_event *e = open_object(name, SHM4J_SYNC_EVENT, &fd);
        printf("%s\n", wait_word(&e->state, &e->waiters, take_event, e, arg) ? "set" : "timeout");
        close_object(e, fd);
    } else if (strcmp(mode, "release") == 0) {
        struct shm4j_semaphore *s = open_object(name, SHM4J_SYNC_SEMAPHORE, &fd);
        uint32_t n = (uint32_t)arg, c = __atomic_load_n(&s->count, __ATOMIC_ACQUIRE);
        do {
            if (n > s->max || c > s->max - n) {
                printf("full\n");
                close_object(s, fd);
                return 0;
            }
        } while (!__atomic_compare_exchange_n(&s->count, &c, c + n, 1, __ATOMIC_SEQ_CST, __ATOMIC_ACQUIRE));
        if (__atomic_load_n(&s->waiters, __ATOMIC_SEQ_CST) > 0) futex_wake(&s->count, (int)n);
        printf("%u\n", c);
        close_object(s, fd);
    } else if (strcmp(mode, "acquire") == 0) {
        struct shm4j_semaphore *s = open_object(name, SHM4J_SYNC_SEMAPHORE, &fd);
        printf("%s\n", wait_word(&s->count, &s->waiters, take_unit, s, arg) ? "acquired" : "timeout");
        close_object(s, fd);
    } else if (strcmp(mode, "create-event") == 0) {
        struct shm4j_event *e = create_event(name, &fd);
        printf("ready\n");
        printf("%s\n", wait_word(&e->state, &e->waiters, take_event, e, 30000) ? "set" : "timeout");
        close_object(e, fd);
    } else {
        fprintf(stderr, "sync_peer: unknown mode %s\n", mode);
        return 2;
    }
    return 0;
}
