/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Objects larger than 2 GiB (and than 4 GiB, where a 32-bit offset would wrap):
 * any window of them maps, at any offset, and views reach only their own window.
 */
class LargeObjectIT {
    private static final long GIB = 1L << 30;

    @Test
    void windowsBeyondFourGibOfAFileBackedObject(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("large.bin");
        long size = 5 * GIB;
        // A sparse file, so that the test needs no 5 GiB of free disk: only the few
        // pages it writes get blocks. openFile with size 0 keeps the file's size.
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        }
        try (SharedMemory shm = SharedMemory.openFile(file, 0, Access.READ_WRITE)) {
            assertEquals(size, shm.size());
            assertEquals(size, Files.size(file));
            long at = 4 * GIB + 12_345; // unaligned, past the 32-bit boundary
            try (MappedView view = shm.map(at, 1 << 20, Access.READ_WRITE)) {
                view.putLong(0, 0x0123456789ABCDEFL);
                view.putLong((1 << 20) - 8, -2L);
            }
            try (MappedView whole = shm.map(4 * GIB, GIB, Access.READ_ONLY)) {
                assertEquals(0x0123456789ABCDEFL, whole.getLong(12_345));
                assertEquals(-2L, whole.getLong(12_345 + (1 << 20) - 8));
                assertEquals(0, whole.getLong(0), "nothing else was written");
            }
            try (MappedView last = shm.map(size - 8, 8, Access.READ_WRITE)) {
                last.putLong(0, 42);
                assertThrows(IndexOutOfBoundsException.class, () -> shm.map(size - 8, 9, Access.READ_ONLY));
            }
            // the largest single view: Integer.MAX_VALUE bytes, reaching into the last GiB
            try (MappedView big = shm.map(size - Integer.MAX_VALUE, Integer.MAX_VALUE, Access.READ_ONLY)) {
                ByteBuffer buffer = big.buffer();
                assertEquals(Integer.MAX_VALUE, buffer.capacity());
                assertEquals(42, big.getLong(Integer.MAX_VALUE - 8));
            }
        }
    }

    @Test
    void aNamedObjectOverTwoGib() {
        String name = TestSupport.uniqueName("large");
        long size = 2 * GIB + 4096;
        try (SharedMemory shm = SharedMemory.create(name, size);
             MappedView tail = shm.map(2 * GIB - 3, 4099, Access.READ_WRITE)) {
            tail.putInt(4095, 0xCAFEBABE);
            try (SharedMemory reader = SharedMemory.open(name, Access.READ_ONLY);
                 MappedView check = reader.map(2 * GIB + 4092, 4, Access.READ_ONLY)) {
                assertEquals(size, reader.size());
                assertEquals(0xCAFEBABE, check.getInt(0));
            }
        } finally {
            TestSupport.removeQuietly(name);
        }
    }
}
