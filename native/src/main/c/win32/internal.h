/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * win32/internal.h - the helpers that the files of the Win32 half share (file
 * mappings in shm_win32.c, retired views in win32_retire.c, named kernel objects
 * in sync_win32.c, and whatever comes next). Nothing outside win32/ includes it.
 *
 * Portable C11 for MinGW-w64 and MSVC: no compiler extensions. The half imports
 * nothing but KERNEL32 and the C runtime (check-windows-dll.sh checks the DLL).
 */
#ifndef SHM_WIN32_INTERNAL_H
#define SHM_WIN32_INTERNAL_H

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>

#include "shm_error.h"

/* Where a code was reported: the same code means different things in different
 * calls (ERROR_INVALID_HANDLE from CreateFileMappingW means that the name belongs
 * to an event, a mutex, ...; a commit failure at creation means that the paging
 * file is full rather than that the address space is). Combined with |. */
enum {
    SHM_WIN32_ANY = 0,
    SHM_WIN32_NAMED = 1,    /* create or open of a named kernel object */
    SHM_WIN32_SIZING = 2,   /* creating or growing the object's storage */
    SHM_WIN32_REPLACING = 4 /* a view being replaced by zero memory: any code is
                               UNSUPPORTED (see shm_retire in shm_platform.h) */
};

/* The one way the Win32 half reports a failed call: fills *err with `code`
 * (GetLastError(), read right after the failing call, before any clean-up call
 * can change it), its kind in context `where`, the name of the call and the
 * system's text for the code in UTF-8. Returns the kind. Failures that no OS
 * call reported go through shm_error_set, as on POSIX. */
int shm_win32_fail(shm_error *err, const char *call, DWORD code, int where);

/* Converts a NUL-terminated UTF-8 name or path to a malloc'ed NUL-terminated
 * UTF-16 string in *out; the caller frees it. Refuses an empty string
 * (INVALID_ARGUMENT), one longer than SHM_WIN32_NAME_MAX units (NAME_TOO_LONG),
 * and invalid UTF-8; `call` names the public operation for the refusals. */
int shm_win32_wide(const char *utf8, const char *call, WCHAR **out, shm_error *err);

/* The longest name or path handed to the OS, in UTF-16 code units: the limit of a
 * UNICODE_STRING, which carries both object names and (\\?\) file paths. */
#define SHM_WIN32_NAME_MAX 32767

#endif /* SHM_WIN32_INTERNAL_H */
