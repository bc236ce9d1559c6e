/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * load_test.c - loads the built JNI library the way a JVM does (dlopen, every
 * symbol bound at once) with the C library and dynamic loader of its target, and
 * looks up its entry points. It proves that a library runs on its libc without a
 * JVM of that libc: there is no musl JVM here, but a musl program loading the musl
 * library exercises musl's loader on it.
 *
 *   load_test PATH/TO/libshm4j.so
 *
 * Ends with "load_test: N passed, M failed"; exit status 1 on any failure.
 */
#define _POSIX_C_SOURCE 200809L

#include <dlfcn.h>

/* Only CHECK and test_finish are used here; the harness's other helpers are not. */
#pragma GCC diagnostic ignored "-Wunused-function"
#include "shm_test.h"

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: load_test PATH/TO/libshm4j.so\n");
        return 2;
    }
    void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    const char *why = lib == NULL ? dlerror() : NULL;
    CHECK(lib != NULL, "dlopen(RTLD_NOW) binds every symbol of the library");
    if (lib == NULL) {
        printf("     dlopen: %s\n", why != NULL ? why : "?");
        return test_finish("load_test");
    }
    CHECK(dlsym(lib, "JNI_OnLoad") != NULL, "JNI_OnLoad is exported");
    CHECK(dlsym(lib, "JNI_OnUnload") != NULL, "JNI_OnUnload is exported");
    CHECK(dlsym(lib, "shm_create") == NULL, "the platform layer stays hidden");
    CHECK(dlclose(lib) == 0, "dlclose");
    return test_finish("load_test");
}
