/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A close of one handle racing a lock or an unlock through it, in another thread, many
 * times, with the close started a random few microseconds after the other thread: the
 * mutex itself (seen through a second handle) must never be taken twice, nor stay
 * locked by nobody. On Linux the close retires the handle's mapping; a lock or unlock
 * that reached that private memory instead of the mutex would break both.
 */
class MutexCloseRaceIT {
    private static final int ROUNDS = 2000;
    private String name;
    private NamedMutex other;
    private ExecutorService checker;

    @BeforeEach
    void setUp() {
        name = "shm4j-it-" + ProcessHandle.current().pid() + "-close-race";
        other = NamedMutex.create(name);
        checker = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void tearDown() {
        checker.shutdownNow();
        other.close();
    }

    /** Whether another thread can take the mutex through the second handle (and lets it go again). */
    private boolean othersCanLock(Duration wait) throws Exception {
        return checker.submit(() -> {
            boolean got = other.tryLock(wait);
            if (got) {
                other.unlock();
            }
            return got;
        }).get();
    }

    private static void spinRandomly() {
        long until = System.nanoTime() + ThreadLocalRandom.current().nextLong(200_000);
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    @Test
    void aLockRacingCloseEitherFailsOrHoldsTheMutexItself() throws Exception {
        int locked = 0;
        for (int i = 0; i < ROUNDS; i++) {
            NamedMutex m = NamedMutex.open(name);
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch tried = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicBoolean held = new AtomicBoolean();
            Thread locker = new Thread(() -> {
                try {
                    go.await();
                    try {
                        m.lock();
                        held.set(true);
                    } catch (IllegalStateException closed) {
                        // the close came first
                    }
                    tried.countDown();
                    release.await();
                    if (held.get()) {
                        m.unlock(); // a holder can always let go, closed or not
                    }
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            locker.start();
            go.countDown();
            spinRandomly();
            m.close();
            tried.await();
            assertEquals(!held.get(), othersCanLock(Duration.ZERO),
                    "round " + i + ": the lock " + (held.get() ? "returned, so" : "failed, so not") + " held");
            locked += held.get() ? 1 : 0;
            release.countDown();
            locker.join();
            assertTrue(othersCanLock(Duration.ZERO), "round " + i + ": free after the unlock");
        }
        System.out.println("lock racing close: the lock won " + locked + " of " + ROUNDS + " rounds");
    }

    @Test
    void anUnlockRacingCloseAlwaysFreesTheMutexItself() throws Exception {
        for (int i = 0; i < ROUNDS; i++) {
            NamedMutex m = NamedMutex.open(name);
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch go = new CountDownLatch(1);
            Thread holder = new Thread(() -> {
                m.lock();
                held.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                m.unlock();
            });
            holder.start();
            held.await();
            go.countDown();
            spinRandomly();
            m.close();
            holder.join();
            assertTrue(othersCanLock(Duration.ofSeconds(5)), "round " + i + ": the mutex is free again");
        }
    }
}
