/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A SharedMemory nobody closed is released by the garbage collector. */
class CleanerIT {

    /** Creates an object and a view and forgets both. */
    private static void createAndForget(String name) {
        SharedMemory shm = SharedMemory.create(name, 4096);
        MappedView view = shm.map(0, 4096, Access.READ_WRITE);
        view.putString(0, "forgotten", StandardCharsets.UTF_8);
    }

    @Test
    void aForgottenCreatorIsReleasedAndItsNameRemoved() throws InterruptedException {
        String name = TestSupport.uniqueName("forgotten");
        try {
            createAndForget(name);
            assertTrue(TestSupport.exists(name));
            TestSupport.onLinux("the mapping is read from /proc/self/maps", () -> assertTrue(
                    TestSupport.shmMappings().stream().anyMatch(l -> l.endsWith("/dev/shm/" + name))));
            // generous, left as soon as the cleaner has run: the emulated aarch64 JVM is slow
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (TestSupport.exists(name) && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(50);
            }
            assertFalse(TestSupport.exists(name), "the cleaner closed the forgotten creator and removed the name");
            TestSupport.onLinux("the mapping is read from /proc/self/maps", () -> {
                while (TestSupport.shmMappings().stream().anyMatch(l -> l.contains("/dev/shm/" + name))
                        && System.nanoTime() < deadline) {
                    System.gc();
                    sleep(50);
                }
                assertEquals(0, TestSupport.shmMappings().stream().filter(l -> l.contains("/dev/shm/" + name))
                        .count(), "the forgotten view was unmapped too");
            });
        } finally {
            TestSupport.removeQuietly(name);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
