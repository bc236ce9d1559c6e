/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.sync;

import io.github.shm4j.internal.ObjectKind;
import java.time.Duration;

/**
 * A named event between processes, as Win32 events: {@link #set()} signals it,
 * {@link #await()} waits for it; an {@link EventReset#AUTO} event releases one waiter
 * per set and resets itself, a {@link EventReset#MANUAL} one stays set, releasing
 * everyone, until {@link #reset()}.
 *
 * <pre>{@code
 * try (NamedEvent ready = NamedEvent.create("Local\\Ready", EventReset.AUTO, false)) {
 *     // another process: NamedEvent.open("Local\\Ready").set();
 *     if (!ready.await(Duration.ofSeconds(5))) { ... }
 * }
 * }</pre>
 *
 * An event has no owner: if the process that should set it dies, nothing tells the
 * waiters, so wait with a timeout (or watch that process) when it may die.
 * Waiting uses no CPU, from platform or virtual threads: a virtual thread parks while
 * one of shm4j's platform threads ({@code shm4j-wait-N}) waits for it, so that its carrier
 * thread serves other virtual threads meanwhile. Instances are thread-safe.
 *
 * <p>On Windows this is the Win32 named event ({@code CreateEventW}); on Linux a
 * futex word in {@code /dev/shm/X} (layout: {@code shm4j_sync.h}). The name lives
 * while some process has it open.
 */
public final class NamedEvent extends SyncObject {
    private NamedEvent(String name, long handle) {
        super(name, ObjectKind.EVENT, handle);
    }

    /**
     * Creates a new named event.
     *
     * @param name the object's name, {@code Local\X}, {@code Global\X} or {@code X}, in the
     *     namespace shared with {@link io.github.shm4j.SharedMemory}
     * @param reset how the event resets
     * @param initiallySet whether it starts set
     * @return the new event
     * @throws io.github.shm4j.AlreadyExistsException if the name is taken
     * @throws io.github.shm4j.InvalidNameException if the name cannot work on this OS
     */
    public static NamedEvent create(String name, EventReset reset, boolean initiallySet) {
        int manual = java.util.Objects.requireNonNull(reset, "reset") == EventReset.MANUAL ? 1 : 0;
        return new NamedEvent(name, handle(name, ObjectKind.EVENT, true, manual, initiallySet ? 1 : 0));
    }

    /**
     * Opens an existing named event, keeping the reset mode it was created with.
     *
     * @param name the object's name, {@code Local\X}, {@code Global\X} or {@code X}, in the
     *     namespace shared with {@link io.github.shm4j.SharedMemory}
     * @return the opened event
     * @throws io.github.shm4j.NotFoundException if no object has that name
     * @throws io.github.shm4j.WrongObjectTypeException if the name belongs to another kind of object
     */
    public static NamedEvent open(String name) {
        return new NamedEvent(name, handle(name, ObjectKind.EVENT, false, 0, 0));
    }

    /**
     * Opens the named event, creating it with {@code reset} and {@code initiallySet} if it does not exist.
     *
     * @param name the object's name, {@code Local\X}, {@code Global\X} or {@code X}, in the
     *     namespace shared with {@link io.github.shm4j.SharedMemory}
     * @param reset how the event resets, if it is created
     * @param initiallySet whether it starts set, if it is created
     * @return the opened or created event
     */
    public static NamedEvent openOrCreate(String name, EventReset reset, boolean initiallySet) {
        return openOrCreate(() -> create(name, reset, initiallySet), () -> open(name));
    }

    /** Sets the event, releasing one waiter (auto reset) or all (manual reset). */
    public void set() {
        call("set", () -> {
            SyncNative.set(state.handle);
            return 0;
        });
    }

    /** Resets the event. */
    public void reset() {
        call("reset", () -> {
            SyncNative.reset(state.handle);
            return 0;
        });
    }

    /**
     * Waits until the event is set (and, with auto reset, resets it).
     *
     * @throws InterruptedException if interrupted before or while waiting (within about 5 ms)
     * @throws IllegalStateException if this is closed, before or while waiting
     */
    public void await() throws InterruptedException {
        awaitNanos(-1);
    }

    /**
     * Waits at most {@code timeout} ({@link Duration#ZERO}: only checks) for the event.
     *
     * @param timeout the longest time to wait, not negative
     * @return whether the event was set (and, with auto reset, taken by this call)
     * @throws InterruptedException if interrupted before or while waiting
     * @throws IllegalArgumentException if the timeout is negative
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return awaitNanos(nanos(timeout));
    }

    private boolean awaitNanos(long timeoutNanos) throws InterruptedException {
        state.enter();
        try {
            return waitForAnyThread("await", SyncNative::await, timeoutNanos, true) == SyncNative.ACQUIRED;
        } finally {
            state.exit();
        }
    }
}
