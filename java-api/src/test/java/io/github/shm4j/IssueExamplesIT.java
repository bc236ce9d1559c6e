/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Issue 3, point 1: the issue's Java example, as written (the name included). */
class IssueExamplesIT {
    private static final String MESSAGE = "Message from the first process.";

    @Test
    void theIssuesJavaExampleRunsAsWritten() {
        try (SharedMemory shm = SharedMemory.create("Local\\SampleMap", 65536);
                MappedView view = shm.map(0, 1024, Access.READ_WRITE)) {
            int written = view.putString(0, MESSAGE, StandardCharsets.UTF_16LE);
            assertEquals(2 * MESSAGE.length() + 2, written);
            ByteBuffer buffer = view.buffer();
            assertEquals(1024, buffer.capacity());
            assertEquals('M', buffer.get(0));
            assertEquals(0, buffer.get(1));
            assertTrue(TestSupport.exists("SampleMap"), "Local\\SampleMap is /dev/shm/SampleMap on Linux");

            // "the second process" (here: the same one, through a second handle)
            try (SharedMemory reader = SharedMemory.open("Local\\SampleMap", Access.READ_ONLY);
                    MappedView readView = reader.map(0, 1024, Access.READ_ONLY)) {
                String text = readView.getString(0, StandardCharsets.UTF_16LE);
                assertEquals(MESSAGE, text);
                assertEquals(65536, reader.size());
                assertFalse(reader.isCreator());
            }
        } finally {
            if (TestSupport.exists("SampleMap")) {
                SharedMemory.remove("Local\\SampleMap");
            }
        }
        assertFalse(TestSupport.exists("SampleMap"), "the creator's close removes the name");
    }
}
