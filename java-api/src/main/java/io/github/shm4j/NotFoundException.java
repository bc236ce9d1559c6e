/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import org.jspecify.annotations.Nullable;

/**
 * The named object (or file) does not exist.
 * See {@link SharedMemoryException} for the details every instance carries; like
 * it, immutable and safe to share across threads.
 */
public final class NotFoundException extends SharedMemoryException {
    private static final long serialVersionUID = 1L;

    NotFoundException(Failure failure, @Nullable Throwable cause) {
        super(failure, cause);
    }
}
