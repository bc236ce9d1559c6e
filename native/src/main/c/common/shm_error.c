/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * shm_error.c - the portable half of error reporting: the kinds' names, and the
 * record of a failure that the library detected itself.
 */
#include "shm_error.h"

#include <stddef.h>
#include <string.h>

static const char *const kind_names[SHM_ERR_KIND_COUNT] = {
    "NONE",
#define SHM_ERROR_KIND_NAME(name, text) #name,
    SHM_ERROR_KINDS(SHM_ERROR_KIND_NAME)
#undef SHM_ERROR_KIND_NAME
};

const char *shm_error_kind_name(int kind) {
    return kind >= 0 && kind < SHM_ERR_KIND_COUNT ? kind_names[kind] : NULL;
}

int shm_error_set(shm_error *err, int kind, const char *call, const char *text) {
    size_t n = strlen(text);
    if (n >= sizeof err->text) {
        n = sizeof err->text - 1;
    }
    err->kind = kind;
    err->code = 0;
    err->call = call;
    memcpy(err->text, text, n);
    err->text[n] = '\0';
    return kind;
}
