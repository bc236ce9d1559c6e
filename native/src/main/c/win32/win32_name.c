/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * win32_name.c - names and paths on their way to the OS: UTF-8 in, UTF-16 out.
 */
#include "internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

int shm_win32_wide(const char *utf8, const char *call, WCHAR **out, shm_error *err) {
    size_t n;
    int wlen;
    WCHAR *wide;

    n = strlen(utf8);
    if (n == 0) {
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, call, "the name is empty");
    }
    /* A UTF-16 string never has more units than its UTF-8 form has bytes. */
    if (n > (size_t)INT_MAX) {
        return shm_error_set(err, SHM_ERR_NAME_TOO_LONG, call, "the name is too long");
    }
    wlen = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, utf8, (int)n, NULL, 0);
    if (wlen <= 0) {
        return shm_win32_fail(err, "MultiByteToWideChar", GetLastError(), SHM_WIN32_ANY);
    }
    if (wlen > SHM_WIN32_NAME_MAX) {
        return shm_error_set(err, SHM_ERR_NAME_TOO_LONG, call, "the name is too long");
    }
    wide = (WCHAR *)malloc(((size_t)wlen + 1) * sizeof(WCHAR));
    if (wide == NULL) {
        return shm_error_set(err, SHM_ERR_OUT_OF_MEMORY, "malloc", "out of memory");
    }
    if (MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, utf8, (int)n, wide, wlen)
        != wlen) {
        DWORD code = GetLastError();
        free(wide);
        return shm_win32_fail(err, "MultiByteToWideChar", code, SHM_WIN32_ANY);
    }
    wide[wlen] = L'\0';
    *out = wide;
    return SHM_OK;
}
