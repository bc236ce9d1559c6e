/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import org.jspecify.annotations.Nullable;

/**
 * {@code create} found the name taken by another object.
 * See {@link SharedMemoryException} for the details every instance carries; like
 * it, immutable and safe to share across threads.
 */
public final class AlreadyExistsException extends SharedMemoryException {
    private static final long serialVersionUID = 1L;

    AlreadyExistsException(Failure failure, @Nullable Throwable cause) {
        super(failure, cause);
    }
}
