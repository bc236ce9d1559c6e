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

import io.github.shm4j.sync.NamedEvent;
import io.github.shm4j.sync.NamedMutex;
import io.github.shm4j.sync.OwnerDiedException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * NamedMutex between threads of one JVM: what PIT (which mutates in-process) can see.
 * Every check is of behaviour through the public API; a second thread of the process
 * plays the other party. After each test every handle is closed, and the name's
 * disappearance then proves that no use of the handle was left counted (a handle in
 * use is released only by its last user).
 */
class MutexInProcessIT {

    /** Whether the last handle of {@code name} was released: the name is gone. */
    private static void assertReleased(String name) {
        assertThrows(NotFoundException.class, () -> NamedMutex.open(name), "the name of a fully closed mutex");
    }

    @Test
    void holdsCountUpAndOnlyTheLastUnlockLetsGo() throws Exception {
        String name = TestSupport.uniqueName("mutex");
        try (NamedMutex m = NamedMutex.create(name); OtherThread other = new OtherThread()) {
            assertFalse(m.isHeldByCurrentThread());
            assertEquals(0, m.getHoldCount());
            assertTrue(other.is(() -> {
                boolean got = m.tryLock();
                m.unlock();
                return got;
            }), "a new mutex is free");

            m.lock();
            assertEquals(1, m.getHoldCount());
            m.lock();
            assertEquals(2, m.getHoldCount());
            assertTrue(m.tryLock());
            assertEquals(3, m.getHoldCount());
            assertTrue(m.tryLock(Duration.ZERO));
            assertEquals(4, m.getHoldCount());
            assertTrue(m.tryLock(Duration.ofMinutes(1)));
            assertEquals(5, m.getHoldCount());
            m.lockInterruptibly();
            assertEquals(6, m.getHoldCount());
            assertTrue(m.isHeldByCurrentThread());
            assertFalse(other.is(m::isHeldByCurrentThread), "held by this thread, not the other");
            assertEquals(0, other.call(m::getHoldCount));

            for (int holds = 6; holds > 1; holds--) {
                assertFalse(other.is(m::tryLock), "still held with " + holds + " holds");
                m.unlock();
                assertEquals(holds - 1, m.getHoldCount());
                assertTrue(m.isHeldByCurrentThread());
            }
            assertFalse(other.is(m::tryLock), "still held with 1 hold");
            m.unlock();
            assertEquals(0, m.getHoldCount());
            assertFalse(m.isHeldByCurrentThread());
            assertThrows(IllegalMonitorStateException.class, m::unlock);
            assertTrue(other.is(m::tryLock), "free after the last unlock");
            assertTrue(other.is(m::isHeldByCurrentThread));
            assertEquals(1, other.call(m::getHoldCount));
            other.run(m::unlock);
        }
        assertReleased(name);
    }

