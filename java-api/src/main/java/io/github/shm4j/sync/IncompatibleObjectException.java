/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.sync;

import io.github.shm4j.SharedMemoryException;

/**
 * The name belongs to an object that cannot be used as asked: another kind of
 * object (a mutex opened as an event, a shared memory object opened as a
 * semaphore: they share one namespace, as in Win32) or, on Linux, an object of a
 * layout version this library does not know. Immutable and safe to share.
 */
public final class IncompatibleObjectException extends SharedMemoryException {
    private static final long serialVersionUID = 1L;

    IncompatibleObjectException(SharedMemoryException details) {
        super(details.getMessage(), details.operation(), details.objectName(), details.errorCode(),
                details.errorName(), details.systemCall(), details.errorText(), details.getCause());
    }
}
