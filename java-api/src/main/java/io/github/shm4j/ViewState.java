/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import io.github.shm4j.internal.ErrorKind;
import io.github.shm4j.internal.NativeException;
import io.github.shm4j.internal.ShmNative;

/**
 * The native side of one view, and the rule that keeps stale buffers harmless.
 *
 * <pre>
 *   MAPPED --close--> RETIRED --buffer unreachable--> FREED
 *      \------------buffer unreachable (forgotten)--------^
 * </pre>
 *
 * Closing never unmaps: it replaces the mapping in place with private zero memory
 * ({@link ShmNative#retire}), so that a {@link java.nio.ByteBuffer} still held
 * anywhere, or an accessor racing the close, reads zeros and writes to nothing
 * instead of faulting or reaching the shared object. The placeholder is freed by the
 * cleaner once the view's buffer, and every buffer derived from it, is unreachable.
 * This object is that cleaner's action: it must not refer to the buffer or the view.
 */
final class ViewState implements Runnable {
    private final long address;
    private final long length;
    private final Access access;
    private final long viewOffset;
    private final String owner;

    /** Guarded by this object's lock. */
    private boolean closed;
    private boolean freed;

    /** {@code owner} describes the object, e.g. "shared memory 'X'"; messages name the view by it. */
    ViewState(long address, long length, Access access, long viewOffset, String owner) {
        this.address = address;
        this.length = length;
        this.access = access;
        this.viewOffset = viewOffset;
        this.owner = owner;
    }

    /** Built only for messages, never on the path of a map or close. */
    private String description() {
        return "view at offset " + viewOffset + " of " + owner;
    }

    long address() {
        return address;
    }

    long length() {
        return length;
    }

    /** Retires the mapping, once. */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            ShmNative.retire(address, length, access.viewMode());
        } catch (NativeException e) {
            if (e.kind() == ErrorKind.UNSUPPORTED) {
                freed = true; // Windows lost the race for the range: the view is unmapped
            }
            throw e;
        }
    }

    /** The cleaner's action: the buffer (and so the view) is unreachable. */
    @Override
    public synchronized void run() {
        if (freed) {
            return;
        }
        freed = true;
        try {
            if (!closed) {
                closed = true;
                Resources.warnForgotten(description());
                ShmNative.unmap(address, length); // nothing can reach it any more
            } else {
                ShmNative.release(address, length);
            }
        } catch (NativeException e) {
            Resources.LOG.log(System.Logger.Level.WARNING, "cannot release " + description(), e);
        }
    }
}
