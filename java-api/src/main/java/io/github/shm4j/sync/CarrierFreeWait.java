/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.sync;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Makes the native waits of virtual threads on platform threads. A virtual thread blocked
 * in native code keeps its carrier thread, and the JDK adds no carrier for it, so as many
 * waiting virtual threads as carriers (one per CPU by default) would stop every other
 * virtual thread, the one that would end their waits too. Here the virtual thread parks
 * while a pool thread waits; interrupting the virtual thread interrupts that thread, which
 * ends the wait as an interrupt of its own would. Pool threads end after 1 s idle; beyond
 * {@link #MAX_THREADS} at once (the JDK's own limit for the threads it adds), a wait stays
 * on its virtual thread.
 */
final class CarrierFreeWait {
    /** A wait; returns its outcome (see {@link SyncNative}). */
    interface Wait {
        int run() throws InterruptedException;
    }

    static final int MAX_THREADS = 256;
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(0, MAX_THREADS, 1, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "shm4j-wait-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                t.setContextClassLoader(null); // pins no application's class loader
                return t;
            });

    private CarrierFreeWait() {}

    /**
     * Runs {@code wait} on a pool thread and parks until it ends. An interrupt meanwhile
     * interrupts the pool thread if {@code interruptible}; if the wait ended by it, this
     * throws {@link InterruptedException}, and if the wait succeeded first, this returns its
     * outcome with the interrupt flag set again.
     */
    static int run(Wait wait, boolean interruptible) throws InterruptedException {
        Task task = new Task(wait);
        try {
            POOL.execute(task);
        } catch (RejectedExecutionException full) {
            return wait.run(); // on the carrier, as without this class
        }
        boolean interrupted = false;
        for (;;) {
            try {
                task.done.await(); // parks the virtual thread: the carrier is free
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                if (interruptible) {
                    task.interruptRunner();
                }
            }
        }
        Throwable failure = task.failure;
        if (failure instanceof InterruptedException) {
            throw new InterruptedException(failure.getMessage());
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        if (failure != null) {
            throw (Error) failure;
        }
        return task.outcome;
    }

    private static final class Task implements Runnable {
        final Wait wait;
        final CountDownLatch done = new CountDownLatch(1);
        int outcome;
        @Nullable Throwable failure;
        private @Nullable Thread runner;
        private boolean interruptAsked;

        Task(Wait wait) {
            this.wait = wait;
        }

        @Override
        public void run() {
            synchronized (this) {
                runner = Thread.currentThread();
                if (interruptAsked) {
                    runner.interrupt();
                }
            }
            try {
                outcome = wait.run();
            } catch (InterruptedException | RuntimeException | Error e) {
                failure = e;
            } finally {
                synchronized (this) {
                    runner = null;
                }
                Thread.interrupted(); // an interrupt for this task must not reach the next one
                done.countDown();
            }
        }

        synchronized void interruptRunner() {
            interruptAsked = true;
            if (runner != null) {
                runner.interrupt();
            }
        }
    }
}