    @Test
    void onlyTheHolderCanUnlock() throws Exception {
        String name = TestSupport.uniqueName("mutex");
        try (NamedMutex m = NamedMutex.create(name); OtherThread other = new OtherThread()) {
            m.lock();
            IllegalMonitorStateException e = assertThrows(IllegalMonitorStateException.class,
                    () -> other.run(m::unlock));
            assertTrue(e.getMessage().contains("mutex '" + name + "'"), e.getMessage());
            assertEquals(1, m.getHoldCount(), "a refused unlock takes no hold away");
            assertFalse(other.is(m::tryLock), "a refused unlock releases nothing");
            m.unlock();

            assertTrue(other.is(m::tryLock));
            assertFalse(m.tryLock(), "held by the other thread");
            assertFalse(m.isHeldByCurrentThread());
            assertThrows(IllegalMonitorStateException.class, m::unlock);
            assertTrue(other.is(m::isHeldByCurrentThread), "a refused unlock releases nothing");
            other.run(m::unlock);
            assertTrue(m.tryLock());
            m.unlock();
        }
        assertReleased(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lock", "lockInterruptibly", "tryLock(1 min)", "tryLock(forever)"})
    void aWaiterGetsTheMutexOnceTheHolderLetsGo(String how) throws Exception {
        String name = TestSupport.uniqueName("mutex");
        try (NamedMutex m = NamedMutex.create(name); OtherThread other = new OtherThread()) {
            m.lock();
            Future<Boolean> waiter = other.start(() -> {
                switch (how) {
                    case "lock":
                        m.lock();
                        return true;
                    case "lockInterruptibly":
                        m.lockInterruptibly();
                        return true;
                    case "tryLock(1 min)":
                        return m.tryLock(Duration.ofMinutes(1));
                    default: // longer than a long of nanoseconds: no limit
                        return m.tryLock(Duration.ofSeconds(Long.MAX_VALUE));
                }
            });
            assertStillWaiting(waiter, how);
            m.unlock();
            assertTrue(unwrap(waiter), how);
            assertTrue(other.is(m::isHeldByCurrentThread));
            assertFalse(m.tryLock(), "the waiter holds it now");
            other.run(m::unlock);
            assertTrue(m.tryLock());
            m.unlock();
        }
        assertReleased(name);
    }

    @Test
    void tryLockGivesUpWhileAnotherThreadHolds() throws Exception {
        String name = TestSupport.uniqueName("mutex");
        try (NamedMutex m = NamedMutex.create(name); OtherThread other = new OtherThread()) {
            other.run(m::lock);
            assertFalse(m.tryLock());
            assertFalse(m.tryLock(Duration.ZERO));
            assertFalse(m.tryLock(Duration.ofMillis(30)));
            assertFalse(m.isHeldByCurrentThread());
            assertEquals(0, m.getHoldCount());
            assertThrows(IllegalMonitorStateException.class, m::unlock, "a failed try holds nothing");
            assertTrue(other.is(m::isHeldByCurrentThread));
            other.run(m::unlock);
        }
        assertReleased(name); // the failed tries left no use of the handle counted
    }

    @Test
    void interruptsEndOnlyTheInterruptibleWaits() throws Exception {
        String name = TestSupport.uniqueName("mutex");
        try (NamedMutex m = NamedMutex.create(name); OtherThread other = new OtherThread()) {
            // Interrupted before: the interruptible ways throw at once, and clear the status.
            other.run(m::lock);
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, m::lockInterruptibly);
            assertFalse(Thread.interrupted(), "the status is consumed");
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> m.tryLock(Duration.ofMinutes(1)));
            assertFalse(Thread.interrupted());
            assertFalse(m.isHeldByCurrentThread());

            // Interrupted while waiting.
            for (Attempt.Body how : List.<Attempt.Body>of(m::lockInterruptibly, () -> m.tryLock(Duration.ofMinutes(1)))) {
                Attempt waiter = Attempt.start(how);
                Thread.sleep(50);
                waiter.interrupt();
                Throwable thrown = waiter.join();
                assertTrue(thrown instanceof InterruptedException, () -> "thrown: " + thrown);
                assertTrue(thrown.getMessage().contains("mutex '" + name + "'"), thrown.getMessage());
            }

            // lock() is not interruptible: it waits on, takes the mutex and keeps the status.
            try (OtherThread third = new OtherThread()) {
                Future<Boolean> locker = third.start(() -> {
                    Thread.currentThread().interrupt();
                    m.lock();
                    boolean kept = Thread.interrupted();
                    m.unlock();
                    return kept;
                });
                assertStillWaiting(locker, "lock() with the interrupt status set");
                other.run(m::unlock);
                assertTrue(unwrap(locker), "lock() keeps the interrupt status");
            }

            // Nor is tryLock(): on a free mutex it succeeds and keeps the status.
            Thread.currentThread().interrupt();
            try {
                assertTrue(m.tryLock());
                assertTrue(Thread.currentThread().isInterrupted());
                m.lock();
                assertEquals(2, m.getHoldCount());
            } finally {
                Thread.interrupted();
            }
            m.unlock();
            m.unlock();
            assertFalse(m.isHeldByCurrentThread());
        }
        assertReleased(name);
    }

