/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A second platform thread of this process that runs steps one at a time, always the
 * same thread (a mutex belongs to a thread): what another thread of the process does,
 * for in-JVM tests of cross-thread behaviour. Every wait is bounded.
 */
final class OtherThread implements AutoCloseable {
    interface Step {
        void run() throws Exception;
    }

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "shm4j-test-other-thread");
        t.setDaemon(true);
        return t;
    });

    /** Runs {@code step} on the other thread and returns its result (60 s at most). */
    <T> T call(Callable<T> step) throws Exception {
        return unwrap(thread.submit(step));
    }

    /** {@link #call} for a step that answers yes or no. */
    boolean is(Callable<Boolean> step) throws Exception {
        return call(step);
    }

    /** Runs {@code step} on the other thread and waits for its end (60 s at most). */
    void run(Step step) throws Exception {
        call(() -> {
            step.run();
            return null;
        });
    }

    /** Starts {@code step} on the other thread without waiting. */
    <T> Future<T> start(Callable<T> step) {
        return thread.submit(step);
    }

    /** Starts {@code step} on the other thread without waiting. */
    Future<Void> startRun(Step step) {
        return thread.submit(() -> {
            step.run();
            return null;
        });
    }

    /**
     * Asserts that {@code step} has not ended after a moment: for a step that cannot end
     * before the test lets it (a wait on a held mutex, an unset event), so this can fail
     * only if the step wrongly ended early.
     */
    static void assertStillWaiting(Future<?> step, String what) throws InterruptedException {
        Thread.sleep(50);
        assertFalse(step.isDone(), what + " ended while it should still wait");
    }

    /** What {@code step} returned, or what it threw (unwrapped), waiting 60 s at most. */
    static <T> T unwrap(Future<T> step) throws Exception {
        try {
            return step.get(TestSupport.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw e;
        } catch (TimeoutException e) {
            step.cancel(true);
            throw new AssertionError("the other thread's step did not end within " + TestSupport.TIMEOUT, e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(TestSupport.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the other thread did not end within " + TestSupport.TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
