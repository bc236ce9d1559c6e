/*
 * lifecycle_c - the C floor of the lifecycle benchmark: create + map + unmap + close
 * + remove of one 64 KiB object, with the syscalls shm4j's shm_posix.c makes:
 *   open(/dev/shm/X, O_RDWR|O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC), fchmod, flock(LOCK_SH|LOCK_NB),
 *   posix_fallocate, mmap, munmap, close, unlink.
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
            int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
            if (fd < 0) die("open");
            if (fchmod(fd, 0600) != 0) die("fchmod");
            if (flock(fd, LOCK_SH | LOCK_NB) != 0) die("flock");
            int rc = posix_fallocate(fd, 0, (off_t)size);
            if (rc != 0) { errno = rc; die("posix_fallocate"); }
            void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
            if (p == MAP_FAILED) die("mmap");
            if (munmap(p, size) != 0) die("munmap");
            if (close(fd) != 0) die("close");
            if (unlink(path) != 0) die("unlink");
        }
        int64_t t1 = now_ns();
        printf("%lld\n", (long long)(t1 - t0));
        fflush(stdout);
    }
    unlink(path); /* in case we were stopped mid-cycle */
    return 0;
}
