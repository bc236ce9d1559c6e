/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/** A call run on a platform thread of its own, keeping what it threw and when it ended. */
final class Attempt {
    interface Body {
        void run() throws Exception;
    }

    private final Thread thread;
    private final AtomicReference<@Nullable Throwable> thrown = new AtomicReference<>();
    private volatile long endedAt;

    private Attempt(Body body) {
        thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                thrown.set(t);
            } finally {
                endedAt = System.nanoTime();
            }
        });
    }

    /** Starts body on a new thread. */
    static Attempt start(Body body) {
        Attempt a = new Attempt(body);
        a.thread.start();
        return a;
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
