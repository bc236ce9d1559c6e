/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * bench_common.h - what the C baselines share: failing loudly, a monotonic clock,
 * and creating a /dev/shm object the way shm4j does (O_EXCL, O_NOFOLLOW, 0600,
 * posix_fallocate).
 */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static inline void die(const char *what) {
    perror(what);
    exit(1);
}

static inline int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* "/dev/shm/NAME" into path. */
static inline void shm_path(char *path, size_t cap, const char *name) {
    snprintf(path, cap, "/dev/shm/%s", name);
}

/* Creates the object at path with size bytes reserved; returns its descriptor. */
static inline int create_reserved(const char *path, size_t size) {
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) die("open");
    int rc = posix_fallocate(fd, 0, (off_t)size);
    if (rc != 0) {
        errno = rc;
        die("posix_fallocate");
    }
    return fd;
}

#endif /* BENCH_COMMON_H */
