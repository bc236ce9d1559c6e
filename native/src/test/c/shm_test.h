/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * shm_test.h - a tiny test harness for the C tests of the platform layer, the
 * same on POSIX and under Wine: CHECK records a result, TEST_MAIN_END prints the
 * closing line "N passed, M failed" and sets the exit status.
 */
#ifndef SHM_TEST_H
#define SHM_TEST_H

#include <stdio.h>
#include <string.h>

#include "shm_platform.h"

#ifdef _WIN32
#include <windows.h>
#define TEST_PID() ((unsigned long)GetCurrentProcessId())
#define TEST_NAME_PREFIX "Local\\"
#else
#include <unistd.h>
#define TEST_PID() ((unsigned long)getpid())
#define TEST_NAME_PREFIX "/"
#endif

static int test_passed;
static int test_failed;

#define CHECK(cond, what)                                                        \
    do {                                                                         \
        if (cond) {                                                              \
            test_passed++;                                                       \
        } else {                                                                 \
            test_failed++;                                                       \
            printf("FAIL %s:%d: %s (%s)\n", __FILE__, __LINE__, what, #cond);     \
        }                                                                        \
    } while (0)

/* Checks that rc is the expected kind and that a failure was fully described. */
#define CHECK_ERROR(rc, expected_kind, err, what)                                \
    do {                                                                         \
        CHECK((rc) == (expected_kind), what);                                    \
        if ((rc) != SHM_OK) {                                                    \
            CHECK((err).call != NULL && (err).text[0] != '\0', "error is described"); \
            if ((rc) != (expected_kind)) {                                       \
                test_print_error(&(err));                                        \
            }                                                                    \
        }                                                                        \
    } while (0)

static void test_print_error(const shm_error *err) {
    const char *name = shm_os_code_name(err->code);
    printf("     %s failed: %s (%s %lld %s): %s\n", err->call != NULL ? err->call : "?",
           shm_error_kind_name(err->kind), shm_os_code_label(), (long long)err->code,
           name != NULL ? name : "", err->text);
}

/* A name unique to this process: TEST_NAME_PREFIX "shm4j-test-<pid>-<tag>". */
static void test_name(char *buf, size_t cap, const char *tag) {
    snprintf(buf, cap, "%sshm4j-test-%lu-%s", TEST_NAME_PREFIX, TEST_PID(), tag);
}

static int test_finish(const char *suite) {
    printf("%s: %d passed, %d failed\n", suite, test_passed, test_failed);
    return test_failed == 0 ? 0 : 1;
}

#endif /* SHM_TEST_H */
