/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * two_process_test.c - shares one named object between two processes through the
 * platform layer only (shm_platform.h), the same source on POSIX and Windows.
 *
 *   two_process_test writer NAME   creates NAME (65536 bytes), maps [0, 1024)
 *                                  read-write, writes the UTF-16LE message below
 *                                  with its NUL (64 bytes), prints "ready", waits
 *                                  for a line (or EOF) on stdin, then unmaps
 *                                  and closes NAME (its last holder's close
 *                                  removes the name).
 *   two_process_test reader NAME   opens NAME read-only, maps [0, 1024) read-only,
 *                                  checks the 64 bytes exactly and prints the
 *                                  message as UTF-8.
 *
 * NAME is passed to the OS as given: "/x" on POSIX, "Local\x" on Windows.
 * Exit status 0 on success; otherwise 1 with the reason on stderr.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "shm_platform.h"

#define OBJECT_SIZE 65536u
#define VIEW_LENGTH 1024u
#define MESSAGE "Message from the first process."
/* The message in UTF-16LE plus a NUL code unit. */
#define MESSAGE_BYTES ((sizeof MESSAGE - 1 + 1) * 2)

/* Fills out (MESSAGE_BYTES bytes) with the UTF-16LE encoding of MESSAGE + NUL,
 * byte by byte, so that the layout does not depend on the host's byte order. */
static void expected_bytes(unsigned char *out) {
    size_t i;
    for (i = 0; i < sizeof MESSAGE; i++) { /* includes the terminating NUL */
        out[2 * i] = (unsigned char)MESSAGE[i];
        out[2 * i + 1] = 0;
    }
}

static int report(const char *mode, const char *what, const shm_error *err) {
    const char *code_name = shm_os_code_name(err->code);
    const char *kind = shm_error_kind_name(err->kind);
    fprintf(stderr, "two_process_test %s: %s failed: %s: kind %s, %s %" PRId64 " (%s): %s\n",
            mode, what, err->call != NULL ? err->call : "?", kind != NULL ? kind : "?",
            shm_os_code_label(), err->code, code_name != NULL ? code_name : "-", err->text);
    return 1;
}

static int writer(const char *name) {
    shm_error err;
    shm_object *obj = NULL;
    void *view = NULL;
    unsigned char expected[MESSAGE_BYTES];
    char line[64];
    int status = 0;

    if (shm_create(name, OBJECT_SIZE, SHM_DEFAULT_PERM, 0, &obj, &err) != SHM_OK) {
        return report("writer", "create", &err);
    }
    if (shm_map(obj, 0, VIEW_LENGTH, SHM_READ_WRITE, &view, &err) != SHM_OK) {
        report("writer", "map", &err);
        shm_close(obj, &err);
        shm_remove(name, &err);
        return 1;
    }
    expected_bytes(expected);
    memcpy(view, expected, sizeof expected);

    printf("ready\n");
    fflush(stdout);
    /* Keep the object alive until told to go (a line) or the pipe closes (EOF). */
    if (fgets(line, sizeof line, stdin) == NULL && ferror(stdin)) {
        fprintf(stderr, "two_process_test writer: reading stdin failed\n");
        status = 1;
    }

    if (shm_unmap(view, VIEW_LENGTH, &err) != SHM_OK) {
        status = report("writer", "unmap", &err);
    }
    if (shm_close(obj, &err) != SHM_OK) {
        status = report("writer", "close", &err);
    }
    return status;
}

/* Writes the UTF-16LE string at p (NUL-terminated within max units) as UTF-8. */
static void print_utf16le(const unsigned char *p, size_t max_units) {
    size_t i;
    for (i = 0; i < max_units; i++) {
        uint32_t c = (uint32_t)p[2 * i] | (uint32_t)p[2 * i + 1] << 8;
        if (c == 0) {
            break;
        }
        if (c >= 0xD800 && c < 0xDC00 && i + 1 < max_units) {
            uint32_t low = (uint32_t)p[2 * i + 2] | (uint32_t)p[2 * i + 3] << 8;
            if (low >= 0xDC00 && low < 0xE000) {
                c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
                i++;
            }
        }
        if (c >= 0xD800 && c < 0xE000) {
            c = 0xFFFD; /* an unpaired surrogate */
        }
        if (c < 0x80) {
            putchar((int)c);
        } else if (c < 0x800) {
            putchar((int)(0xC0 | c >> 6));
            putchar((int)(0x80 | (c & 0x3F)));
        } else if (c < 0x10000) {
            putchar((int)(0xE0 | c >> 12));
            putchar((int)(0x80 | (c >> 6 & 0x3F)));
            putchar((int)(0x80 | (c & 0x3F)));
        } else {
            putchar((int)(0xF0 | c >> 18));
            putchar((int)(0x80 | (c >> 12 & 0x3F)));
            putchar((int)(0x80 | (c >> 6 & 0x3F)));
            putchar((int)(0x80 | (c & 0x3F)));
        }
    }
    putchar('\n');
}

static int reader(const char *name) {
    shm_error err;
    shm_object *obj = NULL;
    void *view = NULL;
    unsigned char expected[MESSAGE_BYTES];
    const unsigned char *got;
    size_t i;
    int status = 0;

    if (shm_open_existing(name, SHM_READ_ONLY, &obj, &err) != SHM_OK) {
        return report("reader", "open", &err);
    }
    if (shm_map(obj, 0, VIEW_LENGTH, SHM_READ_ONLY, &view, &err) != SHM_OK) {
        report("reader", "map", &err);
        shm_close(obj, &err);
        return 1;
    }
    expected_bytes(expected);
    got = (const unsigned char *)view;
    for (i = 0; i < sizeof expected; i++) {
        if (got[i] != expected[i]) {
            fprintf(stderr,
                    "two_process_test reader: byte %u is 0x%02x, expected 0x%02x "
                    "(the message is not \"" MESSAGE "\" in UTF-16LE)\n",
                    (unsigned)i, (unsigned)got[i], (unsigned)expected[i]);
            status = 1;
            break;
        }
    }
    if (status == 0) {
        print_utf16le(got, sizeof expected / 2);
        fflush(stdout);
    }

    if (shm_unmap(view, VIEW_LENGTH, &err) != SHM_OK) {
        status = report("reader", "unmap", &err);
    }
    if (shm_close(obj, &err) != SHM_OK) {
        status = report("reader", "close", &err);
    }
    return status;
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "writer") == 0) {
        return writer(argv[2]);
    }
    if (argc == 3 && strcmp(argv[1], "reader") == 0) {
        return reader(argv[2]);
    }
    fprintf(stderr, "usage: two_process_test writer|reader NAME\n");
    return 2;
}
