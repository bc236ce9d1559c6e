/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * pingpong_c - the C floor of the cross-process ping-pong: two processes bounce one
 * 64-bit word in a MAP_SHARED mapping of a /dev/shm object with C11 atomics
 * (store-release / load-acquire), spinning with the x86 PAUSE instruction as
 * Thread.onSpinWait() does on the JVM.
 *
 * Round i (from 0): ping stores 2i+1, pong waits for it and stores 2i+2, ping waits
 * for 2i+2. Ping times every round trip with CLOCK_MONOTONIC.
 *
 * Both sides are driven by the Java harness over their stdin, so that they spin only
 * during a block:
 *   pong:  "N"      serve N rounds, then answer "ok"
 *   ping:  "N FILE" run N rounds, write N little-endian int64 round-trip times in ns
 *                   to FILE, answer "ok"
 *   "q" or EOF ends either; the pong (the creator) removes the object.
 *
 * usage: pingpong_c pong NAME | pingpong_c ping NAME
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bench_common.h"

#if defined(__x86_64__) || defined(__i386__)
#define SPIN_PAUSE() __builtin_ia32_pause()
#elif defined(__aarch64__)
#define SPIN_PAUSE() __asm__ __volatile__("isb" ::: "memory")
#else
#define SPIN_PAUSE() ((void)0)
#endif

#define SIZE 4096

int main(int argc, char **argv) {
    if (argc != 3 || (strcmp(argv[1], "ping") != 0 && strcmp(argv[1], "pong") != 0)) {
        fprintf(stderr, "usage: %s ping|pong NAME\n", argv[0]);
        return 2;
    }
    int pong = strcmp(argv[1], "pong") == 0;
    char path[256];
    shm_path(path, sizeof path, argv[2]);
    int fd;
    if (pong) {
        fd = create_reserved(path, SIZE);
    } else {
        fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) die("open");
    }
    void *base = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (base == MAP_FAILED) die("mmap");
    _Atomic int64_t *word = (_Atomic int64_t *)base;
    int64_t round = 0;
    int64_t *times = NULL;
    long cap = 0;
    printf("ready\n");
    fflush(stdout);

    char line[512];
    while (fgets(line, sizeof line, stdin) != NULL && line[0] != 'q') {
        char file[400] = {0};
        long n = 0;
        if (sscanf(line, "%ld %399s", &n, file) < 1) die("command");
        if (pong) {
            for (long i = 0; i < n; i++, round++) {
                while (atomic_load_explicit(word, memory_order_acquire) != 2 * round + 1) SPIN_PAUSE();
                atomic_store_explicit(word, 2 * round + 2, memory_order_release);
            }
        } else {
            if (n > cap) {
                times = realloc(times, (size_t)n * sizeof *times);
                if (times == NULL) die("realloc");
                cap = n;
            }
            for (long i = 0; i < n; i++, round++) {
                int64_t t0 = now_ns();
                atomic_store_explicit(word, 2 * round + 1, memory_order_release);
                while (atomic_load_explicit(word, memory_order_acquire) != 2 * round + 2) SPIN_PAUSE();
                times[i] = now_ns() - t0;
            }
            FILE *f = fopen(file, "wb");
            if (f == NULL || fwrite(times, sizeof *times, (size_t)n, f) != (size_t)n || fclose(f) != 0) die(file);
        }
        printf("ok\n");
        fflush(stdout);
    }
    munmap(base, SIZE);
    close(fd);
    if (pong) unlink(path);
    free(times);
    return 0;
}
