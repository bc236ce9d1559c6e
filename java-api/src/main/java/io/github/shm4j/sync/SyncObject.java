/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.sync;

import io.github.shm4j.internal.ApiAccess;
import io.github.shm4j.internal.NativeException;
import io.github.shm4j.internal.ObjectKind;
import io.github.shm4j.internal.OpenOrCreate;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * What the three sync objects share: the native handle and its lifetime, waiting,
 * and error translation.
 *
 * <p>The native object is closed when the Java object is closed (or cleaned) and no
 * thread is inside a native call on it or holds its mutex: a blocked waiter sees
 * the close and throws, and a mutex held by a thread of this process keeps its handle
 * until that thread unlocks it. A mutex with a {@link NamedMutexFastPath} owns its
 * mapping apart from the handle: it stays mapped until the Java object is unreachable
 * (on Linux glibc links a held robust mutex into the thread's robust list; unmapping it
 * would corrupt that list).
 *
 * <p>How a waiter sees interrupts and close: where native waits are cancellable
 * (Linux 5.16+), a close wakes them through
 * {@code SyncNative.cancelWaits} and an interrupt through the thread's
 * {@link WaitInterrupt} word, so the thread sleeps in the kernel for the whole wait.
 * Elsewhere (Windows, older kernels, qemu-user) waits are cut into slices.
 */
abstract class SyncObject implements AutoCloseable {
    /** Waits that cannot be cancelled are cut into slices of this length, to see interrupts and close. */
    static final long SLICE_MILLIS = 5;
    private static final long SLICE_NANOS = SLICE_MILLIS * 1_000_000;

    final String name;
    final ObjectKind kind;
    final State state;
    private final Cleaner.Cleanable cleanable;

    /**
     * The handle and who uses it; also the cleaner's action (it must not refer to the
     * object). Lock-free: one atomic word counts the users (threads inside a native
     * call) and carries the closed and released flags, and a mutex's holder is a field
     * of its own, so that the uncontended lock/unlock path updates nothing shared but
     * the mutex.
     */
    static final class State implements Runnable {
        private static final int CLOSED = 1 << 30;
        private static final int RELEASED = 1 << 31;
        private static final VarHandle HOLDER;
        /** What a forgotten object still held by a thread must keep: its mapping is in that thread's robust list. */
        private static final Set<Object> HELD_WHEN_FORGOTTEN = ConcurrentHashMap.newKeySet();

