/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * win32_retire.c - shm_retire and shm_release on Win32: closing a view while other
 * threads still read or write it (issue 10). POSIX
 * replaces a mapping with private zero memory in one step (mmap MAP_FIXED); Win32
 * cannot: the view is unmapped, then the same range is allocated again. A thread
 * touching the range in that instant takes an EXCEPTION_ACCESS_VIOLATION, which
 * HotSpot on Windows does not survive (it turns only EXCEPTION_IN_PAGE_ERROR into a
 * Java exception). So each retired range is recorded in a table, and a vectored
 * exception handler, first in the process's chain, holds a thread that faults in a
 * range being retired until the zero memory is there, then lets it run the faulting
 * instruction again. Any other fault goes on to the JVM's handlers untouched.
 *
 * Placeholders (VirtualAlloc2 / MapViewOfFile3 / UnmapViewOfFile2 with
 * MEM_PRESERVE_PLACEHOLDER, Windows 10 1803+) would keep the range from being taken
 * by another allocation in that instant, but they do not remove the instant (a
 * placeholder is not accessible either), and Wine 8 rejects them
 * (ERROR_INVALID_PARAMETER), so they could not be tested here.
 */
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>

#include "shm_platform.h"

enum {
    RANGE_BUSY = 1, /* unmapped, or about to be: a fault here waits */
    RANGE_READY = 2 /* private zero memory: a fault here was the instant before */
};

struct retired_range {
    uintptr_t start;
    uintptr_t end; /* exclusive, rounded up to a page */
    int state;
};

static SRWLOCK retired_lock = SRWLOCK_INIT;
/* Guarded by retired_lock: the ranges retired and not yet released. */
static struct retired_range *retired;
static size_t retired_count;
static size_t retired_capacity;

static INIT_ONCE guard_once = INIT_ONCE_STATIC_INIT;
static PVOID guard_handler;

/* The state of the range holding addr, 0 if none. */
static int retired_state(uintptr_t addr) {
    size_t i;
    int state = 0;

    AcquireSRWLockShared(&retired_lock);
    for (i = 0; i < retired_count; i++) {
        if (addr >= retired[i].start && addr < retired[i].end) {
            state = retired[i].state;
            break;
        }
    }
    ReleaseSRWLockShared(&retired_lock);
    return state;
}

/* Whether a read (or write) at addr can succeed now, so that retrying the
 * instruction cannot fault again in a loop. */
static int accessible(uintptr_t addr, int write) {
    MEMORY_BASIC_INFORMATION info;

    if (VirtualQuery((LPCVOID)addr, &info, sizeof info) == 0 || info.State != MEM_COMMIT
        || (info.Protect & (PAGE_GUARD | PAGE_NOACCESS)) != 0) {
        return 0;
    }
    switch (info.Protect & 0xFF) {
    case PAGE_READWRITE:
    case PAGE_EXECUTE_READWRITE:
        return 1;
    case PAGE_READONLY:
    case PAGE_EXECUTE_READ:
        return !write;
    default:
        return 0;
    }
}

static LONG CALLBACK retire_guard(EXCEPTION_POINTERS *info) {
    const EXCEPTION_RECORD *rec = info->ExceptionRecord;
    uintptr_t addr;
    int write;

    if (rec->ExceptionCode != EXCEPTION_ACCESS_VIOLATION || rec->NumberParameters < 2) {
        return EXCEPTION_CONTINUE_SEARCH;
    }
    write = rec->ExceptionInformation[0] == 1;
    addr = (uintptr_t)rec->ExceptionInformation[1];
    for (;;) {
        switch (retired_state(addr)) {
        case RANGE_BUSY:
            /* The closing thread is between UnmapViewOfFile and VirtualAlloc. */
            SwitchToThread();
            break;
        case RANGE_READY:
            return accessible(addr, write) ? EXCEPTION_CONTINUE_EXECUTION
                                           : EXCEPTION_CONTINUE_SEARCH;
        default:
            return EXCEPTION_CONTINUE_SEARCH;
        }
    }
}

static BOOL CALLBACK install_guard(PINIT_ONCE once, PVOID param, PVOID *context) {
    (void)once;
    (void)param;
    (void)context;
    guard_handler = AddVectoredExceptionHandler(1, retire_guard);
    return guard_handler != NULL;
}

/* Unregisters the handler when the library is unloaded (FreeLibrary); at process
 * exit (reserved != NULL) nothing needs undoing. */
BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
    (void)instance;
    if (reason == DLL_PROCESS_DETACH && reserved == NULL && guard_handler != NULL) {
        RemoveVectoredExceptionHandler(guard_handler);
        guard_handler = NULL;
    }
    return TRUE;
}

/* Records [addr, addr + length) as being retired (RANGE_BUSY). */
static int retired_add(void *addr, size_t length, shm_error *err) {
    SYSTEM_INFO sys;
    uintptr_t page;
    int rc = SHM_OK;

    GetSystemInfo(&sys);
    page = (uintptr_t)sys.dwPageSize;
    AcquireSRWLockExclusive(&retired_lock);
    if (retired_count == retired_capacity) {
        size_t capacity = retired_capacity == 0 ? 16 : retired_capacity * 2;
        struct retired_range *grown = (struct retired_range *)realloc(
            retired, capacity * sizeof *grown);
        if (grown == NULL) {
            rc = shm_error_set(err, SHM_ERR_OUT_OF_MEMORY, "realloc", "out of memory");
        } else {
            retired = grown;
            retired_capacity = capacity;
        }
    }
    if (rc == SHM_OK) {
        retired[retired_count].start = (uintptr_t)addr;
        retired[retired_count].end = ((uintptr_t)addr + length + page - 1) & ~(page - 1);
        retired[retired_count].state = RANGE_BUSY;
        retired_count++;
    }
    ReleaseSRWLockExclusive(&retired_lock);
    return rc;
}

/* Marks the range starting at addr RANGE_READY, or forgets it (state 0). */
static void retired_set(void *addr, int state) {
    size_t i;

    AcquireSRWLockExclusive(&retired_lock);
    for (i = 0; i < retired_count; i++) {
        if (retired[i].start == (uintptr_t)addr) {
            if (state != 0) {
                retired[i].state = state;
            } else {
                retired[i] = retired[--retired_count];
            }
            break;
        }
    }
    ReleaseSRWLockExclusive(&retired_lock);
}

int shm_retire(void *addr, size_t length, shm_access access, shm_error *err) {
    DWORD code;
    void *placeholder;
    int rc;

    if (length == 0) {
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_retire",
                             "the length must be greater than zero");
    }
    if (!shm_access_valid(access)) {
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_retire",
                             "unknown access mode");
    }
    if (!InitOnceExecuteOnce(&guard_once, install_guard, NULL, NULL)) {
        code = GetLastError();
        return shm_win32_fail(err, "AddVectoredExceptionHandler", code, SHM_WIN32_ANY);
    }
    rc = retired_add(addr, length, err);
    if (rc != SHM_OK) {
        return rc;
    }
    if (!UnmapViewOfFile(addr)) {
        code = GetLastError();
        retired_set(addr, 0);
        return shm_win32_fail(err, "UnmapViewOfFile", code, SHM_WIN32_ANY);
    }
    /* From here until RANGE_READY, threads touching the range wait in retire_guard.
     * Should another thread's allocation take the range in this instant (it does under
     * Wine on a loaded machine; placeholders would rule it out), the view is gone but
     * no zero memory guards it: report UNSUPPORTED (the Java layer closes anyway and
     * logs it). */
    placeholder = VirtualAlloc(addr, length, MEM_RESERVE | MEM_COMMIT,
                               access == SHM_READ_ONLY ? PAGE_READONLY : PAGE_READWRITE);
    if (placeholder == NULL) {
        code = GetLastError();
        retired_set(addr, 0);
        return shm_win32_fail(err, "VirtualAlloc", code, SHM_WIN32_REPLACING);
    }
    if (placeholder != addr) {
        VirtualFree(placeholder, 0, MEM_RELEASE);
        retired_set(addr, 0);
        return shm_error_set(err, SHM_ERR_UNSUPPORTED, "VirtualAlloc",
                             "the placeholder was placed at another address");
    }
    retired_set(addr, RANGE_READY);
    return SHM_OK;
}

int shm_release(void *addr, size_t length, shm_error *err) {
    DWORD code;

    if (length == 0) {
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_release",
                             "the length must be greater than zero");
    }
    /* Nothing can touch the range any more (its buffers are unreachable). */
    retired_set(addr, 0);
    if (!VirtualFree(addr, 0, MEM_RELEASE)) {
        code = GetLastError();
        return shm_win32_fail(err, "VirtualFree", code, SHM_WIN32_ANY);
    }
    return SHM_OK;
}
