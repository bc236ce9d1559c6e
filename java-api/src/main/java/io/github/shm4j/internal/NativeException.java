/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.internal;

/**
 * A failure reported by the native layer, thrown by {@link ShmNative}: the portable
 * kind, the OS code with its symbolic name, the failing call and the OS's text.
 * The public API turns it into a typed {@code SharedMemoryException} that also names
 * the operation and the object; it never escapes to users.
 */
public final class NativeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;
    private final long code;
    private final String codeName;
    private final String call;
    private final String text;

    /** Called from C (native/src/main/c/jni/jni_util.c); the signature is part of the ABI. */
    NativeException(int kind, long code, String codeName, String call, String text) {
        super(call + ": " + text);
        this.kind = ErrorKind.of(kind);
        this.code = code;
        this.codeName = codeName;
        this.call = call;
        this.text = text;
    }

    public ErrorKind kind() { return kind; }

    /** errno on POSIX, {@code GetLastError()} on Windows; 0 if no OS call failed. */
    public long code() { return code; }

    /** "ENOENT", "ERROR_FILE_NOT_FOUND", or "" when the native table lacks it. */
    public String codeName() { return codeName; }

    /** The system call that failed, e.g. {@code "open"} or {@code "MapViewOfFile"}. */
    public String call() { return call; }

    /** The OS's text for {@link #code()}. */
    public String text() { return text; }
}
