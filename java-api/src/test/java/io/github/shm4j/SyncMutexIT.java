/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.shm4j.testkit.ChildProcess;
import io.github.shm4j.sync.NamedMutex;
import io.github.shm4j.sync.OwnerDiedException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** NamedMutex: reentrancy, two processes, owner death, interrupts, timeouts, close, virtual threads. */
class SyncMutexIT {

    @Test
    void reentrantWithHoldCountAndOwnerChecks() {
        try (NamedMutex m = NamedMutex.create(TestSupport.uniqueName("mutex"))) {
            assertFalse(m.isHeldByCurrentThread());
            assertThrows(IllegalMonitorStateException.class, m::unlock);
            m.lock();
            assertTrue(m.tryLock());
            assertEquals(2, m.getHoldCount());
            m.unlock();
            assertTrue(m.isHeldByCurrentThread());
            m.unlock();
            assertFalse(m.isHeldByCurrentThread());
            assertThrows(IllegalMonitorStateException.class, m::unlock);
        }
    }

    @Test
    void anotherThreadCannotTakeItNorUnlockIt() throws Exception {
        try (NamedMutex m = NamedMutex.create(TestSupport.uniqueName("mutex"))) {
            m.lock();
            CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(() -> {
                assertThrows(IllegalMonitorStateException.class, m::unlock);
                return m.tryLock();
            }, runnable -> new Thread(runnable).start());
            assertFalse(other.get(10, TimeUnit.SECONDS));
            m.unlock();
            CompletableFuture<Boolean> after = CompletableFuture.supplyAsync(() -> {
                boolean got = m.tryLock();
                m.unlock();
                return got;
            }, runnable -> new Thread(runnable).start());
            assertTrue(after.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void twoProcessesExcludeEachOther() throws Exception {
        String name = TestSupport.uniqueName("mutex");
        try (NamedMutex m = NamedMutex.create(name); ChildProcess child = TestSupport.syncChild("hold", name)) {
            child.expect("locked");
            assertFalse(m.tryLock());
            assertFalse(m.tryLock(Duration.ofMillis(50)));
            child.send("go");
            child.expect("unlocked");
            assertTrue(m.tryLock(Duration.ofSeconds(10)));
            m.unlock();
            assertEquals(0, child.awaitExit());
        }
    }

    @Test
    void killedOwnerWakesABlockedWaiterWithTheLockHeld() throws Exception {
        TestSupport.requireRobustFutexes();
        String name = TestSupport.uniqueName("mutex");
        try (NamedMutex m = NamedMutex.create(name); ChildProcess child = TestSupport.syncChild("hold", name)) {
            child.expect("locked");
            Attempt waiter = Attempt.start(() -> {
                try {
                    m.lock();
                } finally {
                    assertTrue(m.isHeldByCurrentThread(), "held, OwnerDiedException or not");
                    m.unlock();
                }
            });
            Thread.sleep(200); // let it block
            long killedAt = System.nanoTime();
            child.kill();
            Throwable thrown = waiter.join();
            assertTrue(thrown instanceof OwnerDiedException, () -> "thrown: " + thrown);
            // The goal is 50 ms (bench/ measures it); a generous bound for a shared VM.
            long ms = TimeUnit.NANOSECONDS.toMillis(waiter.endedAt() - killedAt);
            assertTrue(ms < 2000, "woken " + ms + " ms after the kill");
            assertEquals("lock", ((OwnerDiedException) thrown).operation());
            // The mutex is consistent again: an ordinary lock follows.
            assertTrue(m.tryLock());
            m.unlock();
        }
    }

    @Test
    void killedOwnerIsReportedByTryLockAndInAnotherProcess() throws Exception {
        TestSupport.requireRobustFutexes();
        String name = TestSupport.uniqueName("mutex");
        try (NamedMutex m = NamedMutex.create(name)) {
            try (ChildProcess child = TestSupport.syncChild("hold", name)) {
                child.expect("locked");
                child.kill();
            }
            OwnerDiedException e = assertThrows(OwnerDiedException.class, m::tryLock);
            assertEquals(name, e.objectName());
            assertTrue(m.isHeldByCurrentThread(), "held after OwnerDiedException");
            // Die again while holding it: another process sees the death.
            try (ChildProcess holder = TestSupport.syncChild("hold", name)) {
                m.unlock();
                holder.expect("locked");
                holder.kill();
            }
            try (ChildProcess next = TestSupport.syncChild("lock", name)) {
                next.expect("owner-died");
                next.expect("unlocked");
                assertEquals(0, next.awaitExit());
            }
        }
    }

    /**
     * Two mutexes held at once, let go out of order, taken again: on Linux the first lock
     * of a thread goes through shm4j's fast path and the nested one through glibc, which
     * share the thread's robust list. If either left the list wrong, the kernel would miss
     * a mutex when the holder dies (or the process would crash): both deaths are seen.
     */
    @Test
    void aKilledOwnerOfTwoNestedMutexesLeavesBothToTheNextOwner() throws Exception {
        TestSupport.requireRobustFutexes();
        String a = TestSupport.uniqueName("nest-a");
        String b = TestSupport.uniqueName("nest-b");
        try (NamedMutex ma = NamedMutex.create(a); NamedMutex mb = NamedMutex.create(b)) {
            try (ChildProcess child = TestSupport.syncChild("nest", a, b)) {
                child.expect("both");
                child.kill();
            }
            assertThrows(OwnerDiedException.class, ma::lock);
            assertThrows(OwnerDiedException.class, mb::lock);
            mb.unlock();
            ma.unlock();
            try (ChildProcess child = TestSupport.syncChild("nest", a, b)) {
                child.expect("both");
                child.send("go");
                child.expect("unlocked");
                assertEquals(0, child.awaitExit());
            }
            assertTrue(ma.tryLock(), "free again, no death to report");
            assertTrue(mb.tryLock());
            ma.unlock();
            mb.unlock();
        }
    }

    @Test
    void aJavaThreadEndingWhileHoldingItIsADeadOwner() throws Exception {
        TestSupport.requireRobustFutexes();
        try (NamedMutex m = NamedMutex.create(TestSupport.uniqueName("mutex"))) {
            Thread t = new Thread(m::lock);
            t.start();
            t.join();
            assertThrows(OwnerDiedException.class, m::lock);
            assertEquals(1, m.getHoldCount());
            m.unlock();
            assertTrue(m.tryLock());
            m.unlock();
        }
    }

    @Test
    void interruptEndsAnInterruptibleWaitAndLockKeepsTheStatus() throws Exception {
        String name = TestSupport.uniqueName("mutex");
        try (NamedMutex m = NamedMutex.create(name); ChildProcess child = TestSupport.syncChild("hold", name)) {
            child.expect("locked");
            Attempt waiter = Attempt.start(m::lockInterruptibly);
            Thread.sleep(100);
            long t0 = System.nanoTime();
            waiter.interrupt();
            Throwable thrown = waiter.join();
            long ms = TimeUnit.NANOSECONDS.toMillis(waiter.endedAt() - t0);
            assertTrue(thrown instanceof InterruptedException, () -> "thrown: " + thrown);
            assertTrue(ms < 1000, "ended " + ms + " ms after the interrupt");

            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> m.tryLock(Duration.ofSeconds(5)));
            // lock() is not interruptible: it waits on and keeps the status.
            Thread locker = new Thread(() -> {
                Thread.currentThread().interrupt();
                m.lock();
                assertTrue(Thread.currentThread().isInterrupted());
                m.unlock();
            });
            locker.start();
            Thread.sleep(100);
            assertTrue(locker.isAlive(), "lock() must wait despite the interrupt");
            child.send("go");
            locker.join(10_000);
            assertFalse(locker.isAlive());
        }
    }

    @Test
    void timeoutsAreHonoured() throws Exception {
        String name = TestSupport.uniqueName("mutex");
        try (NamedMutex m = NamedMutex.create(name); ChildProcess child = TestSupport.syncChild("hold", name)) {
            child.expect("locked");
            long t0 = System.nanoTime();
            assertFalse(m.tryLock(Duration.ofMillis(120)));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms >= 119, "returned after " + ms + " ms");
            assertFalse(m.tryLock(Duration.ZERO));
            assertThrows(IllegalArgumentException.class, () -> m.tryLock(Duration.ofMillis(-1)));
        }
    }

    @Test
    void closeEndsWaitersAndUnlocksTheClosingHolder() throws Exception {
        String name = TestSupport.uniqueName("mutex");
        NamedMutex other = NamedMutex.create(name);
        try {
            NamedMutex m = NamedMutex.open(name);
            other.lock();
            Attempt waiter = Attempt.start(m::lock);
            Thread.sleep(100);
            m.close();
            Throwable thrown = waiter.join();
            assertTrue(thrown instanceof IllegalStateException, () -> "thrown: " + thrown);
            assertThrows(IllegalStateException.class, m::lock);
            other.lock(); // reentrant
            other.close(); // unlocks both holds
            assertTrue(other.isClosed());
        } finally {
            other.close();
        }
        try (NamedMutex again = NamedMutex.create(name)) { // the last close removed the name
            assertTrue(again.tryLock());
            again.unlock();
        }
    }

    @Test
    void virtualThreadsAreRefusedAtOnce() throws Exception {
        try (NamedMutex m = NamedMutex.create(TestSupport.uniqueName("mutex"))) {
            Attempt v = Attempt.startVirtual(m::lock);
            if (v == null) {
                // JDK 17 has no virtual threads: nothing to refuse. The build also runs on JDK 25.
                assertEquals(17, Runtime.version().feature());
                return;
            }
            Throwable thrown = v.join();
            assertTrue(thrown instanceof IllegalStateException, () -> "thrown: " + thrown);
            assertTrue(thrown.getMessage().contains("platform thread"), thrown.getMessage());
            assertFalse(m.isHeldByCurrentThread());
            assertTrue(m.tryLock(), "nothing held after the refusal");
            m.unlock();
        }
    }

    @Test
    void aSecondInstanceOfTheSameNameInOneThread() throws Exception {
        String name = TestSupport.uniqueName("mutex");
        try (NamedMutex a = NamedMutex.create(name); NamedMutex b = NamedMutex.open(name)) {
            a.lock();
            if (System.getProperty("os.name").startsWith("Windows")) {
                assertTrue(b.tryLock(), "Win32 mutexes nest per thread");
                b.unlock();
            } else {
                SharedMemoryException e = assertThrows(SharedMemoryException.class, b::tryLock);
                assertEquals("EDEADLK", e.errorName(), e.getMessage());
                assertFalse(b.isHeldByCurrentThread());
            }
            a.unlock();
            assertTrue(b.tryLock(), "b works once a let go");
            b.unlock();
        }
    }

    @Test
    void openOrCreateSharesOneMutex() throws ExecutionException, InterruptedException {
        String name = TestSupport.uniqueName("mutex");
        try (NamedMutex a = NamedMutex.openOrCreate(name); NamedMutex b = NamedMutex.openOrCreate(name)) {
            a.lock();
            CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(b::tryLock,
                    runnable -> new Thread(runnable).start());
            assertFalse(other.get());
            a.unlock();
        }
    }
}
