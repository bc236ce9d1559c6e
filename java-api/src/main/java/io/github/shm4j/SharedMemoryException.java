/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

/**
 * The root of every exception that shm4j throws for a failure of its own or of the
 * operating system. Unchecked: catch it, or one of its subclasses, where you can act.
 */
@NullMarked
public class SharedMemoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with {@code message} and an optional {@code cause}. */
    protected SharedMemoryException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
