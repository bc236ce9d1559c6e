/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * event_holder_win32.c - a plain-Win32 program (nothing of shm4j) that creates a
 * named event, prints "ready" and holds it until its input ends or has a line:
 *
 *   event_holder_win32.exe NAME
 *
 * Events and file mappings share one namespace, so while it runs shm4j's create and
 * open of NAME must fail with WrongObjectTypeException (java-api's WrongTypeIT, run
 * on the Windows JVM). Exit status 0, or 1 with the Win32 error if CreateEvent fails.
 */
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <stdio.h>

int wmain(int argc, wchar_t **argv) {
    HANDLE event;

    if (argc != 2) {
        fprintf(stderr, "usage: event_holder_win32.exe NAME\n");
        return 2;
    }
    event = CreateEventW(NULL, TRUE, FALSE, argv[1]);
    if (event == NULL) {
        printf("CreateEvent failed w/err 0x%08lx\n", (unsigned long)GetLastError());
        return 1;
    }
    printf("ready\n");
    fflush(stdout);
    (void)getchar();
    CloseHandle(event);
    return 0;
}
