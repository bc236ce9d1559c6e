/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.sync;

import io.github.shm4j.internal.ApiAccess;
import io.github.shm4j.internal.NativeException;
import io.github.shm4j.internal.ObjectKind;
import io.github.shm4j.internal.OpenOrCreate;
import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * What the three sync objects share: the native handle and its lifetime, waiting
 * in slices, and error translation.
 *
 * <p>The native object is closed when the Java object is closed (or cleaned) and no
 * thread is inside a native call on it or holds its mutex: a blocked waiter sees
 * the close at its next slice and throws, and a mutex held by a thread stays mapped
 * until that thread unlocks it (on Linux glibc links a held robust mutex into the
 * thread's robust list; unmapping it would corrupt that list).
 */
abstract class SyncObject implements AutoCloseable {
    /** Waits are cut into slices of this length, to see interrupts and close. */
    static final long SLICE_MILLIS = 5;
    private static final long SLICE_NANOS = SLICE_MILLIS * 1_000_000;

    final String name;
    final ObjectKind kind;
    final State state;
    private final Cleaner.Cleanable cleanable;

    /**
     * The handle and who uses it; also the cleaner's action (it must not refer to the
     * object). Lock-free: one atomic word counts the users (threads inside a native
     * call, plus one per thread holding the mutex) and carries the closed and
     * released flags, so that the uncontended lock/unlock path costs two atomic
     * updates and no monitor.
     */
    static final class State implements Runnable {
        private static final int CLOSED = 1 << 30;
        private static final int RELEASED = 1 << 31;

        final long handle;
        final String description;
        private final AtomicInteger word = new AtomicInteger();

        State(long handle, String description) {
            this.handle = handle;
            this.description = description;
        }

        boolean isClosed() {
            return (word.get() & CLOSED) != 0;
        }

        /** Counts a user; throws if closed. */
        void enter() {
            for (;;) {
                int w = word.get();
                if ((w & CLOSED) != 0) {
                    throw new IllegalStateException(description + " is closed");
                }
                if (word.compareAndSet(w, w + 1)) {
                    return;
                }
            }
        }

        /** Ends a use; releases the native object if it was the last use after close. */
        void exit() {
            if (word.decrementAndGet() == CLOSED && word.compareAndSet(CLOSED, CLOSED | RELEASED)) {
                SyncNative.close(handle);
            }
        }

        /** Closes; returns whether the caller must release the native object now. */
        boolean close() {
            for (;;) {
                int w = word.get();
                if ((w & CLOSED) != 0) {
                    return false;
                }
                if (word.compareAndSet(w, w | CLOSED)) {
                    return w == 0 && word.compareAndSet(CLOSED, CLOSED | RELEASED);
                }
            }
        }

        @Override
        public void run() { // the cleaner: the object was forgotten
            if (close()) {
                ApiAccess.api().warnForgotten(description);
                try {
                    SyncNative.close(handle);
                } catch (NativeException e) {
                    ApiAccess.api().log().log(System.Logger.Level.WARNING, "cannot release " + description, e);
                }
            }
        }
    }

    SyncObject(String name, ObjectKind kind, long handle) {
        this.name = name;
        this.kind = kind;
        this.state = new State(handle, kind.noun() + " '" + name + "'");
        this.cleanable = ApiAccess.api().cleaner().register(this, state);
    }

    /** Creates (with a, b) or opens a named object of this kind. */
    static long handle(String name, ObjectKind kind, boolean create, int a, int b) {
        Objects.requireNonNull(name, "name");
        String operation = create ? "create" : "open";
        byte[] osName = ApiAccess.api().osName(name, operation);
        ApiAccess.api().ensureLoaded();
        try {
            return create
                    ? SyncNative.create(osName, kind.syncCode(), a, b, SyncNative.OWNER_ONLY)
                    : SyncNative.open(osName, kind.syncCode());
        } catch (NativeException e) {
            throw ApiAccess.api().error(operation, kind, name, e);
        }
    }

    /** open if the name exists, else create; retried if the name comes and goes meanwhile. */
    static <T> T openOrCreate(java.util.function.Supplier<T> create, java.util.function.Supplier<T> open) {
        return OpenOrCreate.attempt(create, open, OpenOrCreate.ROUNDS);
    }

    final RuntimeException error(String operation, NativeException e) {
        return ApiAccess.api().error(operation, kind, name, e);
    }

    /** A timeout in nanoseconds: 0 or more, saturated; negative or null durations are refused. */
    static long nanos(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("the timeout must not be negative: " + timeout);
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /** One native wait of at most its argument in nanoseconds (0: try, < 0: no limit). */
    interface WaitCall {
        int call(long handle, long timeoutNanos);
    }

    /**
     * Waits up to timeoutNanos (< 0: no limit, 0: one try) in slices, while the caller
     * has {@link State#enter() entered}. Returns the outcome of the last slice.
     *
     * @throws InterruptedException if interruptible and the thread is interrupted
     * @throws IllegalStateException if the object is closed meanwhile
     */
    final int waitInSlices(String operation, WaitCall op, long timeoutNanos, boolean interruptible)
            throws InterruptedException {
        long start = timeoutNanos > 0 ? System.nanoTime() : 0;
        for (;;) {
            if (interruptible && Thread.interrupted()) {
                throw new InterruptedException(operation + " " + state.description + " was interrupted");
            }
            long left = timeoutNanos > 0 ? timeoutNanos - (System.nanoTime() - start) : timeoutNanos;
            if (timeoutNanos > 0 && left <= 0) {
                left = 0; // one last try
            }
            int outcome;
            try {
                outcome = op.call(state.handle, left < 0 ? SLICE_NANOS : Math.min(left, SLICE_NANOS));
            } catch (NativeException e) {
                throw error(operation, e);
            }
            if (outcome != SyncNative.TIMEOUT || left == 0) {
                return outcome;
            }
            if (state.isClosed()) {
                throw new IllegalStateException(state.description + " was closed while " + operation + " waited");
            }
        }
    }

    /** Runs one native call as a user of the handle. */
    final long call(String operation, LongSupplier op) {
        state.enter();
        try {
            return op.getAsLong();
        } catch (NativeException e) {
            throw error(operation, e);
        } finally {
            state.exit();
        }
    }

    /**
     * The name as given at create or open.
     *
     * @return the name, as given
     */
    public final String name() {
        return name;
    }

    /**
     * Whether {@link #close()} has run.
     *
     * @return {@code true} once {@link #close()} has been called
     */
    public final boolean isClosed() {
        return state.isClosed();
    }

    /**
     * Closes this handle; idempotent and thread-safe. Threads waiting on it throw
     * {@link IllegalStateException} within a few milliseconds. The object itself
     * lives on while other handles or processes have it open.
     */
    @Override
    public void close() {
        beforeClose();
        boolean release = state.close();
        try {
            if (release) {
                SyncNative.close(state.handle);
            }
        } catch (NativeException e) {
            throw error("close", e);
        } finally {
            cleanable.clean(); // runs State.run(), which sees it closed and only deregisters
        }
    }

    /** What a subclass does first on close (the mutex: unlock if this thread holds it). */
    void beforeClose() {}

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + state.description + (isClosed() ? ", closed" : "") + "]";
    }
}