    @Test
    void closingWhileThisThreadHoldsItUnlocksEveryHold() throws Exception {
        String name = TestSupport.uniqueName("mutex");
        try (NamedMutex keep = NamedMutex.create(name); OtherThread other = new OtherThread()) {
            NamedMutex m = NamedMutex.open(name);
            m.lock();
            m.lock();
            m.close();
            assertTrue(m.isClosed());
            assertFalse(m.isHeldByCurrentThread());
            assertEquals(0, m.getHoldCount());
            assertThrows(IllegalMonitorStateException.class, m::unlock);
            assertTrue(other.is(keep::tryLock), "the close unlocked both holds");
            other.run(keep::unlock);
        }
        assertReleased(name);
    }

    @Test
    void closingWhileAnotherThreadHoldsItWaitsForItsUnlock() throws Exception {
        String name = TestSupport.uniqueName("mutex");
        try (OtherThread other = new OtherThread()) {
            NamedMutex m = NamedMutex.create(name);
            other.run(m::lock);
            m.close();
            assertTrue(m.isClosed());
            assertThrows(IllegalStateException.class, m::lock);
            try (NamedMutex second = NamedMutex.open(name)) { // the holder keeps the handle, and the name, alive
                assertFalse(second.tryLock(), "still held by the other thread");
                other.run(m::unlock); // a holder can always let go
                assertFalse(other.is(m::isHeldByCurrentThread));
                assertThrows(IllegalStateException.class, () -> other.run(m::lock));
                assertTrue(second.tryLock());
                second.unlock();
            }
        }
        assertReleased(name); // the unlock released the closed handle
    }

