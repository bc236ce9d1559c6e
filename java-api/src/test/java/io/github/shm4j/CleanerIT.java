/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Issue 3, point 7: a SharedMemory nobody closed is released by the garbage collector. */
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
            assertTrue(TestSupport.shmMappings().stream().anyMatch(l -> l.endsWith("/dev/shm/" + name)));
            // a generous limit, left as soon as the cleaner has run: on the emulated aarch64
            // JVM of a loaded machine the collections this needs take over 10 s
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (TestSupport.exists(name) && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(50);
            }
            assertFalse(TestSupport.exists(name), "the cleaner closed the forgotten creator and removed the name");
            while (TestSupport.shmMappings().stream().anyMatch(l -> l.contains("/dev/shm/" + name))
                    && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(50);
            }
            assertEquals(0, TestSupport.shmMappings().stream().filter(l -> l.contains("/dev/shm/" + name)).count(),
                    "the forgotten view was unmapped too");
        } finally {
            TestSupport.removeQuietly(name);
        }
    }
}
