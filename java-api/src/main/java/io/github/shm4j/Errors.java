/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import io.github.shm4j.internal.NativeException;
import io.github.shm4j.internal.Platform;
import java.util.function.LongSupplier;

/**
 * The one place where a native failure becomes a typed {@link SharedMemoryException}:
 * every native call of the API goes through {@link #call} or {@link #run}.
 */
final class Errors {
    private static final String CODE_LABEL = Platform.isWindows() ? "error" : "errno";

    private Errors() {}

    /** A native call that returns nothing. */
    interface NativeAction {
        void run();
    }

    /** Runs a native call that returns a value, translating its failure. */
    static long call(String operation, Subject subject, LongSupplier nativeCall) {
        try {
            return nativeCall.getAsLong();
        } catch (NativeException e) {
            throw of(operation, subject, e);
        }
    }

    /** Runs a native call, translating its failure. */
    static void run(String operation, Subject subject, NativeAction nativeCall) {
        try {
            nativeCall.run();
        } catch (NativeException e) {
            throw of(operation, subject, e);
        }
    }

    /**
     * The exception for {@code e}, raised while doing {@code operation} to {@code subject}.
     * A refusal of the arguments that no system call made (code 0) is an
     * {@link IllegalArgumentException}: the caller asked for something impossible.
     */
    static RuntimeException of(String operation, Subject subject, NativeException e) {
        String detail = e.code() == 0
                ? e.text()
                : (e.codeName().isEmpty() ? "" : e.codeName() + ", ") + CODE_LABEL + " " + e.code() + ": " + e.text();
        String message = "cannot " + operation + " " + subject + ": " + e.kind().description() + " (" + detail + ")";
        Failure failure = new Failure(message, operation, subject.name, e.code(), e.codeName(), e.call(), e.text());
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
            case UNSUPPORTED:
                // A sync object of a layout version this library does not know: to the
                // caller, an object of another kind.
                return subject.kind.hasLayoutVersion()
                        ? new WrongObjectTypeException(failure, e)
                        : new SharedMemoryException(failure, e);
            case INVALID_ARGUMENT:
                if (e.code() == 0) {
                    return new IllegalArgumentException(message, e);
                }
                return new SharedMemoryException(failure, e);
            default:
                return new SharedMemoryException(failure, e);
        }
    }
}
