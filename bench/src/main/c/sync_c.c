/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * sync_c.c - the C baselines of the sync benchmarks (SyncBench.java):
 *   sync_c lock                   driven over a pipe: each line "N" on stdin runs N
 *                                 lock+unlock pairs of one robust process-shared
 *                                 pthread mutex (shm4j's attributes) and prints
 *                                 ns/pair; "q" or the end of stdin ends it
 *   sync_c pair EVENT STAMPS N    two processes on shm4j event EVENT (layout of
 *                                 shm4j_sync.h): the parent sets it every ms after
 *                                 writing CLOCK_MONOTONIC to /dev/shm/STAMPS, the
 *                                 child waits (futex) and prints the median
 *                                 set -> running latency in ns
 *   sync_c hold MUTEX             lock shm4j mutex MUTEX, print "locked", sleep
 *   sync_c contend N              two processes (fork) each doing N lock+unlock
 *                                 pairs on one robust process-shared mutex, started
 *                                 together; prints the mean ns per pair of the two
 */
#define _GNU_SOURCE
#include "shm4j_sync.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int64_t now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void *map_name(const char *name, size_t size) {
    char path[PATH_MAX];
    snprintf(path, sizeof path, "/dev/shm/%s", name);
    int fd = open(path, O_RDWR);
    if (fd < 0) { perror(path); exit(2); }
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) { perror("mmap"); exit(2); }
    return p;
}

static int cmp(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc >= 2 && strcmp(argv[1], "lock") == 0) {
        pthread_mutex_t *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED) { perror("mmap"); return 2; }
        pthread_mutexattr_t a;
        pthread_mutexattr_init(&a);
        pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
        pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
        pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
        pthread_mutex_init(m, &a);
        char line[64];
        while (fgets(line, sizeof line, stdin) != NULL && line[0] != 'q') {
            long n = atol(line);
            if (n <= 0) { fprintf(stderr, "sync_c lock: bad count %s", line); return 2; }
            int64_t t0 = now();
            for (long i = 0; i < n; i++) {
                if (pthread_mutex_lock(m) != 0 || pthread_mutex_unlock(m) != 0) return 3;
            }
            printf("%.2f\n", (double)(now() - t0) / (double)n);
        }
        return 0;
    }
    if (argc >= 5 && strcmp(argv[1], "pair") == 0) {
        struct shm4j_event *e = map_name(argv[2], SHM4J_SYNC_FILE_SIZE);
        volatile int64_t *stamp = map_name(argv[3], 4096);
        int n = atoi(argv[4]);
        pid_t child = fork();
        if (child == 0) {
            int64_t *lat = malloc(sizeof(int64_t) * (size_t)n);
            for (int i = 0; i < n; i++) {
                for (;;) {
                    uint32_t one = 1;
                    if (__atomic_compare_exchange_n(&e->state, &one, 0, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) break;
                    __atomic_fetch_add(&e->waiters, 1, __ATOMIC_SEQ_CST);
                    if (__atomic_load_n(&e->state, __ATOMIC_SEQ_CST) == 0)
                        syscall(SYS_futex, &e->state, FUTEX_WAIT, 0, NULL, NULL, 0);
                    __atomic_fetch_sub(&e->waiters, 1, __ATOMIC_SEQ_CST);
                }
                lat[i] = now() - __atomic_load_n(stamp, __ATOMIC_ACQUIRE);
                __atomic_store_n(stamp, 0, __ATOMIC_RELEASE); /* taken: the setter may go on */
            }
            qsort(lat, (size_t)n, sizeof *lat, cmp);
            printf("%lld\n", (long long)lat[n / 2]);
            _exit(0);
        }
        for (int i = 0; i < n; i++) {
            while (__atomic_load_n(stamp, __ATOMIC_ACQUIRE) != 0) {
                usleep(100);
            }
            usleep(1000);
            __atomic_store_n(stamp, now(), __ATOMIC_RELEASE);
            __atomic_store_n(&e->state, 1, __ATOMIC_SEQ_CST);
            if (__atomic_load_n(&e->waiters, __ATOMIC_SEQ_CST) > 0)
                syscall(SYS_futex, &e->state, FUTEX_WAKE, 1, NULL, NULL, 0);
        }
        int status;
        waitpid(child, &status, 0);
        return WIFEXITED(status) ? WEXITSTATUS(status) : 4;
    }
    if (argc >= 3 && strcmp(argv[1], "contend") == 0) {
        long n = atol(argv[2]);
        struct {
            pthread_mutex_t m;
            int go;
            double ns[2];
        } *sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        pthread_mutexattr_t a;
        pthread_mutexattr_init(&a);
        pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
        pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
        pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
        pthread_mutex_init(&sh->m, &a);
        pid_t child = fork();
        int me = child == 0;
        if (!me) {
            usleep(1000);
            __atomic_store_n(&sh->go, 1, __ATOMIC_RELEASE);
        }
        while (!__atomic_load_n(&sh->go, __ATOMIC_ACQUIRE)) {
            usleep(10);
        }
        int64_t t0 = now();
        for (long i = 0; i < n; i++) {
            if (pthread_mutex_lock(&sh->m) != 0 || pthread_mutex_unlock(&sh->m) != 0) return 3;
        }
        sh->ns[me] = (double)(now() - t0) / (double)n;
        if (me) _exit(0);
        int status;
        waitpid(child, &status, 0);
        printf("%.2f\n", (sh->ns[0] + sh->ns[1]) / 2);
        return 0;
    }
    if (argc >= 3 && strcmp(argv[1], "hold") == 0) {
        struct shm4j_mutex *m = map_name(argv[2], SHM4J_SYNC_FILE_SIZE);
        int rc = pthread_mutex_lock(&m->mutex);
        if (rc == EOWNERDEAD) pthread_mutex_consistent(&m->mutex);
        printf("locked\n");
        for (;;) pause();
    }
    fprintf(stderr, "usage: sync_c lock | pair EVENT STAMPS N | hold MUTEX\n");
    return 2;
}
