/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.sync;

import io.github.shm4j.internal.ObjectKind;
import java.time.Duration;

/**
 * A named counting semaphore between processes, with a maximum, as Win32
 * semaphores: {@link #acquire()} takes one unit, waiting while the count is 0;
 * {@link #release(int)} gives units back and returns the previous count.
 *
 * <pre>{@code
 * try (NamedSemaphore slots = NamedSemaphore.create("Local\\Slots", 4, 4)) {
 *     slots.acquire();
 *     try { ... } finally { slots.release(); }
 * }
 * }</pre>
 *
 * A semaphore has no owner: units taken by a process that dies are not given back.
 * Waiting uses no CPU, from platform or virtual threads: a virtual thread parks while
 * one of shm4j's platform threads ({@code shm4j-wait-N}) waits for it, so that its carrier
 * thread serves other virtual threads meanwhile. Instances are thread-safe.
 *
 * <p>On Windows this is the Win32 named semaphore ({@code CreateSemaphoreW}); on
 * Linux a futex word in {@code /dev/shm/X} (layout: {@code shm4j_sync.h}). The name
 * lives while some process has it open.
 */
public final class NamedSemaphore extends SyncObject {
    private NamedSemaphore(String name, long handle) {
        super(name, ObjectKind.SEMAPHORE, handle);
    }

    /**
     * Creates a new named semaphore.
     *
     * @param name the object's name, {@code Local\X}, {@code Global\X} or {@code X}, in the
     *     namespace shared with {@link io.github.shm4j.SharedMemory}
     * @param initial the count to start with, {@code 0..max}
     * @param max the largest count, at least 1
     * @return the new semaphore
     * @throws IllegalArgumentException if {@code max < 1}, {@code initial < 0} or {@code initial > max}
     * @throws io.github.shm4j.AlreadyExistsException if the name is taken
     */
    public static NamedSemaphore create(String name, int initial, int max) {
        if (max < 1 || initial < 0 || initial > max) {
            throw new IllegalArgumentException("a semaphore needs 1 <= max and 0 <= initial <= max: initial "
                    + initial + ", max " + max);
        }
        return new NamedSemaphore(name, handle(name, ObjectKind.SEMAPHORE, true, initial, max));
    }

    /**
     * Opens an existing named semaphore.
     *
     * @param name the object's name, {@code Local\X}, {@code Global\X} or {@code X}, in the
     *     namespace shared with {@link io.github.shm4j.SharedMemory}
     * @return the opened semaphore
     * @throws io.github.shm4j.NotFoundException if no object has that name
     * @throws io.github.shm4j.WrongObjectTypeException if the name belongs to another kind of object
     */
    public static NamedSemaphore open(String name) {
        return new NamedSemaphore(name, handle(name, ObjectKind.SEMAPHORE, false, 0, 0));
    }

    /**
     * Opens the named semaphore, creating it with {@code initial} and {@code max} if it does not exist.
     *
     * @param name the object's name, {@code Local\X}, {@code Global\X} or {@code X}, in the
     *     namespace shared with {@link io.github.shm4j.SharedMemory}
     * @param initial the count to start with if it is created, {@code 0..max}
     * @param max the largest count if it is created, at least 1
     * @return the opened or created semaphore
     * @throws IllegalArgumentException if {@code max < 1}, {@code initial < 0} or {@code initial > max},
     *     even if the semaphore exists
     */
    public static NamedSemaphore openOrCreate(String name, int initial, int max) {
        return openOrCreate(() -> create(name, initial, max), () -> open(name));
    }

    /**
     * Takes one unit, waiting while there is none.
     *
     * @throws InterruptedException if interrupted before or while waiting (within about 5 ms)
     */
    public void acquire() throws InterruptedException {
        take(-1);
    }

    /**
     * Takes one unit if there is one.
     *
     * @return whether a unit was taken
     */
    public boolean tryAcquire() {
        try {
            return take(0);
        } catch (InterruptedException cannotHappen) {
            throw new AssertionError(cannotHappen);
        }
    }

    /**
     * Takes one unit if one comes within {@code timeout}.
     *
     * @param timeout the longest time to wait, not negative
     * @return whether a unit was taken
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalArgumentException if the timeout is negative
     */
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        return take(nanos(timeout));
    }

    private boolean take(long timeoutNanos) throws InterruptedException {
        state.enter();
        try {
            return waitForAnyThread("acquire", SyncNative::acquire, timeoutNanos, timeoutNanos != 0)
                    == SyncNative.ACQUIRED;
        } finally {
            state.exit();
        }
    }

    /**
     * Gives back one unit; returns the count before.
     *
     * @return the count before the release
     * @throws SemaphoreFullException if the count is already the maximum (nothing is released)
     */
    public int release() {
        return release(1);
    }

    /**
     * Gives back {@code n} units, waking as many waiters; returns the count before.
     *
     * @param n how many units to give back, at least 1
     * @return the count before the release
     * @throws IllegalArgumentException if {@code n < 1}
     * @throws SemaphoreFullException if the count would pass the maximum (nothing is released)
     */
    public int release(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("release at least 1 unit: " + n);
        }
        long previous = call("release", () -> SyncNative.release(state.handle, n));
        if (previous < 0) {
            throw new SemaphoreFullException(name, n);
        }
        return (int) previous;
    }
}
