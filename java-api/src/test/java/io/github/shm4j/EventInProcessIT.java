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

import io.github.shm4j.sync.EventReset;
import io.github.shm4j.sync.NamedEvent;
import io.github.shm4j.sync.NamedSemaphore;
import java.time.Duration;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * NamedEvent between threads of one JVM (PIT mutates in-process): auto and manual
 * reset, the initial state, waits ended by set, timeouts, interrupts and close. Every
 * test closes its handles and then checks that the name is gone (the last user of a
 * handle releases it).
 */
class EventInProcessIT {

    private static void assertReleased(String name) {
        assertThrows(NotFoundException.class, () -> NamedEvent.open(name), "the name of a fully closed event");
    }

    @ParameterizedTest
    @EnumSource(EventReset.class)
    void theInitialStateIsAsAsked(EventReset reset) throws Exception {
        String set = TestSupport.uniqueName("event");
        String unset = TestSupport.uniqueName("event");
        try (NamedEvent a = NamedEvent.create(set, reset, true); NamedEvent b = NamedEvent.create(unset, reset, false)) {
            assertTrue(a.await(Duration.ZERO), "created set");
            assertFalse(b.await(Duration.ZERO), "created unset");
            assertFalse(b.await(Duration.ofMillis(20)));
            assertEquals(reset == EventReset.MANUAL, a.await(Duration.ZERO), "a manual event stays set");
        }
        assertReleased(set);
        assertReleased(unset);
    }

    @Test
    void autoResetLetsOneWaiterThroughPerSet() throws Exception {
        String name = TestSupport.uniqueName("event");
        try (NamedEvent e = NamedEvent.create(name, EventReset.AUTO, false);
             OtherThread first = new OtherThread(); OtherThread second = new OtherThread()) {
            Future<Void> w1 = first.startRun(e::await);
            Future<Boolean> w2 = second.start(() -> e.await(Duration.ofMinutes(1)));
            assertStillWaiting(w1, "await()");
            assertStillWaiting(w2, "await(1 min)");
            e.set();
            // Exactly one of them passes; the other waits for the next set.
            Future<?> passed = null;
            for (int i = 0; i < 6000 && passed == null; i++) {
                passed = w1.isDone() ? w1 : w2.isDone() ? w2 : null;
                Thread.sleep(10);
            }
            assertTrue(passed != null, "neither waiter passed the set within 60 s");
            Future<?> other = passed == w1 ? w2 : w1;
            assertStillWaiting(other, "the second waiter after one set");
            assertFalse(e.await(Duration.ZERO), "the set was taken by the waiter it released");
            e.set();
            unwrap(w1);
            assertTrue(unwrap(w2));
            assertFalse(e.await(Duration.ZERO), "taken again");

            e.set();
            e.set(); // not counted twice
            assertTrue(e.await(Duration.ZERO));
            assertFalse(e.await(Duration.ZERO));
            e.set();
            e.reset();
            assertFalse(e.await(Duration.ZERO), "reset clears it");
        }
        assertReleased(name);
    }

    @Test
    void manualResetLetsEveryoneThroughUntilReset() throws Exception {
        String name = TestSupport.uniqueName("event");
        try (NamedEvent e = NamedEvent.create(name, EventReset.MANUAL, false);
             OtherThread first = new OtherThread(); OtherThread second = new OtherThread()) {
            Future<Void> w1 = first.startRun(e::await);
            Future<Boolean> w2 = second.start(() -> e.await(Duration.ofMinutes(1)));
            assertStillWaiting(w1, "await()");
            assertStillWaiting(w2, "await(1 min)");
            e.set();
            unwrap(w1);
            assertTrue(unwrap(w2));
            assertTrue(e.await(Duration.ZERO), "still set");
            assertTrue(e.await(Duration.ofMinutes(1)), "still set");
            e.await();
            e.reset();
            assertFalse(e.await(Duration.ZERO));
            assertFalse(e.await(Duration.ofMillis(20)));
            e.reset(); // resetting an unset event changes nothing
            e.set();
            e.set();
            assertTrue(e.await(Duration.ZERO));
        }
        assertReleased(name);
    }

