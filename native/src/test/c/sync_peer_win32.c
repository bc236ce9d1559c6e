/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * sync_peer_win32.c - a plain-Win32 program (no shm4j code) that uses named
 * mutexes, events and semaphores the way any C, C++ or .NET program does. The
 * other side of sync_interop_test.c under Wine. Answers with its exit code:
 *
 *   hold NAME          OpenMutexW, take it, exit holding it (abandons it)     0
 *   lock NAME          take the mutex within 10 s: 10, or 11 if abandoned; releases it
 *   set NAME           OpenEventW + SetEvent                                  0
 *   release NAME       OpenSemaphoreW + ReleaseSemaphore(1): 20 + previous count,
 *                      or 30 for ERROR_TOO_MANY_POSTS
 *   create-event NAME  CreateEventW (auto reset, unset), wait 20 s for it:    0
 * Any failure: 1.
 */
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <string.h>

int wmain(int argc, wchar_t **argv) {
    HANDLE h;
    if (argc != 3) {
        return 1;
    }
    if (wcscmp(argv[1], L"hold") == 0 || wcscmp(argv[1], L"lock") == 0) {
        h = OpenMutexW(SYNCHRONIZE | MUTEX_MODIFY_STATE, FALSE, argv[2]);
        if (h == NULL) {
            return 1;
        }
        DWORD w = WaitForSingleObject(h, 10000);
        if (w != WAIT_OBJECT_0 && w != WAIT_ABANDONED) {
            return 1;
        }
        if (wcscmp(argv[1], L"hold") == 0) {
            ExitProcess(0); /* still holding it */
        }
        ReleaseMutex(h);
        return w == WAIT_OBJECT_0 ? 10 : 11;
    }
    if (wcscmp(argv[1], L"set") == 0) {
        h = OpenEventW(EVENT_MODIFY_STATE, FALSE, argv[2]);
        return h != NULL && SetEvent(h) ? 0 : 1;
    }
    if (wcscmp(argv[1], L"release") == 0) {
        LONG previous = 0;
        h = OpenSemaphoreW(SEMAPHORE_MODIFY_STATE, FALSE, argv[2]);
        if (h == NULL) {
            return 1;
        }
        if (ReleaseSemaphore(h, 1, &previous)) {
            return 20 + (int)previous;
        }
        return GetLastError() == ERROR_TOO_MANY_POSTS ? 30 : 1;
    }
    if (wcscmp(argv[1], L"create-event") == 0) {
        h = CreateEventW(NULL, FALSE, FALSE, argv[2]);
        return h != NULL && GetLastError() != ERROR_ALREADY_EXISTS && WaitForSingleObject(h, 20000) == WAIT_OBJECT_0
                   ? 0 : 1;
    }
    return 1;
}
