/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import io.github.shm4j.internal.NativeException;
import io.github.shm4j.internal.Platform;

/** The one place where a native failure becomes a typed {@link SharedMemoryException}. */
final class Errors {
    private static final boolean WINDOWS = Platform.isWindows(System.getProperty("os.name", ""));
    private static final String CODE_LABEL = WINDOWS ? "error" : "errno";

    private Errors() {}

    /**
     * The exception for {@code e}, raised while doing {@code operation} to the object
     * the caller named {@code objectName}; {@code noun} is "shared memory" or "file".
     */
    static SharedMemoryException of(String operation, String noun, String objectName, NativeException e) {
        String detail = e.code() == 0
                ? e.text()
                : (e.codeName().isEmpty() ? "" : e.codeName() + ", ") + CODE_LABEL + " " + e.code() + ": " + e.text();
        Failure failure = new Failure("cannot " + operation + " " + noun + " '" + objectName + "': "
                + e.kind().description() + " (" + detail + ")",
                operation, objectName, e.code(), e.codeName(), e.call(), e.text());
        switch (e.kind()) {
            case NOT_FOUND:
                return new NotFoundException(failure, e);
            case ALREADY_EXISTS:
                return new AlreadyExistsException(failure, e);
            case ACCESS_DENIED:
                return new PermissionDeniedException(failure, e);
            case INSUFFICIENT_SPACE:
                return new InsufficientSpaceException(failure, e);
            case WRONG_TYPE:
                return new WrongObjectTypeException(failure, e);
            default:
                return new SharedMemoryException(failure, e);
        }
    }

    /** Whether this JVM runs on Windows, whose names and errors differ from POSIX. */
    static boolean windows() {
        return WINDOWS;
    }
}