    @Test
    void anOpenedEventKeepsItsCreatorsResetMode() throws Exception {
        String manual = TestSupport.uniqueName("event");
        String auto = TestSupport.uniqueName("event");
        try (NamedEvent m = NamedEvent.create(manual, EventReset.MANUAL, true);
             NamedEvent a = NamedEvent.create(auto, EventReset.AUTO, true);
             NamedEvent m2 = NamedEvent.open(manual);
             NamedEvent a2 = NamedEvent.openOrCreate(auto, EventReset.MANUAL, false)) {
            assertTrue(m2.await(Duration.ZERO));
            assertTrue(m2.await(Duration.ZERO), "manual, as created");
            assertTrue(a2.await(Duration.ZERO), "set, as created, not as openOrCreate asked");
            assertFalse(a2.await(Duration.ZERO), "auto, as created");
            assertFalse(a.await(Duration.ZERO), "one event behind both handles");
            m.reset();
            assertFalse(m2.await(Duration.ZERO));
            a2.set();
            assertTrue(a.await(Duration.ZERO));
        }
        assertReleased(manual);
        assertReleased(auto);
    }

    @Test
    void openOrCreateCreatesWithTheGivenModeWhenTheNameIsFree() throws Exception {
        String name = TestSupport.uniqueName("event");
        try (NamedEvent e = NamedEvent.openOrCreate(name, EventReset.MANUAL, true)) {
            assertTrue(e.await(Duration.ZERO));
            assertTrue(e.await(Duration.ZERO), "manual and set, as asked");
        }
        assertReleased(name);
    }

    @Test
    void interruptsEndWaits() throws Exception {
        String name = TestSupport.uniqueName("event");
        try (NamedEvent e = NamedEvent.create(name, EventReset.AUTO, false)) {
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, e::await);
            assertFalse(Thread.interrupted(), "the status is consumed");
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> e.await(Duration.ofMinutes(1)));
            assertFalse(Thread.interrupted());

            Attempt waiter = Attempt.start(e::await);
            Thread.sleep(50);
            waiter.interrupt();
            Throwable thrown = waiter.join();
            assertTrue(thrown instanceof InterruptedException, () -> "thrown: " + thrown);
            assertTrue(thrown.getMessage().contains("event '" + name + "'"), thrown.getMessage());
            e.set();
            assertTrue(e.await(Duration.ZERO), "an interrupted wait took nothing");
        }
        assertReleased(name);
    }

    @Test
    void closeEndsAWaiterAndEverythingAfter() throws Exception {
        String name = TestSupport.uniqueName("event");
        NamedEvent e = NamedEvent.create(name, EventReset.MANUAL, false);
        try (OtherThread other = new OtherThread()) {
            Future<Void> waiter = other.startRun(e::await);
            assertStillWaiting(waiter, "await()");
            assertEquals("NamedEvent[event '" + name + "']", e.toString());
            e.close();
            IllegalStateException x = assertThrows(IllegalStateException.class, () -> unwrap(waiter));
            assertTrue(x.getMessage().startsWith("event '" + name + "' was closed"), x.getMessage());
        }
        assertTrue(e.isClosed());
        assertEquals(name, e.name());
        assertEquals("NamedEvent[event '" + name + "', closed]", e.toString());
        assertThrows(IllegalStateException.class, e::set);
        assertThrows(IllegalStateException.class, e::reset);
        assertThrows(IllegalStateException.class, e::await);
        assertThrows(IllegalStateException.class, () -> e.await(Duration.ZERO));
        e.close();
        assertReleased(name);
    }

    @Test
    void badArgumentsAreRefused() throws Exception {
        String name = TestSupport.uniqueName("event");
        assertThrows(NullPointerException.class, () -> NamedEvent.create(name, null, true));
        assertThrows(NullPointerException.class, () -> NamedEvent.create(null, EventReset.AUTO, true));
        assertThrows(InvalidNameException.class, () -> NamedEvent.create("a/b", EventReset.AUTO, true));
        try (NamedEvent e = NamedEvent.create(name, EventReset.AUTO, true)) {
            assertThrows(NullPointerException.class, () -> e.await(null));
            assertThrows(IllegalArgumentException.class, () -> e.await(Duration.ofMillis(-1)));
            assertTrue(e.await(Duration.ZERO), "the refusals took nothing");
            NotFoundException gone = assertThrows(NotFoundException.class,
                    () -> NamedEvent.open(name + "-missing"));
            MutexInProcessIT.assertNativeMessage(gone, "open", "event", name + "-missing", "no such object");
            AlreadyExistsException taken = assertThrows(AlreadyExistsException.class,
                    () -> NamedEvent.create(name, EventReset.MANUAL, false));
            MutexInProcessIT.assertNativeMessage(taken, "create", "event", name, "object already exists");
            assertThrows(WrongObjectTypeException.class, () -> NamedSemaphore.open(name));
        }
        assertReleased(name);
    }
}
