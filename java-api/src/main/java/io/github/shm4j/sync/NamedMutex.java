/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.sync;

import io.github.shm4j.internal.ObjectKind;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
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
 * The name lives while some process has it open.
 */
public final class NamedMutex extends SyncObject {
    private static final @Nullable MethodHandle IS_VIRTUAL = isVirtualHandle();
    private static final VarHandle OWNER;

    static {
        try {
            OWNER = MethodHandles.lookup().findVarHandle(NamedMutex.class, "owner", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The Java thread holding the mutex through this handle, and how often; written by
     * the holder, except that a holder that died is cleared once, by CAS, by the
     * thread that takes the mutex next (see {@link #forgetDeadOwner}).
     */
    private @Nullable Thread owner;
    private int holds;

    private NamedMutex(String name, long handle) {
        super(name, ObjectKind.MUTEX, handle);
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
        try {
            acquire("lock", -1, false);
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
        acquire("lock", -1, true);
    }

    /**
     * Acquires the mutex if it is free (or already held by this thread).
     *
     * @return whether this thread holds it now
     * @throws OwnerDiedException if the previous owner died holding it (now held by this thread)
     */
    public boolean tryLock() {
        try {
            return acquire("tryLock", 0, false);
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
        return acquire("tryLock", nanos(timeout), true);
    }

    private boolean acquire(String operation, long timeoutNanos, boolean interruptible) throws InterruptedException {
        Thread me = Thread.currentThread();
        refuseVirtual(me);
        if (owner == me) {
            if (holds == Integer.MAX_VALUE) {
                throw new Error("maximum lock count exceeded");
            }
            holds++;
            return true;
        }
        state.enter();
        int outcome = SyncNative.TIMEOUT;
        try {
            outcome = waitFor(operation, SyncNative::lock, timeoutNanos, interruptible, true);
            if (outcome == SyncNative.TIMEOUT) {
                return false;
            }
            Thread previous = owner;
            if (previous != null) {
                forgetDeadOwner(previous); // a thread of this process that ended holding it
            }
            owner = me;
            holds = 1;
        } finally {
            if (outcome == SyncNative.TIMEOUT) {
                state.exit(); // else the hold keeps the handle in use until unlock
            }
        }
        if (outcome == SyncNative.OWNER_DIED) {
            throw new OwnerDiedException(operation, name);
        }
        return true;
    }

    /**
     * Releases one hold; the last one unlocks the mutex. Works after {@link #close()}
     * too, so that a holder can always let go.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold it
     */
    public void unlock() {
        if (owner != Thread.currentThread()) {
            throw new IllegalMonitorStateException("the current thread does not hold " + state.description);
        }
        if (--holds > 0) {
            return;
        }
        owner = null;
        try {
            SyncNative.unlock(state.handle);
        } catch (io.github.shm4j.internal.NativeException e) {
            throw error("unlock", e);
        } finally {
            state.exit();
        }
    }

    /**
     * Whether the calling thread holds the mutex through this handle.
     *
     * @return {@code true} if the calling thread locked it through this handle and has not yet
     *     released its last hold
     */
    public boolean isHeldByCurrentThread() {
        return owner == Thread.currentThread();
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
        if (owner == Thread.currentThread()) {
            holds = 1;
            unlock();
        }
    }

    /** Ends the hold of a thread of this process that ended holding the mutex; once. */
    private void forgetDeadOwner(Thread dead) {
        if (OWNER.compareAndSet(this, dead, null)) {
            state.exit();
        }
    }

    private static void refuseVirtual(Thread t) {
        if (IS_VIRTUAL == null) {
            return;
        }
        boolean virtual;
        try {
            virtual = (boolean) IS_VIRTUAL.invokeExact(t);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        if (virtual) {
            throw new IllegalStateException("a NamedMutex belongs to an OS thread, and a virtual thread can move"
                    + " between OS threads: lock it from a platform thread (e.g. Thread.ofPlatform() or an"
                    + " executor of platform threads)");
        }
    }

    private static @Nullable MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual",
                    MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException beforeJdk21) {
            return null;
        }
    }
}
