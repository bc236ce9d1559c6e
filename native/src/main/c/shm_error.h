/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * shm_error.h - portable error kinds and the error record of the platform layer.
 *
 * SHM_ERROR_KINDS is the one table of kinds: it generates the enum and the kinds'
 * names. Java mirrors it in io.github.shm4j.internal.ErrorKind (same order, same
 * names, same descriptions); MirroredConstantsTest compares names, descriptions
 * and order by reading this file, and ShmNativeIT the names through
 * ShmNative.errorKindName. No C code prints the descriptions: they are here so
 * that the table stays the one place both languages copy from.
 */
#ifndef SHM_ERROR_H
#define SHM_ERROR_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*         name            description */
#define SHM_ERROR_KINDS(XX)                                   \
    XX(NOT_FOUND,          "no such object")                  \
    XX(ALREADY_EXISTS,     "object already exists")           \
    XX(ACCESS_DENIED,      "access denied")                   \
    XX(INVALID_ARGUMENT,   "invalid argument")                \
    XX(INSUFFICIENT_SPACE, "insufficient space")              \
    XX(OUT_OF_MEMORY,      "out of memory or address space")  \
    XX(NAME_TOO_LONG,      "name too long")                   \
    XX(TOO_MANY_OPEN,      "too many open objects")           \
    XX(UNSUPPORTED,        "operation not supported")         \
    XX(WRONG_TYPE,         "name used by an object of another type") \
    XX(IO,                 "input/output error")              \
    XX(SYSTEM,             "system error")

#define SHM_OK 0

typedef enum shm_error_kind {
    SHM_ERR_NONE = SHM_OK,
#define SHM_ERROR_KIND_ENUM(name, text) SHM_ERR_##name,
    SHM_ERROR_KINDS(SHM_ERROR_KIND_ENUM)
#undef SHM_ERROR_KIND_ENUM
    SHM_ERR_KIND_COUNT /* one past the last kind */
} shm_error_kind;

#define SHM_ERROR_TEXT_MAX 256

/* What went wrong: filled by the platform layer on every failure. */
typedef struct shm_error {
    int kind;                       /* an shm_error_kind */
    int64_t code;                   /* errno, or GetLastError(); 0 if no OS call failed */
    const char *call;               /* the failing call, a string literal */
    char text[SHM_ERROR_TEXT_MAX];  /* the OS's text for code, UTF-8 */
} shm_error;

/* The enum constant's name ("NOT_FOUND"), or NULL out of range. */
const char *shm_error_kind_name(int kind);

/* Fills *err for a failure that the library itself detected (no OS call failed)
 * and returns kind. */
int shm_error_set(shm_error *err, int kind, const char *call, const char *text);

#ifdef __cplusplus
}
#endif

#endif /* SHM_ERROR_H */
