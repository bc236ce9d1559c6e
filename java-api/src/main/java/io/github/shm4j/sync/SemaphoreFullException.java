/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.sync;

import io.github.shm4j.SharedMemoryException;

/**
 * {@link NamedSemaphore#release(int)} would raise the count past the maximum given
 * at creation; nothing was released ({@code ERROR_TOO_MANY_POSTS} on Windows).
 * Immutable and safe to share.
 */
public final class SemaphoreFullException extends SharedMemoryException {
    private static final long serialVersionUID = 1L;

    SemaphoreFullException(String name, int n) {
        super("cannot release " + n + " to semaphore '" + name + "': the count would pass its maximum",
                "release", name, 0, "", "", "the count would pass the semaphore's maximum", null);
    }
}