        static {
            try {
                HOLDER = MethodHandles.lookup().findVarHandle(State.class, "holder", Thread.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final long handle;
        final String description;
        private final AtomicInteger word = new AtomicInteger();

        /**
         * Mutexes: the thread of this process that holds the mutex through this handle (or
         * is about to take it through the fast path), or null. Changed only by CAS: from
         * null to a thread ({@link #announce}, {@link #hold}), from a thread to null by that
         * thread ({@link #letGo}), from a thread that ended to the next holder. Read by the
         * closer: a held mutex keeps its handle, and its unlock releases a closed one.
         */
        @Nullable Thread holder;

        /** What the cleaner keeps alive if the object is forgotten while held (a mutex's fast path). */
        @Nullable Object keepWhileHeld;

        State(long handle, String description) {
            this.handle = handle;
            this.description = description;
        }

        /**
         * Records the holder of a mutex just taken through the handle (the caller is a user
         * until it exits). The field may still name the previous holder, which unlocked
         * and is about to {@link #letGo}, or a thread that {@link #announce announced}
         * itself and is about to find the mutex taken: both clear it within a few
         * instructions, and this waits for that rather than overwrite them (an announcer
         * would take the mutex unseen by a close). A thread that ended holding the mutex
         * clears nothing: its hold is replaced.
         */
        void hold(Thread t) {
            for (int spins = 0;; spins++) {
                Thread h = (Thread) HOLDER.getVolatile(this);
                if (h == t || (h == null ? HOLDER.compareAndSet(this, null, t)
                        : !h.isAlive() && HOLDER.compareAndSet(this, h, t))) {
                    return;
                }
                if (spins < 100) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }

        /**
         * Announces {@code t} as the holder before a lock that needs no handle (the fast
         * path's), unless another thread holds through this handle. The CAS is a full
         * fence, so a close that comes meanwhile either sees the holder (and leaves the
         * release to {@link #letGo}) or is seen by the caller's check of
         * {@link #isClosed()} that must follow, before it touches the mutex.
         */
        boolean announce(Thread t) {
            return HOLDER.compareAndSet(this, null, t);
        }

        /**
         * Clears the holder once the mutex is unlocked (or was not taken after
         * {@link #announce}), unless the next holder took it meanwhile; then releases the
         * native object if it was closed meanwhile. The CAS is the full fence that
         * {@link #releaseIfUnused} needs.
         */
        void letGo(Thread me) {
            HOLDER.compareAndSet(this, me, null);
            releaseIfUnused();
        }

        private boolean unheld() {
            return HOLDER.getVolatile(this) == null;
        }

        /**
         * Releases the native object if it is closed, unused and not held. After clearing the
         * holder, a full fence must come first: then either the closer sees no holder, or
         * this sees the close.
         */
        void releaseIfUnused() {
            if (word.get() == CLOSED && unheld() && word.compareAndSet(CLOSED, CLOSED | RELEASED)) {
                Object keep = keepWhileHeld;
                if (keep != null) {
                    HELD_WHEN_FORGOTTEN.remove(keep); // closed while held, now let go: nothing to keep
                }
                SyncNative.close(handle);
            }
        }

        boolean isClosed() {
            return (word.get() & CLOSED) != 0;
        }

        /** Counts a user unless closed; returns whether it did. */
        boolean tryEnter() {
            for (;;) {
                int w = word.get();
                if ((w & CLOSED) != 0) {
                    return false;
                }
                if (word.compareAndSet(w, w + 1)) {
                    return true;
                }
            }
        }

        private IllegalStateException closed() {
            return new IllegalStateException(description + " is closed");
        }

        /** Counts a user; throws if closed. */
        void enter() {
            for (;;) {
                int w = word.get();
                if ((w & CLOSED) != 0) {
                    throw closed();
                }
                if (word.compareAndSet(w, w + 1)) {
                    return;
                }
            }
        }

        /** Ends a use; releases the native object if it was the last use after close. */
        void exit() {
            if (word.decrementAndGet() == CLOSED) {
                releaseIfUnused();
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
                    return w == 0 && unheld() && word.compareAndSet(CLOSED, CLOSED | RELEASED);
                }
            }
        }

        @Override
        public void run() { // the cleaner: the object was forgotten
            Object keep = keepWhileHeld;
            if (keep != null && !unheld()) {
                HELD_WHEN_FORGOTTEN.add(keep);
                if ((word.get() & RELEASED) != 0) {
                    HELD_WHEN_FORGOTTEN.remove(keep); // the holder let go meanwhile
                }
            }
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

    /** Whether waits end by themselves on close and interrupt (else: slices). */
    private static final class Cancellable {
        static final boolean WAITS = SyncNative.cancellable(); // the library is loaded: an object exists
    }

    /**
     * One native wait of at most timeoutNanos (0: try, < 0: no limit); interrupt is the
     * thread's interrupt word, or null.
     */
    interface WaitCall {
        int call(long handle, long timeoutNanos, @Nullable ByteBuffer interrupt);
    }

    /**
     * Waits up to timeoutNanos (< 0: no limit, 0: one try) while the caller has
     * {@link State#enter() entered}: in one native wait if op is cancellable and the
     * platform allows it, else in slices. Returns the outcome: ACQUIRED, TIMEOUT or
     * OWNER_DIED.
     *
     * @throws InterruptedException if interruptible and the thread is interrupted
     * @throws IllegalStateException if the object is closed meanwhile
     */
    final int waitFor(String operation, WaitCall op, long timeoutNanos, boolean interruptible, boolean cancellable)
            throws InterruptedException {
        boolean whole = cancellable && timeoutNanos != 0 && Cancellable.WAITS;
        WaitInterrupt hook = whole && interruptible ? WaitInterrupt.start() : null;
        try {
            long start = timeoutNanos > 0 ? System.nanoTime() : 0;
            for (;;) {
                if (interruptible && Thread.interrupted()) {
                    throw new InterruptedException(operation + " " + state.description + " was interrupted");
                }
                long left = timeoutNanos > 0 ? timeoutNanos - (System.nanoTime() - start) : timeoutNanos;
                if (timeoutNanos > 0 && left <= 0) {
                    left = 0; // one last try
                }
                long wait = whole || left == 0 ? left : left < 0 ? SLICE_NANOS : Math.min(left, SLICE_NANOS);
                int outcome;
                try {
                    outcome = op.call(state.handle, wait, hook == null ? null : hook.word);
                } catch (NativeException e) {
                    throw error(operation, e);
                }
                if (outcome == SyncNative.CANCELLED) {
                    if (hook != null) {
                        hook.lower(); // an interrupt shows in the thread's flag, checked next
                    }
                } else if (outcome != SyncNative.TIMEOUT || left == 0) {
                    return outcome;
                }
                if (state.isClosed()) {
                    throw new IllegalStateException(state.description + " was closed while " + operation + " waited");
                }
            }
        } finally {
            if (hook != null) {
                hook.end();
            }
        }
    }

    /**
     * {@link #waitFor} (cancellable) for a wait that no thread owns, an event's or a
     * semaphore's: from a virtual thread it is made by a platform thread while the
     * virtual thread parks ({@link CarrierFreeWait}), so that its carrier serves other
     * virtual threads meanwhile.
     */
    final int waitForAnyThread(String operation, WaitCall op, long timeoutNanos, boolean interruptible)
            throws InterruptedException {
        if (timeoutNanos == 0 || !VirtualThreads.isVirtual(Thread.currentThread())) {
            return waitFor(operation, op, timeoutNanos, interruptible, true);
        }
        if (interruptible && Thread.interrupted()) {
            throw new InterruptedException(operation + " " + state.description + " was interrupted");
        }
        return CarrierFreeWait.run(() -> waitFor(operation, op, timeoutNanos, interruptible, true), interruptible);
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
     * {@link IllegalStateException} (at once where waits are cancellable, else within
     * a few milliseconds). The object itself lives on while other handles or
     * processes have it open.
     */
    @Override
    public void close() {
        beforeClose();
        try {
            if (state.tryEnter()) { // keeps the handle alive while its waiters are woken
                try {
                    state.close();
                    if (Cancellable.WAITS) {
                        SyncNative.cancelWaits(state.handle);
                    }
                } finally {
                    state.exit(); // releases the native object unless a waiter or holder still uses it
                }
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
