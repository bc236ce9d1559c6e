/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import io.github.shm4j.internal.ErrorKind;
import io.github.shm4j.internal.NativeException;
import java.lang.ref.WeakReference;
import org.jspecify.annotations.Nullable;

/**
 * The native side of one view, and the rule that keeps stale buffers harmless.
 *
 * <pre>
 *   MAPPED --close--> RETIRED --buffer unreachable--> FREED
 *      \------------buffer unreachable (forgotten)--------^
 * </pre>
 *
 * Closing replaces the mapping in place with private zero memory
 * ({@link ShmNative#retire}: atomically on POSIX; on Windows an unmap and a new
 * allocation of the range, with faults in between held by the native layer's
 * exception handler), so that a {@link java.nio.ByteBuffer} still held
 * anywhere, or an accessor racing the close, reads zeros and writes to nothing
 * instead of faulting or reaching the shared object. The placeholder is freed by the
 * cleaner once the view's buffer, and every buffer derived from it, is unreachable.
 * This object is that cleaner's action: it refers to the view only weakly and never
 * to the buffer. While MAPPED, the view counts as a user of its {@link ObjectHandle},
 * which therefore stays open while the view's buffer is reachable.
 */
final class ViewState implements Runnable {
    private enum State { MAPPED, RETIRED, FREED }

    private final ObjectHandle owner;
    private final long address;
    private final long length;
    private final long viewOffset;
    /** The view, to mark it closed when its object closes; weak, so that it can be forgotten. */
    private volatile WeakReference<MappedView> view = new WeakReference<>(null);

    /** Guarded by this object's lock. */
    private State state = State.MAPPED;
    /** Guarded by this object's lock: RETIRED with its placeholder in place (the retire succeeded). */
    private boolean placeholder;

    ViewState(ObjectHandle owner, long address, long length, long viewOffset) {
        this.owner = owner;
        this.address = address;
        this.length = length;
        this.viewOffset = viewOffset;
    }

    /** Built only for messages, never on the path of a map or close. */
    String description() {
        return "view at offset " + viewOffset + " of " + owner.description();
    }

    long address() {
        return address;
    }

    long length() {
        return length;
    }

    void attach(MappedView mappedView) {
        this.view = new WeakReference<>(mappedView);
    }

    /**
     * Retires the mapping, once, and tells the owner. Throws the native failure
     * after doing so; the view counts as closed either way.
     */
    void close() {
        MappedView v = view.get();
        if (v != null) {
            v.markClosed(); // accessors refuse from here on; a racing one reaches the placeholder at worst
        }
        @Nullable NativeException failure = null;
        synchronized (this) {
            if (state != State.MAPPED) {
                return;
            }
            state = State.RETIRED;
            try {
                // Every placeholder alike (read-write private zero memory, whatever the
                // view's access: a stale read-only buffer cannot write), so that the
                // kernel merges neighbouring placeholders into one mapping.
                ShmNative.retire(address, length, Access.READ_WRITE.viewMode());
                placeholder = true;
                MappingBudget.retired(length);
            } catch (NativeException e) {
                if (e.kind() == ErrorKind.UNSUPPORTED) {
                    // Windows: another thread's allocation took the range between the unmap
                    // and the zero memory. The view is unmapped and its object released, as
                    // the caller asked: close succeeds. Only a buffer still used after close
                    // (which the caller must not do) loses its zeros; say so.
                    state = State.FREED;
                    MappingBudget.freed();
                    Resources.LOG.log(System.Logger.Level.WARNING, "closed " + description() + ", but another"
                            + " allocation took its address range before zero memory could be placed there: a"
                            + " buffer of this view still in use would reach that allocation", e);
                } else {
                    failure = e;
                }
            }
        }
        owner.viewDone(this, false);
        if (failure != null) {
            throw failure;
        }
    }

    /** The cleaner's action: the buffer (and so the view) is unreachable. */
    @Override
    public void run() {
        boolean forgotten;
        synchronized (this) {
            if (state == State.FREED) {
                return;
            }
            forgotten = state == State.MAPPED;
            state = State.FREED;
            try {
                if (forgotten) {
                    ShmNative.unmap(address, length); // nothing can reach it any more
                } else {
                    ShmNative.release(address, length);
                }
            } catch (NativeException e) {
                Resources.LOG.log(System.Logger.Level.WARNING, "cannot release " + description(), e);
            }
            if (placeholder) {
                MappingBudget.placeholderFreed(length);
            } else {
                MappingBudget.freed();
            }
        }
        if (forgotten) {
            owner.viewDone(this, true);
        }
    }
}
