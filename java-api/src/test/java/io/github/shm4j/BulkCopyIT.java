/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ReadOnlyBufferException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bulk put/get of byte arrays on both sides of the size where MappedView switches
 * from ByteBuffer copies to native memcpy: same bytes, same checks, and a copy
 * into a closed view still lands nowhere.
 */
class BulkCopyIT {
    private static final int SIZE = 1 << 20;

    @ParameterizedTest
    @ValueSource(ints = {1, 4095, 4096, 4097, 65536, SIZE - 4, SIZE - 3})
    void putThenGetRoundTripsAtAnUnalignedOffset(int length) {
        String name = TestSupport.uniqueName("bulk");
        byte[] src = new byte[length + 10];
        new Random(length).nextBytes(src);
        try (SharedMemory shm = SharedMemory.create(name, SIZE);
             MappedView view = shm.map(1, SIZE - 1, Access.READ_WRITE);
             MappedView reader = shm.map(0, SIZE, Access.READ_ONLY)) {
            view.put(2, src, 5, length);
            byte[] back = new byte[length + 4];
            view.get(2, back, 3, length);
            assertArrayEquals(Arrays.copyOfRange(src, 5, 5 + length), Arrays.copyOfRange(back, 3, 3 + length));
            assertEquals(0, back[0], "nothing before the destination range is written");
            assertEquals(src[5], reader.getByte(3), "the bytes are in the shared object at offset 1 + 2");
            assertEquals(src[4 + length], reader.getByte(2 + length));
            if (3 + length < SIZE) {
                assertEquals(0, reader.getByte(3 + length), "nothing after the range is written");
            }
            byte[] whole = new byte[length];
            reader.get(3, whole);
            assertArrayEquals(Arrays.copyOfRange(src, 5, 5 + length), whole);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 8192})
    void rangesAndAccessAreCheckedOnBothPaths(int length) {
        String name = TestSupport.uniqueName("bulk-checks");
        byte[] data = new byte[length];
        try (SharedMemory shm = SharedMemory.create(name, 16384);
             MappedView ro = shm.map(0, 16384, Access.READ_ONLY)) {
            MappedView view = shm.map(0, 16384, Access.READ_WRITE);
            assertThrows(IndexOutOfBoundsException.class, () -> view.put(16384 - length + 1, data));
            assertThrows(IndexOutOfBoundsException.class, () -> view.get(-1, data));
            assertThrows(IndexOutOfBoundsException.class, () -> view.put(0, data, 1, length));
            assertThrows(IndexOutOfBoundsException.class, () -> view.get(0, data, -1, length));
            assertThrows(ReadOnlyBufferException.class, () -> ro.put(0, data));
            view.close();
            assertThrows(IllegalStateException.class, () -> view.put(0, data));
            assertThrows(IllegalStateException.class, () -> view.get(0, data));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 65536})
    void aCopyThroughAStaleBufferAfterCloseNeverReachesTheObject(int length) {
        String name = TestSupport.uniqueName("bulk-stale");
        byte[] ones = new byte[length];
        Arrays.fill(ones, (byte) 1);
        try (SharedMemory shm = SharedMemory.create(name, 1 << 17);
             MappedView check = shm.map(0, 1 << 17, Access.READ_ONLY)) {
            MappedView view = shm.map(0, 1 << 17, Access.READ_WRITE);
            java.nio.ByteBuffer stale = view.buffer();
            view.close();
            stale.put(0, ones, 0, length);
            byte[] seen = new byte[length];
            check.get(0, seen);
            assertArrayEquals(new byte[length], seen, "the shared object is untouched");
        }
    }
}
