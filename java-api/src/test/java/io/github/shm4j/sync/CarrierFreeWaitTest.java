/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link CarrierFreeWait} on its own, from platform threads (it works from any thread; the
 * sync objects use it from virtual ones, see {@code VirtualThreadWaitIT}).
 */
class CarrierFreeWaitTest {
    @Test
    void theWaitRunsOnADaemonPoolThreadAndItsOutcomeIsReturned() throws Exception {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        int outcome = CarrierFreeWait.run(() -> {
            ranOn.set(Thread.currentThread());
            return 42;
        }, true);
        assertEquals(42, outcome);
        assertNotSame(Thread.currentThread(), ranOn.get());
        assertTrue(ranOn.get().getName().startsWith("shm4j-wait-"), ranOn.get().getName());
        assertTrue(ranOn.get().isDaemon());
        assertEquals(null, ranOn.get().getContextClassLoader());
    }

    @Test
    void whatTheWaitThrowsIsThrown() {
        IllegalStateException closed = new IllegalStateException("closed");
        assertSame(closed, assertThrows(IllegalStateException.class, () -> CarrierFreeWait.run(() -> {
            throw closed;
        }, true)));
        AssertionError error = new AssertionError("an error");
        assertSame(error, assertThrows(AssertionError.class, () -> CarrierFreeWait.run(() -> {
            throw error;
        }, true)));
    }

    /** Runs CarrierFreeWait.run(wait, interruptible) on a new thread; interrupts it once the wait runs. */
    private static Thread interruptedCaller(CarrierFreeWait.Wait wait, boolean interruptible, CountDownLatch waiting,
            AtomicReference<Object> result, AtomicBoolean flagAfter) throws InterruptedException {
        Thread caller = new Thread(() -> {
            try {
                result.set(CarrierFreeWait.run(wait, interruptible));
            } catch (Throwable t) {
                result.set(t);
            }
            flagAfter.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        assertTrue(waiting.await(10, TimeUnit.SECONDS));
        caller.interrupt();
        caller.join(10_000);
        assertFalse(caller.isAlive());
        return caller;
    }

    @Test
    void anInterruptOfTheCallerEndsTheWaitWithInterruptedException() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicReference<Object> result = new AtomicReference<>();
        AtomicBoolean flagAfter = new AtomicBoolean(true);
        interruptedCaller(() -> {
            waiting.countDown();
            Thread.sleep(60_000);
            return 1;
        }, true, waiting, result, flagAfter);
        assertTrue(result.get() instanceof InterruptedException, String.valueOf(result.get()));
        assertFalse(flagAfter.get(), "the exception takes the interrupt, as for any InterruptedException");
        // the pool thread that was interrupted starts the next wait without an interrupt
        assertEquals(0, CarrierFreeWait.run(() -> Thread.currentThread().isInterrupted() ? 1 : 0, true));
    }

    @Test
    void aWaitThatSucceedsDespiteTheInterruptReturnsItsOutcomeAndTheFlagIsSetAgain() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicReference<Object> result = new AtomicReference<>();
        AtomicBoolean flagAfter = new AtomicBoolean();
        AtomicBoolean poolThreadInterrupted = new AtomicBoolean();
        interruptedCaller(() -> {
            waiting.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                poolThreadInterrupted.set(true); // and it succeeds all the same, as a wait that got its unit first
            }
            return 7;
        }, true, waiting, result, flagAfter);
        assertTrue(poolThreadInterrupted.get());
        assertEquals(7, result.get());
        assertTrue(flagAfter.get());
    }

    @Test
    void anUninterruptibleWaitIsLetFinishAndTheFlagIsSetAgain() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Object> result = new AtomicReference<>();
        AtomicBoolean flagAfter = new AtomicBoolean();
        AtomicBoolean poolThreadInterrupted = new AtomicBoolean();
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            release.countDown();
        });
        releaser.start();
        interruptedCaller(() -> {
            waiting.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                poolThreadInterrupted.set(true);
            }
            return 5;
        }, false, waiting, result, flagAfter);
        assertFalse(poolThreadInterrupted.get(), "not interruptible: the pool thread is left alone");
        assertEquals(5, result.get());
        assertTrue(flagAfter.get());
    }
}
