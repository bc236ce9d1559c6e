/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.shm4j.testkit.ChildProcess;
import io.github.shm4j.sync.NamedMutex;
import io.github.shm4j.sync.OwnerDiedException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stress test: 4 processes x 2 threads add 1,000,000 to a counter in
 * shared memory under one NamedMutex, with plain (non-atomic) reads and writes, so
 * that any lapse of mutual exclusion loses updates; one process is killed (kill -9)
 * mid-run and restarted. Each process also counts its own increments beside the
 * counter, in the same critical section, so that the next owner after a death can
 * repair the counter (counter = sum of the per-process counts) and a restarted
 * process knows how far it got.
 */
class SyncStressIT {
    static final int PROCESSES = 4;
    static final int QUOTA = 250_000; // per process: 4 x 250,000 = 1,000,000
    private static final int COUNTER = 0;
    private static final int DONE = 64; // + 8 x process index

    @Test
    void noLostUpdateWhileAProcessIsKilledAndRestarted() throws Exception {
        TestSupport.requireRobustFutexes();
        String mutex = TestSupport.uniqueName("stress-mutex");
        String shm = TestSupport.uniqueName("stress-shm");
        try (NamedMutex m = NamedMutex.create(mutex);
             SharedMemory memory = SharedMemory.create(shm, 4096);
             MappedView view = memory.map(0, 4096, Access.READ_WRITE)) {
            List<ChildProcess> peers = new ArrayList<>();
            try {
                for (int i = 0; i < PROCESSES; i++) {
                    peers.add(TestSupport.syncChild("stress", mutex, shm, String.valueOf(i), String.valueOf(QUOTA)));
                }
                // Kill process 0 once it is well into its share, then start it again.
                while (view.getLongVolatile(DONE) < QUOTA / 4) {
                    Thread.sleep(5);
                }
                peers.get(0).kill();
                long doneAtKill = view.getLongVolatile(DONE);
                assertTrue(doneAtKill < QUOTA, "killed mid-run: " + doneAtKill);
                peers.set(0, TestSupport.syncChild("stress", mutex, shm, "0", String.valueOf(QUOTA)));
                awaitAllDone(view);
                for (ChildProcess p : peers) {
                    assertEquals(0, p.awaitExit());
                }
            } finally {
                for (ChildProcess p : peers) {
                    p.close();
                }
            }
            m.lock();
            try {
                for (int i = 0; i < PROCESSES; i++) {
                    assertEquals(QUOTA, view.getLong(DONE + 8 * i), "process " + i);
                }
                assertEquals((long) PROCESSES * QUOTA, view.getLong(COUNTER), "no lost update");
            } finally {
                m.unlock();
            }
        }
    }

    /** One process of the test: 2 threads adding until this process's count reaches quota. */
    static void worker(String mutex, String shm, int index, int quota) throws Exception {
        try (NamedMutex m = NamedMutex.open(mutex);
             SharedMemory memory = SharedMemory.open(shm, Access.READ_WRITE);
             MappedView view = memory.map(0, 4096, Access.READ_WRITE)) {
            Runnable adder = () -> {
                for (;;) {
                    try {
                        m.lock();
                    } catch (OwnerDiedException died) {
                        long sum = 0; // repair: the dead owner may have counted without recording
                        for (int i = 0; i < PROCESSES; i++) {
                            sum += view.getLong(DONE + 8 * i);
                        }
                        view.putLong(COUNTER, sum);
                    }
                    try {
                        long done = view.getLong(DONE + 8 * index);
                        if (done >= quota) {
                            return;
                        }
                        long c = view.getLong(COUNTER);
                        view.putLong(COUNTER, c + 1);
                        view.putLong(DONE + 8 * index, done + 1);
                    } finally {
                        m.unlock();
                    }
                }
            };
            Thread a = new Thread(adder);
            Thread b = new Thread(adder);
            a.start();
            b.start();
            a.join();
            b.join();
        }
    }

    /**
     * Waits until every process has done its share, for as long as they make
     * progress: a million locks take seconds natively but minutes on a loaded machine
     * under Wine, so the bound is 30 s without progress, not a total.
     */
    private static void awaitAllDone(MappedView view) throws InterruptedException {
        long last = -1;
        long lastChange = System.nanoTime();
        for (;;) {
            long done = 0;
            for (int i = 0; i < PROCESSES; i++) {
                done += view.getLongVolatile(DONE + 8 * i);
            }
            if (done == (long) PROCESSES * QUOTA) {
                return;
            }
            if (done != last) {
                last = done;
                lastChange = System.nanoTime();
            }
            assertTrue(System.nanoTime() - lastChange < 30_000_000_000L,
                    "no progress for 30 s at " + done + " of " + (long) PROCESSES * QUOTA);
            Thread.sleep(20);
        }
    }
}
