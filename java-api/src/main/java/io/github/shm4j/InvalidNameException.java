/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

/**
 * A name that cannot work on this operating system: empty, too long, {@code .} or
 * {@code ..}, or holding a {@code /}, {@code \} or NUL outside its {@code Local\} or
 * {@code Global\} prefix. Refused before any system call; {@link #errorText()} says why.
 * Immutable and safe to share across threads.
 */
public final class InvalidNameException extends SharedMemoryException {
    private static final long serialVersionUID = 1L;

    InvalidNameException(String operation, String objectName, String reason) {
        super(new Failure("cannot " + operation + " shared memory '" + objectName + "': invalid name ("
                + reason + ")", operation, objectName, 0, "", "", reason), null);
    }
}
