/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * bulk_c - the C floor of the bulk-copy benchmark: memcpy of 1 MiB chunks from a
 * private heap buffer into a MAP_SHARED mapping of a 64 MiB /dev/shm object (the
 * kind of mapping shm4j makes: open, posix_fallocate, mmap). Pages are touched once
 * before timing, as the Java side does.
 *
 * Driven over a pipe: each line "P" on stdin runs P passes over the whole mapping
 * (P * SIZE/CHUNK memcpy calls) and answers the elapsed nanoseconds. EOF or "q" ends
 * it and removes the object.
 *
 * usage: bulk_c NAME SIZE CHUNK
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bench_common.h"

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s NAME SIZE CHUNK\n", argv[0]);
        return 2;
    }
    char path[256];
    shm_path(path, sizeof path, argv[1]);
    size_t size = (size_t)strtoull(argv[2], NULL, 10);
    size_t chunk = (size_t)strtoull(argv[3], NULL, 10);
    int fd = create_reserved(path, size);
    char *dst = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (dst == MAP_FAILED) die("mmap");
    char *src = malloc(chunk);
    if (src == NULL) die("malloc");
    for (size_t i = 0; i < chunk; i++) src[i] = (char)(i * 31 + 7);
    memset(dst, 0, size); /* fault every page in before timing */

    char line[64];
    while (fgets(line, sizeof line, stdin) != NULL && line[0] != 'q') {
        long passes = strtol(line, NULL, 10);
        int64_t t0 = now_ns();
        for (long p = 0; p < passes; p++) {
            for (size_t off = 0; off + chunk <= size; off += chunk) {
                memcpy(dst + off, src, chunk);
                __asm__ __volatile__("" ::: "memory"); /* keep every copy */
            }
        }
        int64_t t1 = now_ns();
        printf("%lld\n", (long long)(t1 - t0));
        fflush(stdout);
    }
    munmap(dst, size);
    close(fd);
    unlink(path);
    free(src);
    return 0;
}
