/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.shm4j.sync.EventReset;
import io.github.shm4j.sync.NamedEvent;
import io.github.shm4j.sync.NamedSemaphore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Event and semaphore waits from virtual threads leave the carrier threads free: with more
 * virtual threads waiting than there are carriers (one per CPU), the virtual thread that
 * ends their waits still runs. Before, each waiter kept its carrier in the native wait and
 * the setter ran only when the waits timed out. On JDK 17 (no virtual threads) each test
 * checks that it runs there and returns.
 */
class VirtualThreadWaitIT {
    /** More waiters than the virtual thread scheduler has carriers. */
    private static final int WAITERS = Runtime.getRuntime().availableProcessors() + 1;

    interface Waiter {
        boolean await() throws Exception;
    }

    /**
     * Starts {@link #WAITERS} virtual threads that each count down {@code started} and then
     * wait with {@code waiter}, and a virtual thread that runs {@code ender} once they all
     * started; returns how many waits succeeded, or null on JDK 17.
     */
    private static @Nullable Integer waitersAndEnder(Waiter waiter, Attempt.Body ender) throws Exception {
        CountDownLatch started = new CountDownLatch(WAITERS);
        AtomicInteger succeeded = new AtomicInteger();
        List<Attempt> waiters = new ArrayList<>();
        for (int i = 0; i < WAITERS; i++) {
            Attempt a = Attempt.startVirtual(() -> {
                started.countDown();
                if (waiter.await()) {
                    succeeded.incrementAndGet();
                }
            });
            if (a == null) {
                assertEquals(17, Runtime.version().feature()); // no virtual threads before JDK 21
                return null;
            }
            waiters.add(a);
        }
        Attempt end = Attempt.startVirtual(() -> {
            started.await();
            Thread.sleep(200); // let them reach their waits (a later waiter finds the wait over)
            ender.run();
        });
        assertEquals(null, end.join());
        for (Attempt a : waiters) {
            assertEquals(null, a.join());
        }
        return succeeded.get();
    }

    @Test
    void moreVirtualThreadsAwaitingAnEventThanCarriersAllWakeWhenAVirtualThreadSetsIt() throws Exception {
        try (NamedEvent e = NamedEvent.create(TestSupport.uniqueName("vt-event"), EventReset.MANUAL, false)) {
            Integer woke = waitersAndEnder(() -> e.await(Duration.ofSeconds(8)), e::set);
            if (woke != null) {
                assertEquals(WAITERS, woke, "waiters that saw the set (the others timed out)");
            }
        }
    }

    @Test
    void moreVirtualThreadsAcquiringASemaphoreThanCarriersAllGetTheUnitsAVirtualThreadReleases() throws Exception {
        try (NamedSemaphore s = NamedSemaphore.create(TestSupport.uniqueName("vt-sem"), 0, WAITERS)) {
            Integer got = waitersAndEnder(() -> s.tryAcquire(Duration.ofSeconds(8)), () -> s.release(WAITERS));
            if (got != null) {
                assertEquals(WAITERS, got, "acquirers that got a unit (the others timed out)");
                assertEquals(false, s.tryAcquire(), "each unit taken once");
            }
        }
    }

    /** A virtual thread awaiting {@code e} for 60 s, started 100 ms ago; null on JDK 17. */
    private static @Nullable Attempt awaitingOnAVirtualThread(NamedEvent e) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Attempt v = Attempt.startVirtual(() -> {
            started.countDown();
            e.await(Duration.ofSeconds(60));
        });
        if (v == null) {
            assertEquals(17, Runtime.version().feature());
            return null;
        }
        started.await();
        Thread.sleep(100);
        return v;
    }

    @Test
    void aVirtualThreadInterruptedWhileItAwaitsGetsInterruptedExceptionAndTheNextWaitWorks() throws Exception {
        try (NamedEvent e = NamedEvent.create(TestSupport.uniqueName("vt-intr"), EventReset.AUTO, false)) {
            Attempt v = awaitingOnAVirtualThread(e);
            if (v == null) {
                return;
            }
            v.interrupt();
            Throwable t = v.join(); // within 10 s, not the 60 of the wait
            assertInstanceOf(InterruptedException.class, t);
            assertTrue(t.getMessage().contains("await"), t.getMessage());
            // the pool thread that waited is clean: the next virtual wait is not cut short
            AtomicInteger outcome = new AtomicInteger(-1);
            Attempt next = Attempt.startVirtual(() -> outcome.set(e.await(Duration.ofSeconds(8)) ? 1 : 0));
            Thread.sleep(100);
            e.set();
            assertEquals(null, next.join());
            assertEquals(1, outcome.get());
        }
    }

    @Test
    void closingAnEventWhileAVirtualThreadAwaitsItEndsTheWaitWithIllegalStateException() throws Exception {
        NamedEvent e = NamedEvent.create(TestSupport.uniqueName("vt-close"), EventReset.AUTO, false);
        try {
            Attempt v = awaitingOnAVirtualThread(e);
            if (v == null) {
                return;
            }
            e.close();
            Throwable t = v.join();
            assertInstanceOf(IllegalStateException.class, t);
            assertTrue(t.getMessage().contains("closed"), t.getMessage());
        } finally {
            e.close();
        }
    }
}
