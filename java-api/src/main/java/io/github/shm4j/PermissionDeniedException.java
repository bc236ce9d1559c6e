/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import org.jspecify.annotations.Nullable;

/**
 * The operating system refused access: the object belongs to another user or has
 * permissions that exclude this process, or the access asked for exceeds the
 * access the object was opened with.
 * See {@link SharedMemoryException} for the details every instance carries; like
 * it, immutable and safe to share across threads.
 */
public final class PermissionDeniedException extends SharedMemoryException {
    private static final long serialVersionUID = 1L;

    PermissionDeniedException(Failure failure, @Nullable Throwable cause) {
        super(failure, cause);
    }
}
