/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * sync_win32.c - named mutexes, events and semaphores on Windows: they ARE the
 * Win32 named kernel objects (CreateMutexW, CreateEventW, CreateSemaphoreW), so a
 * C, C++ or .NET program using "Local\X" coordinates with shm4j's "Local\X".
 * Mutexes, events, semaphores and file mappings share one namespace: a name held
 * by another kind fails with ERROR_INVALID_HANDLE, reported as WRONG_TYPE.
 * A mutex whose owning thread ended without releasing it is WAIT_ABANDONED to
 * its next owner: OWNER_DIED.
 */
#include "internal.h"

#include <stdlib.h>

#include "sync_platform.h"

struct shm_sync {
    HANDLE handle;
};

static int wrap(HANDLE h, shm_sync **out, shm_error *err) {
    shm_sync *s = (shm_sync *)malloc(sizeof *s);
    if (s == NULL) {
        CloseHandle(h);
        return shm_error_set(err, SHM_ERR_OUT_OF_MEMORY, "malloc", "out of memory");
    }
    s->handle = h;
    *out = s;
    return SHM_OK;
}

int shm_sync_create(const char *name, int kind, uint32_t a, uint32_t b, unsigned perm,
                    shm_sync **out, shm_error *err) {
    WCHAR *wname = NULL;
    HANDLE h = NULL;
    const char *call = "CreateMutexW";
    DWORD code;
    int rc;
    (void)perm; /* the default security descriptor applies */
    if (kind < SHM_SYNC_MUTEX || kind > SHM_SYNC_SEMAPHORE ||
        (kind == SHM_SYNC_SEMAPHORE && (b == 0 || a > b || b > 0x7FFFFFFFu))) {
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_sync_create",
                             "unknown kind, or a semaphore with max < 1 or initial > max");
    }
    rc = shm_win32_wide(name, "shm_sync_create", &wname, err);
    if (rc != SHM_OK) {
        return rc;
    }
    if (kind == SHM_SYNC_MUTEX) {
        h = CreateMutexW(NULL, FALSE, wname);
    } else if (kind == SHM_SYNC_EVENT) {
        call = "CreateEventW";
        h = CreateEventW(NULL, a != 0, b != 0, wname);
    } else {
        call = "CreateSemaphoreW";
        h = CreateSemaphoreW(NULL, (LONG)a, (LONG)b, wname);
    }
    code = GetLastError();
    free(wname);
    if (h == NULL) {
        return shm_win32_fail(err, call, code, SHM_WIN32_NAMED);
    }
    if (code == ERROR_ALREADY_EXISTS) { /* we opened someone else's object */
        CloseHandle(h);
        return shm_win32_fail(err, call, code, SHM_WIN32_NAMED);
    }
    return wrap(h, out, err);
}

int shm_sync_open(const char *name, int kind, shm_sync **out, shm_error *err) {
    WCHAR *wname = NULL;
    HANDLE h;
    const char *call;
    DWORD code;
    int rc = shm_win32_wide(name, "shm_sync_open", &wname, err);
    if (rc != SHM_OK) {
        return rc;
    }
    if (kind == SHM_SYNC_MUTEX) {
        call = "OpenMutexW";
        h = OpenMutexW(SYNCHRONIZE | MUTEX_MODIFY_STATE, FALSE, wname);
    } else if (kind == SHM_SYNC_EVENT) {
        call = "OpenEventW";
        h = OpenEventW(SYNCHRONIZE | EVENT_MODIFY_STATE, FALSE, wname);
    } else if (kind == SHM_SYNC_SEMAPHORE) {
        call = "OpenSemaphoreW";
        h = OpenSemaphoreW(SYNCHRONIZE | SEMAPHORE_MODIFY_STATE, FALSE, wname);
    } else {
        free(wname);
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_sync_open", "unknown kind");
    }
    code = GetLastError();
    free(wname);
    if (h == NULL) {
        return shm_win32_fail(err, call, code, SHM_WIN32_NAMED);
    }
    return wrap(h, out, err);
}

int shm_sync_close(shm_sync *s, shm_error *err) {
    int rc = CloseHandle(s->handle)
                 ? SHM_OK
                 : shm_win32_fail(err, "CloseHandle", GetLastError(), SHM_WIN32_ANY);
    free(s);
    return rc;
}

