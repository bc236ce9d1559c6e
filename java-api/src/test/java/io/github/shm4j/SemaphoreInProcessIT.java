/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static io.github.shm4j.OtherThread.assertStillWaiting;
import static io.github.shm4j.OtherThread.unwrap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.shm4j.sync.NamedSemaphore;
import io.github.shm4j.sync.SemaphoreFullException;
import java.time.Duration;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * NamedSemaphore between threads of one JVM (PIT mutates in-process): counts, the
 * maximum, waits ended by release, timeouts, interrupts and close. Every test closes
 * its handles and then checks that the name is gone.
 */
class SemaphoreInProcessIT {

    private static void assertReleased(String name) {
        assertThrows(NotFoundException.class, () -> NamedSemaphore.open(name), "the name of a fully closed semaphore");
    }

    /** Takes every unit left without waiting; returns how many there were. */
    private static int drain(NamedSemaphore s) {
        int n = 0;
        while (s.tryAcquire()) {
            n++;
        }
        return n;
    }

    @Test
    void theCountStartsAtInitialAndStopsAtMax() throws Exception {
        String name = TestSupport.uniqueName("sem");
        try (NamedSemaphore s = NamedSemaphore.create(name, 2, 5)) {
            assertTrue(s.tryAcquire());
            assertTrue(s.tryAcquire(Duration.ZERO));
            assertFalse(s.tryAcquire(), "two units to start with");
            assertFalse(s.tryAcquire(Duration.ofMillis(20)));
            assertEquals(0, s.release());
            assertEquals(1, s.release(3), "returns the count before");
            assertEquals(4, s.release(), "up to the maximum");
            SemaphoreFullException full = assertThrows(SemaphoreFullException.class, s::release);
            assertEquals("release", full.operation());
            assertEquals(name, full.objectName());
            assertTrue(full.getMessage().contains("semaphore '" + name + "'"), full.getMessage());
            assertTrue(full.getMessage().contains("cannot release 1 "), full.getMessage());
            assertEquals(5, drain(s), "a refused release adds nothing");
            assertEquals(0, s.release(2));
            SemaphoreFullException tooMany = assertThrows(SemaphoreFullException.class, () -> s.release(4));
            assertTrue(tooMany.getMessage().contains("cannot release 4 "), tooMany.getMessage());
            assertEquals(2, s.release(3), "exactly to the maximum is fine");
            assertEquals(5, drain(s));
        }
        assertReleased(name);
    }

    @Test
    void releaseAndAcquireCountExactly() throws Exception {
        String name = TestSupport.uniqueName("sem");
        try (NamedSemaphore s = NamedSemaphore.create(name, 0, 10)) {
            assertEquals(0, s.release(1));
            assertEquals(1, s.release(9));
            for (int i = 0; i < 3; i++) {
                s.acquire();
            }
            assertTrue(s.tryAcquire(Duration.ofMinutes(1)));
            assertEquals(6, s.release(), "10 - 3 acquired - 1 tried, before this release");
            assertEquals(7, drain(s));
        }
        assertReleased(name);
    }

    @Test
    void theBoundsOfTheArgumentsAreExact() throws Exception {
        String one = TestSupport.uniqueName("sem");
        String full = TestSupport.uniqueName("sem");
        try (NamedSemaphore s = NamedSemaphore.create(one, 0, 1); NamedSemaphore t = NamedSemaphore.create(full, 3, 3)) {
            assertFalse(s.tryAcquire());
            assertEquals(0, s.release(1));
            assertThrows(SemaphoreFullException.class, s::release);
            assertEquals(3, drain(t), "initial = max");
            assertThrows(IllegalArgumentException.class, () -> t.release(0));
            assertThrows(IllegalArgumentException.class, () -> t.release(-1));
            assertFalse(t.tryAcquire(), "refused releases add nothing");
        }
        String name = TestSupport.uniqueName("sem");
        for (int[] bad : new int[][] {{0, 0}, {-1, 1}, {2, 1}, {1, 0}, {0, -1}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NamedSemaphore.create(name, bad[0], bad[1]));
            assertTrue(e.getMessage().contains("initial " + bad[0] + ", max " + bad[1]), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> NamedSemaphore.openOrCreate(name, bad[0], bad[1]));
        }
        assertReleased(name); // refused before anything was made
        assertReleased(one);
        assertReleased(full);
    }

