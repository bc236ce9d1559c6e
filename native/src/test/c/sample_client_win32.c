/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * sample_client_win32.c - what the original C++ file mapping sample's client does,
 * with plain Win32 calls and nothing of shm4j: opens "Local\SampleMap" for reading,
 * maps offset 0 / 1024 bytes read-only, prints the NUL-terminated UTF-16 string it
 * finds there with the sample's lines, waits for ENTER (or end of input). Unlike the
 * original it exits 3 when the string is not the sample's message, so that
 * wine-tests.sh can tell.
 */
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <stdio.h>
#include <wchar.h>

#define FULL_MAP_NAME L"Local\\SampleMap"
#define VIEW_OFFSET 0
#define VIEW_SIZE 1024
#define MESSAGE L"Message from the first process."

int main(void) {
    HANDLE map = OpenFileMappingW(FILE_MAP_READ, FALSE, FULL_MAP_NAME);
    if (map == NULL) {
        printf("OpenFileMapping failed w/err 0x%08lx\n", (unsigned long)GetLastError());
        return 1;
    }
    printf("The file mapping (Local\\SampleMap) is opened\n");
    const WCHAR *view = MapViewOfFile(map, FILE_MAP_READ, 0, VIEW_OFFSET, VIEW_SIZE);
    if (view == NULL) {
        printf("MapViewOfFile failed w/err 0x%08lx\n", (unsigned long)GetLastError());
        CloseHandle(map);
        return 1;
    }
    printf("The file view is mapped\n");
    /* The console shows ASCII; anything else as '?'. Stops at the NUL or the view's end. */
    char text[VIEW_SIZE / sizeof(WCHAR) + 1];
    size_t n = 0;
    while (n < VIEW_SIZE / sizeof(WCHAR) && view[n] != 0) {
        text[n] = view[n] < 0x80 ? (char)view[n] : '?';
        n++;
    }
    text[n] = '\0';
    int same = n < VIEW_SIZE / sizeof(WCHAR) && wcscmp(view, MESSAGE) == 0;
    printf("Read from the file mapping:\n\"%s\"\n", text);
    printf("Press ENTER to clean up resources and quit");
    fflush(stdout);
    (void)getchar();
    UnmapViewOfFile(view);
    CloseHandle(map);
    return same ? 0 : 3;
}
