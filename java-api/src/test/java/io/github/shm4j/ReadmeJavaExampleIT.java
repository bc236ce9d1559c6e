/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The README's Java example runs as written, its name included: {@code Local\SampleMap}
 * is {@code /dev/shm/SampleMap} on Linux, a second handle reads the message, and the
 * creator's close removes the name. Beside a running demo server (which holds that
 * name) it waits for the name, or skips saying why; it never removes another process's object.
 */
class ReadmeJavaExampleIT {
    private static final String MESSAGE = "Message from the first process.";

    @Test
    void theReadmesJavaExampleRunsAsWritten() {
        TestSupport.awaitSampleNameFree();
        try (SharedMemory shm = SharedMemory.create("Local\\SampleMap", 65536);
                MappedView view = shm.map(0, 1024, Access.READ_WRITE)) {
            int written = view.putString(0, MESSAGE, StandardCharsets.UTF_16LE);
            assertEquals(2 * MESSAGE.length() + 2, written);
            ByteBuffer buffer = view.buffer();
            assertEquals(1024, buffer.capacity());
            assertEquals('M', buffer.get(0));
            assertEquals(0, buffer.get(1));
            if (TestSupport.linux()) {
                assertTrue(TestSupport.exists("SampleMap"), "Local\\SampleMap is /dev/shm/SampleMap on Linux");
            }

            // "the second process" (here: the same one, through a second handle)
            try (SharedMemory reader = SharedMemory.open("Local\\SampleMap", Access.READ_ONLY);
                    MappedView readView = reader.map(0, 1024, Access.READ_ONLY)) {
                String text = readView.getString(0, StandardCharsets.UTF_16LE);
                assertEquals(MESSAGE, text);
                assertEquals(65536, reader.size());
                assertFalse(reader.isCreator());
            }
        }
        assertThrows(NotFoundException.class, () -> SharedMemory.open("Local\\SampleMap", Access.READ_ONLY),
                "the creator's close removes the name");
    }
}