    @Test
    void aWaiterGetsTheUnitAReleaseGives() throws Exception {
        String name = TestSupport.uniqueName("sem");
        try (NamedSemaphore s = NamedSemaphore.create(name, 0, 1);
             OtherThread first = new OtherThread(); OtherThread second = new OtherThread()) {
            Future<Void> w1 = first.startRun(s::acquire);
            Future<Boolean> w2 = second.start(() -> s.tryAcquire(Duration.ofSeconds(Long.MAX_VALUE)));
            assertStillWaiting(w1, "acquire()");
            assertStillWaiting(w2, "tryAcquire(forever)");
            assertEquals(0, s.release());
            Future<?> passed = null;
            for (int i = 0; i < 6000 && passed == null; i++) {
                passed = w1.isDone() ? w1 : w2.isDone() ? w2 : null;
                Thread.sleep(10);
            }
            assertTrue(passed != null, "no waiter got the unit within 60 s");
            assertStillWaiting(passed == w1 ? w2 : w1, "the second waiter after one unit");
            assertEquals(0, s.release(), "the first unit was taken by a waiter");
            unwrap(w1);
            assertTrue(unwrap(w2));
            assertFalse(s.tryAcquire());
        }
        assertReleased(name);
    }

    @Test
    void onlyTheWaitingCallsAreInterruptible() throws Exception {
        String name = TestSupport.uniqueName("sem");
        try (NamedSemaphore s = NamedSemaphore.create(name, 1, 1)) {
            Thread.currentThread().interrupt();
            try {
                assertTrue(s.tryAcquire(), "tryAcquire() does not wait, so an interrupt does not stop it");
                assertTrue(Thread.currentThread().isInterrupted(), "and it keeps the status");
            } finally {
                Thread.interrupted();
            }
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, s::acquire);
            assertFalse(Thread.interrupted(), "the status is consumed");
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> s.tryAcquire(Duration.ofMinutes(1)));
            assertFalse(Thread.interrupted());

            Attempt waiter = Attempt.start(s::acquire);
            Thread.sleep(50);
            waiter.interrupt();
            Throwable thrown = waiter.join();
            assertTrue(thrown instanceof InterruptedException, () -> "thrown: " + thrown);
            assertTrue(thrown.getMessage().contains("semaphore '" + name + "'"), thrown.getMessage());
            assertEquals(0, s.release(), "the interrupted calls took nothing");
        }
        assertReleased(name);
    }

    @Test
    void closeEndsAWaiterAndEverythingAfter() throws Exception {
        String name = TestSupport.uniqueName("sem");
        NamedSemaphore s = NamedSemaphore.create(name, 0, 2);
        try (OtherThread other = new OtherThread()) {
            Future<Void> waiter = other.startRun(s::acquire);
            assertStillWaiting(waiter, "acquire()");
            assertEquals("NamedSemaphore[semaphore '" + name + "']", s.toString());
            s.close();
            IllegalStateException x = assertThrows(IllegalStateException.class, () -> unwrap(waiter));
            assertTrue(x.getMessage().startsWith("semaphore '" + name + "' was closed"), x.getMessage());
        }
        assertTrue(s.isClosed());
        assertEquals(name, s.name());
        assertEquals("NamedSemaphore[semaphore '" + name + "', closed]", s.toString());
        assertThrows(IllegalStateException.class, s::release);
        assertThrows(IllegalStateException.class, () -> s.release(1));
        assertThrows(IllegalStateException.class, s::tryAcquire);
        assertThrows(IllegalStateException.class, () -> s.tryAcquire(Duration.ZERO));
        assertThrows(IllegalStateException.class, s::acquire);
        s.close();
        assertReleased(name);
    }

    @Test
    void openAndOpenOrCreateShareTheCountAndKeepItsMaximum() throws Exception {
        String name = TestSupport.uniqueName("sem");
        try (NamedSemaphore s = NamedSemaphore.openOrCreate(name, 1, 2);
             NamedSemaphore t = NamedSemaphore.openOrCreate(name, 0, 100);
             NamedSemaphore u = NamedSemaphore.open(name)) {
            assertEquals(name, t.name());
            assertTrue(t.tryAcquire(), "the creator's initial count");
            assertFalse(u.tryAcquire());
            assertEquals(0, u.release(2));
            assertThrows(SemaphoreFullException.class, t::release, "the creator's maximum");
            assertEquals(2, drain(s));
        }
        assertReleased(name);
    }

    @Test
    void badTimeoutsAndNamesAreRefused() throws Exception {
        String name = TestSupport.uniqueName("sem");
        assertThrows(NullPointerException.class, () -> NamedSemaphore.create(null, 0, 1));
        assertThrows(InvalidNameException.class, () -> NamedSemaphore.create("a/b", 0, 1));
        try (NamedSemaphore s = NamedSemaphore.create(name, 1, 1)) {
            assertThrows(NullPointerException.class, () -> s.tryAcquire(null));
            assertThrows(IllegalArgumentException.class, () -> s.tryAcquire(Duration.ofSeconds(-1)));
            assertTrue(s.tryAcquire(Duration.ofNanos(1)), "the refusals took nothing");
            MutexInProcessIT.assertNativeMessage(
                    assertThrows(AlreadyExistsException.class, () -> NamedSemaphore.create(name, 0, 1)),
                    "create", "semaphore", name, "object already exists");
        }
        assertReleased(name);
    }
}
