/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * posix/internal.h - the helpers that the files of the POSIX half share (shared
 * memory in shm_posix.c, sync objects in sync_posix.c, and whatever comes next).
 * Nothing outside posix/ includes it.
 */
#ifndef SHM_POSIX_INTERNAL_H
#define SHM_POSIX_INTERNAL_H

#include <stddef.h>
#include <sys/stat.h>

#include "shm_error.h"

/* Where the POSIX shared memory objects live: shm_open("/X") is the file
 * /dev/shm/X. */
#define SHM_DIR "/dev/shm"

/* Fills *err for the failed call `call` with error number e (errno, or the return
 * value of the pthread and posix_fallocate functions): the kind that
 * posix_error.c's table gives e, e itself and strerror's text. Returns the kind. */
int shm_posix_fail(shm_error *err, const char *call, int e);

/* "/X" -> "/dev/shm/X" in path (cap bytes). Refuses, with INVALID_ARGUMENT, a name
 * that is not '/' and one path component (open(2) would follow it out of the
 * directory), and with NAME_TOO_LONG one whose path does not fit. */
int shm_posix_path(const char *name, char *path, size_t cap, shm_error *err);

/* fstat(2), as a raw system call where glibc 2.33's new fstat symbol would keep the
 * library from loading on glibc 2.17 (shm_posix.c). */
int shm_posix_stat_fd(int fd, struct stat *st, shm_error *err);

/* Whether path (not followed if a link) still names the file open as fd: *same is
 * 1 if so, 0 if the name is gone or names another file. */
int shm_posix_same_file(int fd, const char *path, int *same, shm_error *err);

#endif /* SHM_POSIX_INTERNAL_H */