/* WaitForSingleObject with a timeout in ns (< 0: INFINITE), rounded up to ms. */
static int wait_handle(shm_sync *s, int64_t timeout_ns, int *outcome, shm_error *err) {
    DWORD ms = INFINITE;
    if (timeout_ns >= 0) {
        int64_t m = (timeout_ns + 999999) / 1000000;
        ms = m >= (int64_t)INFINITE ? INFINITE - 1 : (DWORD)m;
    }
    switch (WaitForSingleObject(s->handle, ms)) {
    case WAIT_OBJECT_0:
        *outcome = SHM_WAIT_ACQUIRED;
        return SHM_OK;
    case WAIT_TIMEOUT:
        *outcome = SHM_WAIT_TIMEOUT;
        return SHM_OK;
    case WAIT_ABANDONED:
        *outcome = SHM_WAIT_OWNER_DIED;
        return SHM_OK;
    default:
        return shm_win32_fail(err, "WaitForSingleObject", GetLastError(), SHM_WIN32_ANY);
    }
}

int shm_mutex_lock(shm_sync *s, int64_t timeout_ns, const uint32_t *interrupt, int *outcome,
                   shm_error *err) {
    (void)interrupt;
    return wait_handle(s, timeout_ns, outcome, err);
}

int shm_mutex_unlock(shm_sync *s, shm_error *err) {
    return ReleaseMutex(s->handle)
               ? SHM_OK
               : shm_win32_fail(err, "ReleaseMutex", GetLastError(), SHM_WIN32_ANY);
}

int shm_event_set(shm_sync *s, shm_error *err) {
    return SetEvent(s->handle)
               ? SHM_OK
               : shm_win32_fail(err, "SetEvent", GetLastError(), SHM_WIN32_ANY);
}

int shm_event_reset(shm_sync *s, shm_error *err) {
    return ResetEvent(s->handle)
               ? SHM_OK
               : shm_win32_fail(err, "ResetEvent", GetLastError(), SHM_WIN32_ANY);
}

/* Waits here are not cancellable (a memory word cannot join a handle wait): the
 * Java layer waits in slices, and interrupt is not read. */
int shm_event_wait(shm_sync *s, int64_t timeout_ns, const uint32_t *interrupt, int *outcome,
                   shm_error *err) {
    (void)interrupt;
    return wait_handle(s, timeout_ns, outcome, err);
}

int shm_semaphore_acquire(shm_sync *s, int64_t timeout_ns, const uint32_t *interrupt, int *outcome,
                          shm_error *err) {
    (void)interrupt;
    return wait_handle(s, timeout_ns, outcome, err);
}

int shm_sync_cancellable(void) {
    return 0;
}

int shm_sync_cancel_waits(shm_sync *s, shm_error *err) {
    (void)s;
    (void)err;
    return SHM_OK;
}

int shm_sync_interrupt(uint32_t *interrupt, shm_error *err) {
    (void)err;
    InterlockedExchange((volatile LONG *)interrupt, 1);
    return SHM_OK;
}

int shm_semaphore_release(shm_sync *s, uint32_t n, int64_t *previous, shm_error *err) {
    LONG prev = 0;
    DWORD code;
    if (n == 0 || n > 0x7FFFFFFFu) {
        return shm_error_set(err, SHM_ERR_INVALID_ARGUMENT, "shm_semaphore_release",
                             "release 1 to 2^31-1 units");
    }
    if (ReleaseSemaphore(s->handle, (LONG)n, &prev)) {
        *previous = prev;
        return SHM_OK;
    }
    code = GetLastError();
    if (code == ERROR_TOO_MANY_POSTS) {
        *previous = -1;
        return SHM_OK;
    }
    return shm_win32_fail(err, "ReleaseSemaphore", code, SHM_WIN32_ANY);
}

/* ---- the Java fast path of a mutex: Linux only -------------------------------------- */

int64_t shm_mutex_fast_thread(void) {
    return 0;
}

int shm_sync_thread_id(void) {
    return (int)GetCurrentThreadId();
}

void *shm_mutex_fast_detach(shm_sync *s) {
    (void)s;
    return NULL;
}

static int no_fast_path(const char *call, shm_error *err) {
    return shm_error_set(err, SHM_ERR_UNSUPPORTED, call, "a Win32 mutex has no fast path");
}

int shm_sync_unmap(void *map, shm_error *err) {
    (void)map;
    return no_fast_path("shm_sync_unmap", err);
}

int shm_mutex_unlock_at(void *map, shm_error *err) {
    (void)map;
    return no_fast_path("shm_mutex_unlock_at", err);
}

int shm_mutex_wake_at(void *map, shm_error *err) {
    (void)map;
    return no_fast_path("shm_mutex_wake_at", err);
}
