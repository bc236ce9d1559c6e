/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.sync;

import io.github.shm4j.internal.NativeException;
import io.github.shm4j.internal.ObjectKind;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A named mutex between processes, reentrant like {@link java.util.concurrent.locks.ReentrantLock}
 * and Win32 mutexes, robust to a killed owner:
 *
 * <pre>{@code
 * try (NamedMutex m = NamedMutex.openOrCreate("Local\\Counter")) {
 *     m.lock();
 *     try {
 *         // ... the shared data ...
 *     } finally {
 *         m.unlock();
 *     }
 * }
 * }</pre>
 *
 * <h2>Owner death</h2>
 * If the thread holding the mutex dies (its process is killed, or it ends without
 * unlocking), the next {@code lock} or {@code tryLock}, in any process, acquires it
 * and throws {@link OwnerDiedException} <em>with the lock held</em>: repair the data
 * it protects, then go on or unlock. A thread blocked at that moment is woken at
 * once. <b>A Java thread that ends while holding the mutex counts as a dead owner</b>,
 * as on Win32: the next locker gets {@code OwnerDiedException}.
 *
 * <h2>Threads</h2>
 * Ownership belongs to the OS thread, so the holder must be a platform thread:
 * a virtual thread can move between carrier threads, and calling {@code lock} or
 * {@code tryLock} from one throws {@link IllegalStateException} at once (run the
 * critical section on a platform thread, e.g. an executor of platform threads).
 * The hold count and {@link #isHeldByCurrentThread()} are kept per Java thread and
 * per instance: lock through one instance per name in a thread. (A thread that holds
 * the mutex through one instance and locks it through a second one of the same name
 * gets a {@link io.github.shm4j.SharedMemoryException} ({@code EDEADLK}) on Linux, and
 * a second, nested hold on Windows.) Instances are thread-safe; several threads of
 * one process may share one.
 *
 * <h2>Platforms</h2>
 * On Windows this is the Win32 named mutex ({@code CreateMutexW}); on Linux a robust
 * process-shared pthread mutex in {@code /dev/shm/X} (layout: {@code shm4j_sync.h}).
 * With glibc, a free mutex is locked and unlocked in Java, with the steps of glibc's own
 * {@code pthread_mutex_lock} and {@code pthread_mutex_unlock}, and without a JNI call.
 * The name lives while some process has it open.
 */
public final class NamedMutex extends SyncObject {

    /** Locks and unlocks without JNI while the mutex is free (Linux, glibc), or null. */
    private final @Nullable NamedMutexFastPath fast;

    /** How often {@link State#holder} holds it; written by the holder only. */
    private int holds;

    /** The robust list of the thread that used the fast path last (immutable; racy by design). */
    private NamedMutexFastPath.@Nullable ThreadList lastList;

    private NamedMutex(String name, long handle) {
        super(name, ObjectKind.MUTEX, handle);
        this.fast = NamedMutexFastPath.attach(handle);
        state.keepWhileHeld = fast;
    }

    /**
     * Creates a new named mutex, unlocked.
     *
     * @param name the object's name, {@code Local\X}, {@code Global\X} or {@code X}, in the
     *     namespace shared with {@link io.github.shm4j.SharedMemory}
     * @return the new mutex
     * @throws io.github.shm4j.AlreadyExistsException if the name is taken (on Linux, a name
     *         that no live process holds is replaced)
     * @throws io.github.shm4j.InvalidNameException if the name cannot work on this OS
     */
    public static NamedMutex create(String name) {
        return new NamedMutex(name, handle(name, ObjectKind.MUTEX, true, 0, 0));
    }

    /**
     * Opens an existing named mutex.
     *
     * @param name the object's name, {@code Local\X}, {@code Global\X} or {@code X}, in the
     *     namespace shared with {@link io.github.shm4j.SharedMemory}
     * @return the opened mutex
     * @throws io.github.shm4j.NotFoundException if no object has that name
     * @throws io.github.shm4j.WrongObjectTypeException if the name belongs to another kind of object
     * @throws io.github.shm4j.PermissionDeniedException if the OS refuses
     */
    public static NamedMutex open(String name) {
        return new NamedMutex(name, handle(name, ObjectKind.MUTEX, false, 0, 0));
    }

    /**
     * Opens the named mutex, creating it if it does not exist.
     *
     * @param name the object's name, {@code Local\X}, {@code Global\X} or {@code X}, in the
     *     namespace shared with {@link io.github.shm4j.SharedMemory}
     * @return the opened or created mutex
     */
    public static NamedMutex openOrCreate(String name) {
        return openOrCreate(() -> create(name), () -> open(name));
    }

    /**
     * Acquires the mutex, waiting as long as it takes; interrupts do not end the wait
     * (the interrupt status is kept). Reentrant: a thread that holds it only counts up.
     *
     * @throws OwnerDiedException if the previous owner died holding it (now held by this thread)
     * @throws IllegalStateException if this is closed, or called from a virtual thread
     */
    public void lock() {
        NamedMutexFastPath.ThreadList tried = lastList;
        if (lockedFast(tried)) {
            return;
        }
        try {
            acquire("lock", -1, false, tried);
        } catch (InterruptedException cannotHappen) {
            throw new AssertionError(cannotHappen);
        }
    }

    /**
     * Acquires the mutex unless the thread is interrupted.
     *
     * @throws InterruptedException if interrupted before or while waiting (within about 5 ms)
     * @throws OwnerDiedException if the previous owner died holding it (now held by this thread)
     */
    public void lockInterruptibly() throws InterruptedException {
        acquire("lock", -1, true, null);
    }

    /**
     * Acquires the mutex if it is free (or already held by this thread).
     *
     * @return whether this thread holds it now
     * @throws OwnerDiedException if the previous owner died holding it (now held by this thread)
     */
    public boolean tryLock() {
        NamedMutexFastPath.ThreadList tried = lastList;
        if (lockedFast(tried)) {
            return true;
        }
        try {
            return acquire("tryLock", 0, false, tried);
        } catch (InterruptedException cannotHappen) {
            throw new AssertionError(cannotHappen);
        }
    }

    /**
     * Acquires the mutex if it becomes free within {@code timeout} ({@link Duration#ZERO}: try once).
     *
     * @param timeout the longest time to wait, not negative
     * @return whether this thread holds it now
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalArgumentException if the timeout is negative
     * @throws OwnerDiedException if the previous owner died holding it (now held by this thread)
     */
    public boolean tryLock(Duration timeout) throws InterruptedException {
        return acquire("tryLock", nanos(timeout), true, null);
    }

    /**
     * The general lock; {@code tried} is the list that {@link #lockedFast} just tried (or
     * null), so that a busy mutex is not tried on the fast path twice before the wait.
     */
    private boolean acquire(String operation, long timeoutNanos, boolean interruptible,
            NamedMutexFastPath.@Nullable ThreadList tried) throws InterruptedException {
        Thread me = Thread.currentThread();
        refuseVirtual(me);
        if (state.holder == me) {
            if (holds == Integer.MAX_VALUE) {
                throw new Error("maximum lock count exceeded");
            }
            holds++;
            return true;
        }
        NamedMutexFastPath f = fast;
        if (f != null) {
            NamedMutexFastPath.ThreadList t = NamedMutexFastPath.thread(me, lastList);
            if (t != null && t != tried && state.announce(me) && lockAnnounced(f, t, me)) {
                return true;
            }
        }
        state.enter(); // throws if closed
        int outcome;
        try {
            outcome = waitFor(operation, SyncNative::lock, timeoutNanos, interruptible, true);
            if (outcome == SyncNative.TIMEOUT) {
                return false;
            }
            took(me); // replaces a thread of this process that ended holding it
        } finally {
            state.exit(); // the hold (State.holder) keeps the handle until unlock
        }
        if (outcome == SyncNative.OWNER_DIED) {
            throw new OwnerDiedException(operation, name);
        }
        return true;
    }

    /** The fast path, or null where there is none (for tests). */
    @Nullable NamedMutexFastPath fastPath() {
        return fast;
    }

    /**
     * The common case in few bytecodes, so that it inlines: a free mutex, locked by the
     * platform thread that used the fast path last. False sends the caller to
     * {@link #acquire}, which handles the rest (and tries the fast path where this did not).
     */
    private boolean lockedFast(NamedMutexFastPath.@Nullable ThreadList t) {
        NamedMutexFastPath f = fast;
        Thread me = Thread.currentThread(); // a platform thread if it is t's
        return f != null && t != null && t.thread == me && state.announce(me) && lockAnnounced(f, t, me);
    }

    /**
     * The fast path's lock, once {@link State#announce announced}: a close that came
     * meanwhile either saw this thread as the holder (and leaves the release to its
     * unlock), or is seen here before the mutex is touched. So a lock never takes the
     * private zero memory that a released handle leaves where the mutex was (the close
     * retires the mapping), and never takes the mutex for a handle that is gone.
     */
    private boolean lockAnnounced(NamedMutexFastPath f, NamedMutexFastPath.ThreadList t, Thread me) {
        if (!state.isClosed() && f.tryLock(t)) {
            holds = 1;
            if (lastList != t) { // written only on a change: a reference store has GC barriers
                lastList = t;
            }
            return true;
        }
        state.letGo(me); // a close meanwhile: the caller's slow path throws
        return false;
    }

    private void took(Thread me) {
        holds = 1;
        state.hold(me);
    }

    /**
     * Releases one hold; the last one unlocks the mutex. Works after {@link #close()}
     * too, so that a holder can always let go.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold it
     */
    public void unlock() {
        Thread me = Thread.currentThread();
        if (state.holder != me) {
            throw new IllegalMonitorStateException("the current thread does not hold " + state.description);
        }
        if (--holds > 0) {
            return;
        }
        NamedMutexFastPath f = fast;
        if (f == null) {
            unlockThroughHandle(me);
            return;
        }
        // the holder is cleared only after the unlock: a close that sees it leaves the
        // release (which retires the mapping) to letGo, so the unlock always reaches the mutex
        try {
            NamedMutexFastPath.ThreadList t = lastList;
            if (t == null || t.thread != me || !f.tryUnlock(t)) {
                unlockSlow(f, me);
            }
        } finally {
            state.letGo(me);
        }
    }

    private void unlockThroughHandle(Thread me) {
        try {
            SyncNative.unlock(state.handle); // the hold keeps the handle open meanwhile
        } catch (NativeException e) {
            throw error("unlock", e);
        } finally {
            state.letGo(me);
        }
    }

    /** The fast path's unlock where its list is not this thread's alone (or not known): glibc's. */
    private void unlockSlow(NamedMutexFastPath f, Thread me) {
        try {
            NamedMutexFastPath.ThreadList t = NamedMutexFastPath.thread(me, null);
            if (t == null || !f.tryUnlock(t)) {
                f.unlockSlow();
            }
        } catch (NativeException e) {
            throw error("unlock", e);
        }
    }

    /**
     * Whether the calling thread holds the mutex through this handle.
     *
     * @return {@code true} if the calling thread locked it through this handle and has not yet
     *     released its last hold
     */
    public boolean isHeldByCurrentThread() {
        return state.holder == Thread.currentThread();
    }

    /**
     * How many holds the calling thread has (0 if it does not hold it).
     *
     * @return the calling thread's number of holds through this handle, 0 if none
     */
    public int getHoldCount() {
        return isHeldByCurrentThread() ? holds : 0;
    }

    /**
     * Closes this handle. If the calling thread holds the mutex, it is unlocked
     * first. If another thread of this process holds it, the handle is released when
     * that thread unlocks. If a thread of this process ended holding it and no thread
     * locked it through this handle since, the OS handle stays open until the JVM
     * ends (and with it, on Linux, the name): releasing it would need taking the
     * mutex, which would consume the owner's death that the next locker must see.
     */
    @Override
    public void close() {
        super.close();
    }

    @Override
    void beforeClose() {
        if (state.holder == Thread.currentThread()) {
            holds = 1;
            unlock();
        }
    }

    private static void refuseVirtual(Thread t) {
        if (VirtualThreads.isVirtual(t)) {
            throw new IllegalStateException("a NamedMutex belongs to an OS thread, and a virtual thread can move"
                    + " between OS threads: lock it from a platform thread (e.g. Thread.ofPlatform() or an"
                    + " executor of platform threads)");
        }
    }
}
