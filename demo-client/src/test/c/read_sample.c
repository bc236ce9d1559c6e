/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * The client side of the file mapping sample in plain POSIX C, for the interop
 * test: opens the shared memory object NAME (e.g. "/SampleMap", what shm4j makes
 * of "Local\SampleMap") read-only, maps its first 1024 bytes and prints the
 * NUL-terminated UTF-16LE string found there as UTF-8, followed by a newline.
 *
 * Usage: read_sample NAME        Exit status: 0, or 1 with a message on stderr.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define VIEW_SIZE 1024

static void put_utf8(unsigned long c) {
    if (c < 0x80) {
        putchar((int) c);
    } else if (c < 0x800) {
        putchar((int) (0xC0 | (c >> 6)));
        putchar((int) (0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        putchar((int) (0xE0 | (c >> 12)));
        putchar((int) (0x80 | ((c >> 6) & 0x3F)));
        putchar((int) (0x80 | (c & 0x3F)));
    } else {
        putchar((int) (0xF0 | (c >> 18)));
        putchar((int) (0x80 | ((c >> 12) & 0x3F)));
        putchar((int) (0x80 | ((c >> 6) & 0x3F)));
        putchar((int) (0x80 | (c & 0x3F)));
    }
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: read_sample NAME\n");
        return 1;
    }
    int fd = shm_open(argv[1], O_RDONLY, 0);
    if (fd < 0) {
        fprintf(stderr, "shm_open(%s) failed: %s\n", argv[1], strerror(errno));
        return 1;
    }
    const unsigned char *view = mmap(NULL, VIEW_SIZE, PROT_READ, MAP_SHARED, fd, 0);
    if (view == MAP_FAILED) {
        fprintf(stderr, "mmap failed: %s\n", strerror(errno));
        close(fd);
        return 1;
    }
    /* UTF-16LE, read byte by byte so that the host's byte order does not matter. */
    for (size_t i = 0; i + 1 < VIEW_SIZE; i += 2) {
        unsigned long unit = view[i] | (unsigned long) view[i + 1] << 8;
        if (unit == 0) {
            break;
        }
        if (unit >= 0xD800 && unit < 0xDC00 && i + 3 < VIEW_SIZE) {
            unsigned long low = view[i + 2] | (unsigned long) view[i + 3] << 8;
            if (low >= 0xDC00 && low < 0xE000) {
                unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                i += 2;
            }
        }
        put_utf8(unit);
    }
    putchar('\n');
    munmap((void *) view, VIEW_SIZE);
    close(fd);
    return fflush(stdout) == 0 ? 0 : 1;
}
