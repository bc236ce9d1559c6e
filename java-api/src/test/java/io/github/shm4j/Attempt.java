/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/** A call run on a thread of its own, keeping what it threw and when it ended. */
final class Attempt {
    interface Body {
        void run() throws Exception;
    }

    private final Thread thread;
    private final AtomicReference<@Nullable Throwable> thrown = new AtomicReference<>();
    private volatile long endedAt;

    private Attempt(Body body, @Nullable Method startVirtual) throws ReflectiveOperationException {
        Runnable r = () -> {
            try {
                body.run();
            } catch (Throwable t) {
                thrown.set(t);
            } finally {
                endedAt = System.nanoTime();
            }
        };
        if (startVirtual == null) {
            thread = new Thread(r);
            thread.start();
        } else {
            thread = (Thread) startVirtual.invoke(null, r);
        }
    }

    /** Starts body on a new platform thread. */
    static Attempt start(Body body) {
        try {
            return new Attempt(body, null);
        } catch (ReflectiveOperationException cannotHappen) {
            throw new AssertionError(cannotHappen);
        }
    }

    /**
     * Starts body on a new virtual thread (through reflection: the tests compile for
     * JDK 17), or returns null on a JDK without them (before 21).
     */
    static @Nullable Attempt startVirtual(Body body) throws ReflectiveOperationException {
        Method start;
        try {
            start = Thread.class.getMethod("startVirtualThread", Runnable.class);
        } catch (NoSuchMethodException beforeJdk21) {
            return null;
        }
        return new Attempt(body, start);
    }

    void interrupt() {
        thread.interrupt();
    }

    /** Waits for the end (10 s at most) and returns what the body threw, or null. */
    @Nullable Throwable join() throws InterruptedException {
        thread.join(10_000);
        assertFalse(thread.isAlive(), "the attempt did not end within 10 s");
        return thrown.get();
    }

    /** System.nanoTime() when the body ended. */
    long endedAt() {
        return endedAt;
    }
}