    @Test
    void closeEndsAWaiter() throws Exception {
        String name = TestSupport.uniqueName("mutex");
        try (NamedMutex holder = NamedMutex.create(name); OtherThread other = new OtherThread()) {
            holder.lock();
            for (String how : List.of("lock", "lockInterruptibly", "tryLock(1 min)")) {
                NamedMutex m = NamedMutex.open(name);
                Future<Void> waiter = other.startRun(() -> {
                    if (how.equals("lock")) {
                        m.lock();
                    } else if (how.equals("lockInterruptibly")) {
                        m.lockInterruptibly();
                    } else {
                        m.tryLock(Duration.ofMinutes(1));
                    }
                });
                assertStillWaiting(waiter, how);
                m.close();
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> unwrap(waiter), how);
                assertTrue(e.getMessage().startsWith("mutex '" + name + "' was closed"), e.getMessage());
                assertFalse(other.is(m::isHeldByCurrentThread));
            }
            holder.unlock();
        }
        assertReleased(name);
    }

    @Test
    void aClosedMutexRefusesEverythingButClose() throws Exception {
        String name = TestSupport.uniqueName("mutex");
        NamedMutex m = NamedMutex.create(name);
        assertEquals(name, m.name());
        assertFalse(m.isClosed());
        assertEquals("NamedMutex[mutex '" + name + "']", m.toString());
        m.close();
        assertTrue(m.isClosed());
        assertEquals("NamedMutex[mutex '" + name + "', closed]", m.toString());
        assertEquals(name, m.name());
        IllegalStateException e = assertThrows(IllegalStateException.class, m::lock);
        assertEquals("mutex '" + name + "' is closed", e.getMessage());
        assertThrows(IllegalStateException.class, m::tryLock);
        assertThrows(IllegalStateException.class, () -> m.tryLock(Duration.ZERO));
        assertThrows(IllegalStateException.class, m::lockInterruptibly);
        assertThrows(IllegalMonitorStateException.class, m::unlock);
        m.close(); // idempotent
        assertTrue(m.isClosed());
        assertReleased(name);
    }

    @Test
    void aThreadThatEndsHoldingItIsADeadOwner() throws Exception {
        TestSupport.requireRobustFutexes();
        String name = TestSupport.uniqueName("mutex");
        try (NamedMutex m = NamedMutex.create(name)) {
            for (String operation : List.of("lock", "tryLock")) {
                Thread t = new Thread(m::lock);
                t.start();
                t.join(TestSupport.TIMEOUT.toMillis());
                assertFalse(t.isAlive());
                // Waiting calls only: join() returns once the Java thread is done, possibly
                // before its OS thread has exited and the kernel has marked the mutex's owner
                // dead, so a plain tryLock() could still find it held.
                OwnerDiedException e = assertThrows(OwnerDiedException.class,
                        operation.equals("lock") ? m::lock : () -> m.tryLock(Duration.ofMinutes(1)));
                assertEquals(operation, e.operation());
                assertEquals(name, e.objectName());
                assertTrue(e.getMessage().contains("mutex '" + name + "'"), e.getMessage());
                assertTrue(m.isHeldByCurrentThread(), "the exception comes with the mutex held");
                assertEquals(1, m.getHoldCount());
                m.unlock();
                assertFalse(m.isHeldByCurrentThread());
            }
            assertTrue(m.tryLock(), "recovered: no owner death left to report");
            m.unlock();
        }
        assertReleased(name); // the dead owners' uses of the handle were forgotten
    }

    @Test
    void openOrCreateCreatesOnceAndThenOpensTheSameMutex() throws Exception {
        String name = TestSupport.uniqueName("mutex");
        try (NamedMutex a = NamedMutex.openOrCreate(name); NamedMutex b = NamedMutex.openOrCreate(name);
             OtherThread other = new OtherThread()) {
            assertEquals(name, b.name());
            a.lock();
            assertFalse(other.is(b::tryLock), "one mutex behind both");
            a.unlock();
            assertTrue(other.is(b::tryLock));
            assertFalse(a.tryLock());
            other.run(b::unlock);
        }
        assertReleased(name);
    }

    @Test
    void failuresAreTypedAndSayWhatFailed() {
        String name = TestSupport.uniqueName("mutex");
        NotFoundException missing = assertThrows(NotFoundException.class, () -> NamedMutex.open(name));
        assertNativeMessage(missing, "open", "mutex", name, "no such object");
        try (NamedMutex m = NamedMutex.create(name)) {
            assertFalse(m.isClosed());
            AlreadyExistsException taken = assertThrows(AlreadyExistsException.class, () -> NamedMutex.create(name));
            assertNativeMessage(taken, "create", "mutex", name, "object already exists");
            WrongObjectTypeException other = assertThrows(WrongObjectTypeException.class,
                    () -> NamedEvent.open(name));
            assertEquals("open", other.operation());
            assertEquals(name, other.objectName());
            assertTrue(other.getMessage().startsWith("cannot open event '" + name + "': "), other.getMessage());
        }
        assertThrows(NullPointerException.class, () -> NamedMutex.create(null));
        assertThrows(NullPointerException.class, () -> NamedMutex.openOrCreate(null));
        assertThrows(InvalidNameException.class, () -> NamedMutex.create("a/b"));
        assertReleased(name);
    }

    @Test
    void badTimeoutsAreRefused() throws Exception {
        String name = TestSupport.uniqueName("mutex");
        try (NamedMutex m = NamedMutex.create(name)) {
            assertThrows(NullPointerException.class, () -> m.tryLock(null));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> m.tryLock(Duration.ofNanos(-1)));
            assertTrue(e.getMessage().contains("negative"), e.getMessage());
            assertFalse(m.isHeldByCurrentThread());
            assertTrue(m.tryLock(Duration.ofNanos(1)), "a positive timeout on a free mutex");
            m.unlock();
        }
        assertReleased(name);
    }

    /** The README's format: cannot OP NOUN 'NAME': KIND (CODENAME, errno|error CODE: TEXT). */
    static void assertNativeMessage(SharedMemoryException e, String operation, String noun, String name,
            String kind) {
        assertEquals(operation, e.operation());
        assertEquals(name, e.objectName());
        assertTrue(e.errorCode() != 0, "an OS error: " + e.getMessage());
        String label = TestSupport.WINDOWS ? "error" : "errno";
        String expected = "cannot " + operation + " " + noun + " '" + name + "': " + kind + " ("
                + (e.errorName().isEmpty() ? "" : e.errorName() + ", ") + label + " " + e.errorCode() + ": "
                + e.errorText() + ")";
        assertEquals(expected, e.getMessage());
        assertFalse(e.errorText().isEmpty());
        assertFalse(e.systemCall().isEmpty());
        if (!TestSupport.WINDOWS) {
            assertFalse(e.errorName().isEmpty(), "errno names are known on Linux");
        }
    }
}
