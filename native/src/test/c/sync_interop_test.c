/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * sync_interop_test.c - shm4j's sync layer (sync_platform.h, win32/sync_win32.c) against
 * a plain-Win32 program (sync_peer_win32.exe), both directions, under Wine:
 * shm4j creates and the plain program opens, and the other way round; owner death
 * (WAIT_ABANDONED) across processes; a name held by another kind. Ends with
 * "N passed, M failed".
 */
#include <windows.h>

#include <stdio.h>

#include "shm_test.h"
#include "sync_platform.h"

/* Starts "sync_peer_win32.exe MODE NAME". */
static HANDLE spawn(const char *mode, const char *name) {
    char cmd[512];
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    ZeroMemory(&si, sizeof si);
    si.cb = sizeof si;
    snprintf(cmd, sizeof cmd, "sync_peer_win32.exe %s %s", mode, name);
    if (!CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
        printf("     CreateProcess(%s) failed: %lu\n", cmd, (unsigned long)GetLastError());
        return NULL;
    }
    CloseHandle(pi.hThread);
    return pi.hProcess;
}

/* The exit code of a peer, waiting up to ms; -1 if it is still running. */
static long finish(HANDLE p, DWORD ms) {
    DWORD code = 0;
    if (p == NULL) {
        return -2;
    }
    if (WaitForSingleObject(p, ms) != WAIT_OBJECT_0) {
        return -1;
    }
    GetExitCodeProcess(p, &code);
    CloseHandle(p);
    return (long)code;
}

int main(void) {
    char m_name[128], e_name[128], s_name[128], c_name[128];
    shm_sync *m = NULL, *e = NULL, *s = NULL, *c = NULL;
    shm_error err;
    int outcome = -1, rc;
    int64_t previous = 0;
    test_name(m_name, sizeof m_name, "sync-mutex");
    test_name(e_name, sizeof e_name, "sync-event");
    test_name(s_name, sizeof s_name, "sync-sem");
    test_name(c_name, sizeof c_name, "sync-created-by-win32");

    /* mutex: shm4j creates, the plain program takes it and dies holding it */
    rc = shm_sync_create(m_name, SHM_SYNC_MUTEX, 0, 0, 0600, &m, &err);
    CHECK_ERROR(rc, SHM_OK, err, "shm4j creates a named mutex");
    if (rc != SHM_OK) {
        return test_finish("sync_interop");
    }
    CHECK(finish(spawn("hold", m_name), 20000) == 0, "a plain-Win32 process takes it and exits holding it");
    rc = shm_mutex_lock(m, 1000000000LL, NULL, &outcome, &err);
    CHECK(rc == SHM_OK && outcome == SHM_WAIT_OWNER_DIED, "shm4j's next lock: OWNER_DIED (WAIT_ABANDONED), held");
    HANDLE p = spawn("lock", m_name);
    CHECK(finish(p, 300) == -1, "the plain program waits while shm4j holds it");
    CHECK(shm_mutex_unlock(m, &err) == SHM_OK, "shm4j unlocks");
    CHECK(finish(p, 20000) == 10, "then the plain program takes it (WAIT_OBJECT_0)");

    /* event: shm4j creates, the plain program sets it */
    rc = shm_sync_create(e_name, SHM_SYNC_EVENT, 0, 0, 0600, &e, &err);
    CHECK_ERROR(rc, SHM_OK, err, "shm4j creates an auto-reset event");
    if (rc == SHM_OK) {
        CHECK(finish(spawn("set", e_name), 20000) == 0, "a plain-Win32 process sets it");
        rc = shm_event_wait(e, 0, NULL, &outcome, &err);
        CHECK(rc == SHM_OK && outcome == SHM_WAIT_ACQUIRED, "shm4j sees it set");
        rc = shm_event_wait(e, 0, NULL, &outcome, &err);
        CHECK(rc == SHM_OK && outcome == SHM_WAIT_TIMEOUT, "and reset by that wait");
    }

    /* semaphore: shm4j creates (0 of 1), the plain program releases */
    rc = shm_sync_create(s_name, SHM_SYNC_SEMAPHORE, 0, 1, 0600, &s, &err);
    CHECK_ERROR(rc, SHM_OK, err, "shm4j creates a semaphore (0 of 1)");
    if (rc == SHM_OK) {
        CHECK(finish(spawn("release", s_name), 20000) == 20, "a plain-Win32 release: previous count 0");
        CHECK(finish(spawn("release", s_name), 20000) == 30, "a second one: ERROR_TOO_MANY_POSTS");
        rc = shm_semaphore_release(s, 1, &previous, &err);
        CHECK(rc == SHM_OK && previous == -1, "shm4j's release past the maximum is refused too");
        rc = shm_semaphore_acquire(s, 0, NULL, &outcome, &err);
        CHECK(rc == SHM_OK && outcome == SHM_WAIT_ACQUIRED, "shm4j takes the unit");
    }

    /* the other direction: the plain program creates, shm4j opens and sets */
    p = spawn("create-event", c_name);
    rc = SHM_ERR_NOT_FOUND;
    for (int i = 0; i < 200 && rc != SHM_OK; i++) {
        rc = shm_sync_open(c_name, SHM_SYNC_EVENT, &c, &err);
        if (rc != SHM_OK) {
            Sleep(50);
        }
    }
    CHECK_ERROR(rc, SHM_OK, err, "shm4j opens the event a plain-Win32 process created");
    if (rc == SHM_OK) {
        CHECK(shm_event_set(c, &err) == SHM_OK, "shm4j sets it");
        shm_sync_close(c, &err);
    }
    CHECK(finish(p, 20000) == 0, "the plain program's wait ends");

    /* one namespace */
    rc = shm_sync_open(m_name, SHM_SYNC_SEMAPHORE, &c, &err);
    CHECK_ERROR(rc, SHM_ERR_WRONG_TYPE, err, "a mutex's name opened as a semaphore: WRONG_TYPE");
    rc = shm_sync_create(e_name, SHM_SYNC_MUTEX, 0, 0, 0600, &c, &err);
    CHECK_ERROR(rc, SHM_ERR_WRONG_TYPE, err, "a mutex created on an event's name: WRONG_TYPE");

    shm_sync_close(m, &err);
    if (e != NULL) {
        shm_sync_close(e, &err);
    }
    if (s != NULL) {
        shm_sync_close(s, &err);
    }
    rc = shm_sync_open(m_name, SHM_SYNC_MUTEX, &c, &err);
    CHECK_ERROR(rc, SHM_ERR_NOT_FOUND, err, "the name is gone with its last handle");
    return test_finish("sync_interop");
}
