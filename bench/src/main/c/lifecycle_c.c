/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * lifecycle_c - the C floor of the lifecycle benchmark: create + map + unmap + close
 * of one 64 KiB object with a held name, with the syscalls shm4j's shm_posix.c makes:
 *   build out of sight: open(/dev/shm, O_TMPFILE|O_RDWR|O_CLOEXEC), fchmod(01600),
 *     flock(LOCK_SH|LOCK_NB) (a holder), posix_fallocate;
 *   publish: linkat(/proc/self/fd/N -> /dev/shm/X), then open it by name, fstat both,
 *     flock(LOCK_SH|LOCK_NB) and close the unnamed descriptor;
 *   mmap, munmap;
 *   close as the last holder: flock(LOCK_EX|LOCK_NB), fstat, fstatat, unlink, close.
 *
 * Driven over a pipe by the Java harness: each line "N" on stdin runs N cycles and
 * answers one line with the elapsed nanoseconds (CLOCK_MONOTONIC, measured here, so
 * the pipe is not part of the figure). EOF or "q" ends it.
 *
 * usage: lifecycle_c NAME SIZE      (NAME without the leading slash)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bench_common.h"

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s NAME SIZE\n", argv[0]);
        return 2;
    }
    char path[256];
    shm_path(path, sizeof path, argv[1]);
    size_t size = (size_t)strtoull(argv[2], NULL, 10);
    char line[64];
    while (fgets(line, sizeof line, stdin) != NULL && line[0] != 'q') {
        long n = strtol(line, NULL, 10);
        int64_t t0 = now_ns();
        for (long i = 0; i < n; i++) {
            int tmp = open("/dev/shm", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
            if (tmp < 0) die("open O_TMPFILE");
            if (fchmod(tmp, 01600) != 0) die("fchmod");
            if (flock(tmp, LOCK_SH | LOCK_NB) != 0) die("flock");
            int rc = posix_fallocate(tmp, 0, (off_t)size);
            if (rc != 0) { errno = rc; die("posix_fallocate"); }
            char self[64];
            snprintf(self, sizeof self, "/proc/self/fd/%d", tmp);
            if (linkat(AT_FDCWD, self, AT_FDCWD, path, AT_SYMLINK_FOLLOW) != 0) die("linkat");
            int fd = open(path, O_RDWR | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
            if (fd < 0) die("open");
            struct stat a, b, named;
            if (fstat(tmp, &a) != 0 || fstat(fd, &b) != 0 || a.st_ino != b.st_ino) die("fstat");
            if (flock(fd, LOCK_SH | LOCK_NB) != 0) die("flock");
            if (close(tmp) != 0) die("close");
            void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
            if (p == MAP_FAILED) die("mmap");
            if (munmap(p, size) != 0) die("munmap");
            if (flock(fd, LOCK_EX | LOCK_NB) != 0) die("flock");
            if (fstat(fd, &a) != 0 || fstatat(AT_FDCWD, path, &named, AT_SYMLINK_NOFOLLOW) != 0) die("fstatat");
            if (a.st_ino != named.st_ino) die("same file");
            if (unlink(path) != 0) die("unlink");
            if (close(fd) != 0) die("close");
        }
        int64_t t1 = now_ns();
        printf("%lld\n", (long long)(t1 - t0));
        fflush(stdout);
    }
    unlink(path); /* in case we were stopped mid-cycle */
    return 0;
}
