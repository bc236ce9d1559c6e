/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import io.github.shm4j.internal.NativeException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The native object behind a {@link SharedMemory} and its views: the narrow owner
 * that views depend on, and the rule for when the native handle closes.
 *
 * <pre>
 *   OPEN --close()-----------------------------------------------> CLOSED
 *      \--users reach 0 (SharedMemory and every open view collected)--^
 * </pre>
 *
 * <p>Users are the {@code SharedMemory} itself (until it is closed or collected) and
 * each open view (until it is closed, or its buffer collected). So a buffer that is
 * still reachable keeps its object open, and with it the object's name, even when
 * the {@code SharedMemory} was forgotten. An explicit {@link #close()} retires every
 * open view first and closes the handle at once.
 *
 * <p>This object is the action of the {@code SharedMemory}'s cleaner (through
 * {@link #ownerCollected()}): it must not refer to the {@code SharedMemory}, a view
 * or a buffer.
 */
final class ObjectHandle {
    private enum State { OPEN, CLOSED }

    private final long value;
    private final Subject subject;

    /** Guarded by this object's lock. */
    private State state = State.OPEN;
    private int users = 1;
    private final Set<ViewState> views = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean warnedForgottenView;

    ObjectHandle(long value, Subject subject) {
        this.value = value;
        this.subject = subject;
    }

    /** "shared memory 'X'" or "file 'X'", for messages. */
    String description() {
        return subject.toString();
    }

    /** What the handle is of, for messages and errors. */
    Subject subject() {
        return subject;
    }

    synchronized boolean isClosed() {
        return state == State.CLOSED;
    }

    private void checkOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException(subject + " is closed");
        }
    }

    /** Maps an aligned range; the view is a user until it closes or is collected. */
    ViewState map(long alignedOffset, long length, Access access, long viewOffset) {
        MappingBudget.beforeMap();
        synchronized (this) {
            checkOpen();
            long address = Errors.call("map", subject, () -> ShmNative.map(value, alignedOffset, length,
                    access.viewMode()));
            MappingBudget.mapped();
            ViewState view = new ViewState(this, address, length, viewOffset);
            views.add(view);
            users++;
            return view;
        }
    }

    /** The object's size as the OS reports it now (another process may have shrunk it). */
    synchronized long currentSize() {
        checkOpen();
        return Errors.call("size", subject, () -> ShmNative.size(value));
    }

    /** Writes a view's pages to the file; under the lock, so that the handle cannot close meanwhile. */
    synchronized void flush(long address, long length) {
        checkOpen();
        Errors.run("flush", subject, () -> ShmNative.flush(value, address, length));
    }

    /** A view was closed, or its buffer collected ({@code forgotten}). */
    void viewDone(ViewState view, boolean forgotten) {
        boolean last;
        synchronized (this) {
            if (!views.remove(view)) {
                return;
            }
            if (forgotten && !warnedForgottenView) {
                warnedForgottenView = true;
                Resources.warnForgotten("a view of " + subject + " (further ones are not reported)");
            }
            last = release();
        }
        if (last) {
            closeForgotten();
        }
    }

    /** The cleaner's action: the {@code SharedMemory} is closed, or unreachable. */
    void ownerCollected() {
        boolean last;
        synchronized (this) {
            last = state == State.OPEN && release();
        }
        if (last) {
            closeForgotten();
        }
    }

    /** Drops one user; true when that was the last and the handle is now to be closed. */
    private boolean release() {
        users--;
        if (users == 0 && state == State.OPEN) {
            state = State.CLOSED;
            return true;
        }
        return false;
    }

    private void closeForgotten() {
        Resources.warnForgotten(subject.toString());
        try {
            ShmNative.close(value);
        } catch (NativeException e) {
            Resources.LOG.log(System.Logger.Level.WARNING, "cannot release " + subject, e);
        }
    }

    /**
     * Retires every open view and closes the handle. Idempotent and thread-safe;
     * everything is released even if the OS reports an error, the first of which is
     * thrown.
     */
    void close() {
        List<ViewState> open;
        synchronized (this) {
            if (state != State.OPEN) {
                return;
            }
            state = State.CLOSED;
            open = new ArrayList<>(views);
        }
        @Nullable RuntimeException failure = null;
        for (ViewState view : open) {
            try {
                Errors.run("unmap", subject, view::close);
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        try {
            Errors.run("close", subject, () -> ShmNative.close(value));
        } catch (RuntimeException e) {
            failure = failure == null ? e : failure;
        }
        if (failure != null) {
            throw failure;
        }
    }
}
