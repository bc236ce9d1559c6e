/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import org.jspecify.annotations.Nullable;

/**
 * The name belongs to an object of another kind, so it can be neither created nor
 * opened as the kind asked for (shared memory, or a {@code io.github.shm4j.sync}
 * mutex, event or semaphore).
 * <ul>
 * <li>Windows: events, semaphores, mutexes, waitable timers, jobs and file mappings
 * share one namespace, so {@code create("Local\\X", …)} and {@code open} fail while,
 * say, an event named {@code Local\X} exists ({@code ERROR_INVALID_HANDLE} from
 * {@code CreateFileMappingW}/{@code OpenFileMappingW}).
 * <li>Linux: POSIX semaphores ({@code /dev/shm/sem.X}) and message queues
 * ({@code /dev/mqueue}) have names of their own and never collide with shared memory
 * {@code X}; this is thrown when {@code /dev/shm/X} is a symbolic link (never
 * followed) or a socket. {@code create} of such a name throws
 * {@link AlreadyExistsException}, as the name is taken.
 * <li>{@link SharedMemory#openFile}: the path is not a regular file.
 * <li>Sync objects share one namespace on both systems (as in Win32): a mutex
 * opened as an event, a shared memory object opened as a semaphore. On Linux also
 * a sync object of a layout version this library does not know.
 * </ul>
 * See {@link SharedMemoryException} for the details every instance carries; like
 * it, immutable and safe to share across threads.
 */
public final class WrongObjectTypeException extends SharedMemoryException {
    private static final long serialVersionUID = 1L;

    WrongObjectTypeException(Failure failure, @Nullable Throwable cause) {
        super(failure, cause);
    }
}
