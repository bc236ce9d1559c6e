/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.sync;

import io.github.shm4j.SharedMemoryException;

/**
 * Thrown by {@link NamedMutex#lock()} and its variants when the previous owner of
 * the mutex died holding it: its process was killed or ended ({@code kill -9},
 * {@code TerminateProcess}), or its thread ended without unlocking. <b>The calling
 * thread now holds the mutex</b> (hold count 1): check and repair the data it
 * protects, then go on or {@link NamedMutex#unlock()}. The mutex stays usable
 * (on Linux it has been made consistent; on Windows this is {@code WAIT_ABANDONED}).
 * Immutable and safe to share.
 */
public final class OwnerDiedException extends SharedMemoryException {
    private static final long serialVersionUID = 1L;

    OwnerDiedException(String operation, String name) {
        super("the owner of mutex '" + name + "' died holding it; this thread holds it now: repair the data"
                + " it protects, then go on or unlock", operation, name, 0, "", "",
                "the previous owner died holding the mutex", null);
    }
}
