/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * sample_server_win32.c - what the original C++ file mapping sample's server does,
 * with plain Win32 calls and nothing of shm4j: creates "Local\SampleMap" (65536
 * bytes of the paging file), maps offset 0 / 1024 bytes with all access, copies
 * L"Message from the first process." with its terminating NUL (64 bytes), prints the
 * sample's lines and waits for ENTER (or end of input). wine-tests.sh runs it
 * against shm4j's Windows platform layer to show that both speak the same format.
 */
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#define FULL_MAP_NAME L"Local\\SampleMap"
#define MAP_SIZE 65536
#define VIEW_OFFSET 0
#define VIEW_SIZE 1024
#define MESSAGE L"Message from the first process."

int main(void) {
    HANDLE map = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, MAP_SIZE,
                                    FULL_MAP_NAME);
    if (map == NULL) {
        printf("CreateFileMapping failed w/err 0x%08lx\n", (unsigned long)GetLastError());
        return 1;
    }
    printf("The file mapping (Local\\SampleMap) is created\n");
    void *view = MapViewOfFile(map, FILE_MAP_ALL_ACCESS, 0, VIEW_OFFSET, VIEW_SIZE);
    if (view == NULL) {
        printf("MapViewOfFile failed w/err 0x%08lx\n", (unsigned long)GetLastError());
        CloseHandle(map);
        return 1;
    }
    printf("The file view is mapped\n");
    memcpy(view, MESSAGE, (wcslen(MESSAGE) + 1) * sizeof(WCHAR));
    printf("This message is written to the view:\n\"Message from the first process.\"\n");
    printf("Press ENTER to clean up resources and quit");
    fflush(stdout);
    (void)getchar();
    UnmapViewOfFile(view);
    CloseHandle(map);
    return 0;
}
