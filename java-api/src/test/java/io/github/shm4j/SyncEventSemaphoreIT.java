/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.shm4j.testkit.ChildProcess;
import io.github.shm4j.sync.EventReset;
import io.github.shm4j.sync.NamedEvent;
import io.github.shm4j.sync.NamedSemaphore;
import io.github.shm4j.sync.SemaphoreFullException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** NamedEvent and NamedSemaphore: semantics in one process and across two, waits, interrupts, CPU. */
class SyncEventSemaphoreIT {

    @Test
    void autoResetReleasesOneWaiterPerSet() throws Exception {
        try (NamedEvent e = NamedEvent.create(TestSupport.uniqueName("event"), EventReset.AUTO, true)) {
            assertTrue(e.await(Duration.ZERO));
            assertFalse(e.await(Duration.ZERO), "taken by the first await");
            e.set();
            e.set(); // not counted twice
            assertTrue(e.await(Duration.ZERO));
            assertFalse(e.await(Duration.ofMillis(20)));
            e.set();
            e.reset();
            assertFalse(e.await(Duration.ZERO));
        }
    }

    @Test
    void manualResetReleasesEveryoneUntilReset() throws Exception {
        try (NamedEvent e = NamedEvent.create(TestSupport.uniqueName("event"), EventReset.MANUAL, false)) {
            assertFalse(e.await(Duration.ZERO));
            Thread[] waiters = new Thread[3];
            AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int i = 0; i < waiters.length; i++) {
                waiters[i] = new Thread(() -> {
                    try {
                        e.await();
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                });
                waiters[i].start();
            }
            Thread.sleep(100);
            e.set();
            for (Thread w : waiters) {
                w.join(10_000);
                assertFalse(w.isAlive());
            }
            assertEquals(null, failure.get());
            assertTrue(e.await(Duration.ZERO), "still set");
            e.reset();
            assertFalse(e.await(Duration.ZERO));
        }
    }

    @Test
    void eventHandshakeBetweenTwoProcesses() throws Exception {
        String name = TestSupport.uniqueName("event");
        try (NamedEvent e = NamedEvent.create(name, EventReset.AUTO, false)) {
            try (ChildProcess child = TestSupport.syncChild("wait", name, "30000")) {
                child.expect("waiting");
                Thread.sleep(50);
                e.set();
                child.expect("set");
                assertEquals(0, child.awaitExit());
            }
            try (ChildProcess child = TestSupport.syncChild("set", name)) {
                assertTrue(e.await(Duration.ofSeconds(30)));
                assertEquals(0, child.awaitExit());
            }
            try (ChildProcess child = TestSupport.syncChild("wait", name, "100")) {
                child.expect("waiting");
                child.expect("timeout");
            }
        }
    }

    @Test
    void interruptEndsAnAwaitAndTimeoutsAreHonoured() throws Exception {
        try (NamedEvent e = NamedEvent.create(TestSupport.uniqueName("event"), EventReset.AUTO, false)) {
            Attempt waiter = Attempt.start(e::await);
            Thread.sleep(100);
            long t0 = System.nanoTime();
            waiter.interrupt();
            Throwable thrown = waiter.join();
            assertTrue(thrown instanceof InterruptedException, () -> "thrown: " + thrown);
            assertTrue(TimeUnit.NANOSECONDS.toMillis(waiter.endedAt() - t0) < 1000);
            t0 = System.nanoTime();
            assertFalse(e.await(Duration.ofMillis(120)));
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) >= 119);
            assertThrows(IllegalArgumentException.class, () -> e.await(Duration.ofNanos(-1)));
        }
    }

    @Test
    void aBlockedWaitUsesNoCpu() throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (NamedEvent e = NamedEvent.create(TestSupport.uniqueName("event"), EventReset.AUTO, false)) {
            long[] cpu = new long[1];
            Thread waiter = new Thread(() -> {
                long start = mx.getCurrentThreadCpuTime();
                try {
                    assertFalse(e.await(Duration.ofSeconds(2)));
                } catch (InterruptedException ex) {
                    throw new AssertionError(ex);
                }
                cpu[0] = mx.getCurrentThreadCpuTime() - start;
            });
            waiter.start();
            waiter.join();
            // The issue asks < 1% of a core; a generous bound here (5% of the 2 s), the figure in bench/.
            assertTrue(cpu[0] < TimeUnit.MILLISECONDS.toNanos(100), "CPU of a 2 s wait: " + cpu[0] / 1000 + " us");
        }
    }

    @Test
    void eventsWorkFromVirtualThreads() throws Exception {
        try (NamedEvent e = NamedEvent.create(TestSupport.uniqueName("event"), EventReset.AUTO, false)) {
            AtomicBoolean woke = new AtomicBoolean();
            Attempt v = Attempt.startVirtual(() -> woke.set(e.await(Duration.ofSeconds(30))));
            if (v == null) {
                assertEquals(17, Runtime.version().feature()); // no virtual threads before JDK 21
                return;
            }
            Thread.sleep(50);
            e.set();
            assertEquals(null, v.join());
            assertTrue(woke.get());
        }
    }

    @Test
    void semaphoreCountsUpToItsMaximum() throws Exception {
        try (NamedSemaphore s = NamedSemaphore.create(TestSupport.uniqueName("sem"), 1, 3)) {
            assertTrue(s.tryAcquire());
            assertFalse(s.tryAcquire());
            assertFalse(s.tryAcquire(Duration.ofMillis(20)));
            assertEquals(0, s.release());
            assertEquals(1, s.release(2));
            SemaphoreFullException full = assertThrows(SemaphoreFullException.class, s::release);
            assertEquals("release", full.operation());
            assertThrows(IllegalArgumentException.class, () -> s.release(0));
            assertThrows(IllegalArgumentException.class, () -> s.release(-1));
            for (int i = 0; i < 3; i++) {
                s.acquire();
            }
            assertFalse(s.tryAcquire());
        }
    }

    @Test
    void semaphoreBetweenTwoProcesses() throws Exception {
        String name = TestSupport.uniqueName("sem");
        try (NamedSemaphore s = NamedSemaphore.create(name, 0, 2)) {
            try (ChildProcess child = TestSupport.syncChild("acquire", name, "30000")) {
                child.expect("waiting");
                Thread.sleep(50);
                assertEquals(0, s.release());
                child.expect("acquired");
            }
            try (ChildProcess child = TestSupport.syncChild("release", name, "2")) {
                child.expect("0");
            }
            try (ChildProcess child = TestSupport.syncChild("release", name, "1")) {
                child.expect("full");
            }
            assertTrue(s.tryAcquire());
            assertTrue(s.tryAcquire());
            assertFalse(s.tryAcquire());
        }
    }
}
