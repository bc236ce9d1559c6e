/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.shm4j.testkit.ChildProcess;
import io.github.shm4j.sync.EventReset;
import io.github.shm4j.sync.NamedEvent;
import io.github.shm4j.sync.NamedMutex;
import io.github.shm4j.sync.OwnerDiedException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The README's sync examples in Java, as written there but for the names (tests
 * share /dev/shm with parallel builds, so they use unique names): the counter run by
 * three processes at once, and the event handshake between two.
 */
class SyncReadmeIT {

    /** The README's counter, names as parameters. */
    static void counter(String counterName, String lockName) {
        try (SharedMemory shm = SharedMemory.openOrCreate(counterName, 4096);
             MappedView view = shm.map(0, 8, Access.READ_WRITE);
             NamedMutex mutex = NamedMutex.openOrCreate(lockName)) {
            for (int i = 0; i < 1000; i++) {
                try {
                    mutex.lock();
                } catch (OwnerDiedException e) {
                    // Its last owner died holding it; we hold it now. One putLong cannot be
                    // half done, so there is nothing to repair here.
                }
                try {
                    view.putLong(0, view.getLong(0) + 1);
                } finally {
                    mutex.unlock();
                }
            }
        }
    }

    /** The README's handshake, first process. */
    static void firstProcess(String name, Runnable startSecond) throws InterruptedException {
        try (NamedEvent ready = NamedEvent.create(name, EventReset.AUTO, false)) {
            startSecond.run();
            if (!ready.await(Duration.ofSeconds(10))) {
                throw new IllegalStateException("the other process did not start");
            }
        }
    }

    /** The README's handshake, second process. */
    static void secondProcess(String name) {
        try (NamedEvent ready = NamedEvent.open(name)) {
            ready.set();
        }
    }

    @Test
    void theCounterCountsEveryIncrementOfThreeProcesses() throws Exception {
        String counterName = TestSupport.uniqueName("counter");
        String lockName = TestSupport.uniqueName("counter-lock");
        try (SharedMemory keep = SharedMemory.create(counterName, 4096);
             MappedView view = keep.map(0, 8, Access.READ_ONLY);
             ChildProcess a = TestSupport.syncChild("counter", counterName, lockName);
             ChildProcess b = TestSupport.syncChild("counter", counterName, lockName)) {
            counter(counterName, lockName);
            assertEquals(0, a.awaitExit());
            assertEquals(0, b.awaitExit());
            assertEquals(3000, view.getLongVolatile(0));
        }
    }

    @Test
    void theHandshakeEndsOnceTheSecondProcessSetsTheEvent() throws Exception {
        String name = TestSupport.uniqueName("ready");
        ChildProcess[] second = new ChildProcess[1];
        try {
            firstProcess(name, () -> second[0] = TestSupport.syncChild("ready", name));
            assertEquals(0, second[0].awaitExit());
        } finally {
            if (second[0] != null) {
                second[0].close();
            }
        }
    }
}
