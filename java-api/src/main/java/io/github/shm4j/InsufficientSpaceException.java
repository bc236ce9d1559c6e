/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import org.jspecify.annotations.Nullable;

/**
 * There is not enough memory or storage to back the object: on Linux the tmpfs
 * behind /dev/shm is full (containers often limit it to 64 MiB), on Windows the
 * commit limit is reached. Thrown by {@code create}, which reserves the memory, so
 * that a full store never surfaces later as a crash.
 * See {@link SharedMemoryException} for the details every instance carries; like
 * it, immutable and safe to share across threads.
 */
public final class InsufficientSpaceException extends SharedMemoryException {
    private static final long serialVersionUID = 1L;

    InsufficientSpaceException(Failure failure, @Nullable Throwable cause) {
        super(failure, cause);
    }
}
