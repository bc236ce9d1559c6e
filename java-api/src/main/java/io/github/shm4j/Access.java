/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

/**
 * How a process uses a shared memory object or a view of it.
 *
 * <p>An object opened {@link #READ_ONLY} can give {@link #READ_ONLY} and
 * {@link #COPY_ON_WRITE} views; an object opened {@link #READ_WRITE} can give all
 * three.
 *
 * <p>A constant, safe to use from any thread. Across processes it says only what
 * this process may do: each process opens and maps with the access of its own.
 */
public enum Access {
    /** Read only: a view's buffer is read-only and every write method throws. */
    READ_ONLY(0),
    /** Read and write, shared: every process that maps the object sees the writes. */
    READ_WRITE(1),
    /**
     * Read, and write privately: writes go to this process's own copy of the pages
     * they touch and never reach the object or other processes. As an object's
     * access (in {@code open}), the object itself is opened read-only.
     */
    COPY_ON_WRITE(2);

    /** The C enum shm_access's value (native/src/main/c/shm_platform.h). */
    private final int nativeCode;

    Access(int nativeCode) {
        this.nativeCode = nativeCode;
    }

    /** The access mode the native layer needs the object opened with. */
    int objectMode() {
        return (this == READ_WRITE ? READ_WRITE : READ_ONLY).nativeCode;
    }

    /** The native view mode: the C enum shm_access's value. */
    int viewMode() {
        return nativeCode;
    }
}
