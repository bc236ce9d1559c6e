/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.shm4j.sync.EventReset;
import io.github.shm4j.sync.NamedEvent;
import io.github.shm4j.sync.NamedMutex;
import io.github.shm4j.sync.NamedSemaphore;
import io.github.shm4j.sync.SemaphoreFullException;
import io.github.shm4j.testkit.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The sync objects against a careless or hostile user: a holder killed while three
 * processes wait, close racing every operation, and (Linux) what a peer can leave under
 * a name or do to an object's file. (A peer that truncates the file of a sync object in
 * use is not covered: the C library's mutex code faults on it, and the README says so.)
 */
class SyncAbuseIT {
    @Test
    void aHolderKilledWhileThreeProcessesWaitGivesOwnerDeathToOneAndTheMutexToEach() throws Exception {
        TestSupport.requireRobustFutexes();
        String name = TestSupport.uniqueName("mutex-3");
        try (NamedMutex m = NamedMutex.create(name); ChildProcess holder = TestSupport.syncChild("hold", name)) {
            holder.expect("locked");
            List<ChildProcess> waiters = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    waiters.add(TestSupport.syncChild("lock", name));
                }
                Thread.sleep(2000); // let them start and block (if one is late, it still finds the mutex)
                holder.kill();
                int ownerDied = 0;
                for (ChildProcess w : waiters) {
                    String first = w.nextLine();
                    assertTrue(first.equals("locked") || first.equals("owner-died"), first);
                    ownerDied += first.equals("owner-died") ? 1 : 0;
                    w.expect("unlocked");
                    assertEquals(0, w.awaitExit(), w::out);
                }
                assertEquals(1, ownerDied, "exactly one waiter learns of the death");
            } finally {
                for (ChildProcess w : waiters) {
                    w.close();
                }
            }
            assertTrue(m.tryLock(), "free and consistent: no OwnerDiedException here");
            m.unlock();
        }
        assertFalse(TestSupport.exists(name), "the last close removed the name");
    }

    /**
     * close() in one thread while others lock, await, set, acquire and release through
     * the same handles, many times: each use ends normally or with
     * IllegalStateException, nothing hangs, and nothing is left.
     */
    @Test
    void closeRacingEveryOperationEndsInIllegalStateExceptionOnly() throws Exception {
        Map<Integer, String> fds = TestSupport.linux() ? TestSupport.openFds() : Map.of();
        Set<String> endings = ConcurrentHashMap.newKeySet();
        for (int round = 0; round < 100; round++) {
            String name = TestSupport.uniqueName("close-race");
            NamedMutex m = NamedMutex.create(name + "m");
            NamedEvent e = NamedEvent.create(name + "e", EventReset.AUTO, false);
            NamedSemaphore s = NamedSemaphore.create(name + "s", 0, 1000);
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> threads = new ArrayList<>();
            List<Throwable> wrong = new java.util.concurrent.CopyOnWriteArrayList<>();
            Runnable[] loops = {
                () -> {
                    while (!stop.get()) {
                        m.lock();
                        m.unlock();
                    }
                },
                () -> {
                    while (!stop.get()) {
                        try {
                            m.tryLock(Duration.ofMillis(1));
                        } catch (InterruptedException x) {
                            return;
                        }
                        if (m.isHeldByCurrentThread()) {
                            m.unlock();
                        }
                    }
                },
                () -> {
                    while (!stop.get()) {
                        try {
                            e.await(Duration.ofMillis(2));
                        } catch (InterruptedException x) {
                            return;
                        }
                    }
                },
                () -> {
                    while (!stop.get()) {
                        e.set();
                    }
                },
                () -> {
                    while (!stop.get()) {
                        try {
                            s.tryAcquire(Duration.ofMillis(2));
                        } catch (InterruptedException x) {
                            return;
                        }
                    }
                },
                () -> {
                    while (!stop.get()) {
                        try {
                            s.release();
                        } catch (SemaphoreFullException full) {
                            Thread.onSpinWait();
                        }
                    }
                },
            };
            for (Runnable loop : loops) {
                Thread t = new Thread(() -> {
                    try {
                        loop.run();
                    } catch (IllegalStateException closed) {
                        endings.add(closed.getMessage().replace(name, "NAME"));
                    } catch (Throwable x) {
                        wrong.add(x);
                    }
                });
                threads.add(t);
                t.start();
            }
            Thread.sleep(1 + round % 5);
            m.close();
            e.close();
            s.close();
            stop.set(true);
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(30));
                assertFalse(t.isAlive(), "round " + round + ": a thread hangs after close");
            }
            assertEquals(List.of(), wrong, "round " + round);
            for (String suffix : List.of("m", "e", "s")) {
                assertFalse(TestSupport.exists(name + suffix), "round " + round + ": " + suffix + " left");
            }
        }
        System.out.println("endings: " + endings);
        if (TestSupport.linux()) {
            assertEquals(List.of(), TestSupport.fdsOpenedSince(fds), "descriptors left open");
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void garbageUnderTheNameIsAnObjectOfAnotherType() throws Exception {
        String name = TestSupport.uniqueName("garbage");
        Path file = TestSupport.DEV_SHM.resolve(name);
        try {
            Files.write(file, new byte[0]);
            assertThrows(WrongObjectTypeException.class, () -> NamedMutex.open(name), "zero length");
            byte[] random = new byte[128];
            new java.util.Random(7).nextBytes(random);
            Files.write(file, random);
            assertThrows(WrongObjectTypeException.class, () -> NamedEvent.open(name), "random bytes");
            assertThrows(WrongObjectTypeException.class, () -> NamedSemaphore.create(name, 0, 1), "random bytes");
            Files.delete(file);
            Files.createDirectory(file);
            assertThrows(WrongObjectTypeException.class, () -> NamedMutex.open(name), "a directory");
            Files.delete(file);
            Files.createSymbolicLink(file, Path.of("/etc/passwd"));
            assertThrows(WrongObjectTypeException.class, () -> NamedMutex.open(name), "a symbolic link");
        } finally {
            Files.deleteIfExists(file);
        }
        try (NamedSemaphore s = NamedSemaphore.create(name, 0, 5);
                SharedMemory raw = SharedMemory.open(name, Access.READ_WRITE);
                MappedView header = raw.map(0, 64, Access.READ_WRITE)) {
            assertTrue(!s.isClosed());
            header.putShort(4, (short) 7);
            WrongObjectTypeException x = assertThrows(WrongObjectTypeException.class, () -> NamedSemaphore.open(name));
            assertTrue(x.getMessage().contains("unknown kind"), x.getMessage());
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aFifoUnderTheNameIsAnObjectOfAnotherType() throws Exception {
        String name = TestSupport.uniqueName("fifo");
        Path file = TestSupport.DEV_SHM.resolve(name);
        TestSupport.runOk(List.of("mkfifo", file.toString()));
        try {
            assertThrows(WrongObjectTypeException.class, () -> NamedMutex.open(name));
            assertThrows(WrongObjectTypeException.class, () -> NamedEvent.open(name));
        } finally {
            Files.delete(file);
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aHeaderWhoseSizeContradictsItsKindIsRefused() throws Exception {
        String name = TestSupport.uniqueName("size");
        try (NamedSemaphore s = NamedSemaphore.create(name, 0, 5);
                SharedMemory raw = SharedMemory.open(name, Access.READ_WRITE);
                MappedView header = raw.map(0, 64, Access.READ_WRITE)) {
            assertTrue(!s.isClosed());
            header.putInt(8, 12_345_678);
            assertThrows(WrongObjectTypeException.class, () -> NamedSemaphore.open(name));
        }
    }

    /**
     * The sync natives get handles that are no open sync object's (0, small numbers, -1, a
     * closed event's, a SharedMemory's), as code on the class path can pass them through
     * reflection: each is refused with an exception, none is used (the README promises
     * it of every native). They were raw addresses: SIGSEGV at the first.
     */
    @Test
    void forgedClosedAndForeignHandlesAreRefusedBySyncNatives() {
        String name = TestSupport.uniqueName("forged");
        List<String> cmd = new ArrayList<>(List.of(TestSupport.java(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), SyncAbuseChild.class.getName(), "forged", name));
        TestSupport.Result r = TestSupport.run(cmd);
        assertEquals(0, r.exit(), r::toString);
        List<String> calls = r.output().lines().filter(l -> l.matches("[a-z-]+ [a-zA-Z]+ \\w+"))
                .collect(Collectors.toList());
        assertEquals(5 * 15, calls.size(), r::toString); // 5 handles, 15 natives that take one (6 take a mapping)
        for (String call : calls) {
            assertTrue(call.endsWith(" NativeException"), "refused: " + call);
        }
        assertTrue(r.output().contains("live mutex still works true"), r::toString);
        assertTrue(r.output().endsWith("survived"), r::toString);
        for (String suffix : List.of(".e", ".m", ".shm")) {
            assertFalse(TestSupport.exists(name + suffix), suffix + " left");
        }
    }
}
