/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * A buffer that is still reachable keeps its object, and the object's name, alive,
 * though its SharedMemory and MappedView were forgotten; once the buffer goes too,
 * the object is released.
 */
class BufferKeepsObjectIT {
    private static ByteBuffer bufferOfAForgottenObject(String name) {
        return SharedMemory.create(name, 4096).map(0, 4096, Access.READ_WRITE).buffer();
    }

    private static void collect(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
    }

    @Test
    void aReachableBufferKeepsItsObjectAndName() throws Exception {
        String name = TestSupport.uniqueName("buffer");
        try {
            ByteBuffer buffer = bufferOfAForgottenObject(name);
            collect(1000); // the SharedMemory and the view are garbage now
            assertTrue(TestSupport.exists(name), "the name lives while the buffer is reachable");
            buffer.putInt(0, 42);
            try (SharedMemory peer = SharedMemory.open(name, Access.READ_ONLY);
                    MappedView v = peer.map(0, 4096, Access.READ_ONLY)) {
                assertEquals(42, v.getInt(0), "a peer reaches the object the buffer writes");
            }
            assertEquals(42, buffer.getInt(0));

            buffer = null; // now everything is forgotten
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (TestSupport.exists(name) && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(20);
            }
            assertFalse(TestSupport.exists(name), "released once the buffer is unreachable too");
        } finally {
            TestSupport.removeQuietly(name);
        }
    }
}
