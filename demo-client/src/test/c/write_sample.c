/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * The server side of the file mapping sample in plain POSIX C, for the interop
 * test: creates the shared memory object NAME (e.g. "/SampleMap", what shm4j makes
 * of "Local\SampleMap") with 65536 bytes, writes MESSAGE (ASCII; default
 * "Message from the first process.") to its first 1024 bytes as UTF-16LE with a
 * terminating NUL, prints "ready" and waits for a line (or the end) on stdin; then
 * unmaps, closes and removes the object.
 *
 * Usage: write_sample NAME [MESSAGE]     Exit status: 0, or 1 with a message on stderr.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MAPPING_SIZE 65536
#define VIEW_SIZE 1024

int main(int argc, char **argv) {
    if (argc != 2 && argc != 3) {
        fprintf(stderr, "usage: write_sample NAME [MESSAGE]\n");
        return 1;
    }
    const char *name = argv[1];
    const char *message = argc == 3 ? argv[2] : "Message from the first process.";
    size_t length = strlen(message);
    if (2 * (length + 1) > VIEW_SIZE) {
        fprintf(stderr, "the message does not fit in %d bytes\n", VIEW_SIZE);
        return 1;
    }
    int fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600);
    if (fd < 0) {
        fprintf(stderr, "shm_open(%s) failed: %s\n", name, strerror(errno));
        return 1;
    }
    int status = 1;
    unsigned char *view = MAP_FAILED;
    if (ftruncate(fd, MAPPING_SIZE) != 0) {
        fprintf(stderr, "ftruncate failed: %s\n", strerror(errno));
        goto out;
    }
    view = mmap(NULL, VIEW_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (view == MAP_FAILED) {
        fprintf(stderr, "mmap failed: %s\n", strerror(errno));
        goto out;
    }
    for (size_t i = 0; i <= length; i++) { /* the NUL too */
        view[2 * i] = (unsigned char) message[i];
        view[2 * i + 1] = 0;
    }
    printf("ready\n");
    fflush(stdout);
    for (int c = getchar(); c != EOF && c != '\n'; c = getchar()) {
    }
    status = 0;
out:
    if (view != MAP_FAILED) {
        munmap(view, VIEW_SIZE);
    }
    close(fd);
    if (shm_unlink(name) != 0) {
        fprintf(stderr, "shm_unlink failed: %s\n", strerror(errno));
        status = 1;
    }
    return status;
}
