/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import org.jspecify.annotations.Nullable;

/**
 * shm4j's native library could not be loaded: this platform has none, the file
 * could not be extracted or loaded, or it belongs to another shm4j version. The
 * message names the remedy; each attempt that failed is attached as a suppressed
 * exception.
 * Immutable and safe to share across threads.
 */
public final class NativeLibraryException extends SharedMemoryException {
    private static final long serialVersionUID = 1L;

    /** For shm4j's loader. */
    NativeLibraryException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
