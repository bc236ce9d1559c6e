/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Three threads read a view, through its buffer and its accessors,
 * while a fourth closes it, for hundreds of rounds. On Windows the close unmaps and
 * allocates the range again; a reader caught in between must wait, not kill the JVM.
 * The readers start reading before the close and go on after it: the accessors
 * throw only IllegalStateException, the stale buffer reads the object's bytes or
 * zeros (never anything else), and its writes after the close reach nothing shared.
 */
class CloseRaceStressIT {
    private static final int ROUNDS = 300;
    private static final int READERS = 3;
    private static final int SIZE = 64 * 1024;
    private static final byte MARK = 0x5A;

    @Test
    void threeReadersAndOneCloserForHundredsOfRounds() throws Exception {
        String name = TestSupport.uniqueName("close-race");
        byte[] expected = new byte[SIZE];
        java.util.Arrays.fill(expected, MARK);
        long illegalStates = 0;
        long zeroReads = 0;
        try (SharedMemory shm = SharedMemory.create(name, SIZE);
                MappedView witness = shm.map(0, SIZE, Access.READ_WRITE)) {
            witness.put(0, expected);
            for (int round = 0; round < ROUNDS; round++) {
                MappedView view = shm.map(0, SIZE, Access.READ_WRITE);
                ByteBuffer buffer = view.buffer();
                AtomicBoolean closed = new AtomicBoolean();
                AtomicLong illegal = new AtomicLong();
                AtomicLong zeros = new AtomicLong();
                AtomicReference<Throwable> unexpected = new AtomicReference<>();
                CountDownLatch reading = new CountDownLatch(READERS);
                List<Thread> readers = new ArrayList<>();
                for (int r = 0; r < READERS; r++) {
                    int id = r;
                    Thread reader = new Thread(() -> {
                        ByteBuffer mine = buffer.duplicate();
                        boolean counted = false;
                        // Read until some reads after the close have happened.
                        for (int pass = 0; !closed.get() || pass < 4; pass++) {
                            for (int i = id * 8; i < SIZE; i += 512) {
                                byte b = mine.get(i);
                                if (b != MARK && b != 0) {
                                    throw new AssertionError("the buffer read " + b + " at " + i);
                                }
                                if (b == 0) {
                                    zeros.incrementAndGet();
                                }
                                try {
                                    long l = view.getLong(i & ~7);
                                    // zeros only if it passed the open check just before the close
                                    if (l != 0x5A5A5A5A5A5A5A5AL && l != 0) {
                                        throw new AssertionError("getLong read " + Long.toHexString(l));
                                    }
                                } catch (IllegalStateException e) {
                                    illegal.incrementAndGet();
                                }
                                if (closed.get() && i + 260 < SIZE) {
                                    // a stale write, where no reader reads: must reach nothing shared
                                    mine.put(i + 260, (byte) 1);
                                }
                            }
                            if (!counted) {
                                counted = true;
                                reading.countDown();
                            }
                        }
                    });
                    reader.setUncaughtExceptionHandler((t, e) -> unexpected.set(e));
                    readers.add(reader);
                    reader.start();
                }
                reading.await();
                Thread closer = new Thread(view::close);
                closer.setUncaughtExceptionHandler((t, e) -> unexpected.set(e));
                closer.start();
                closer.join();
                closed.set(true);
                for (Thread reader : readers) {
                    reader.join();
                }
                assertNull(unexpected.get(), "round " + round + ": only IllegalStateException from accessors");
                assertTrue(view.isClosed());
                illegalStates += illegal.get();
                zeroReads += zeros.get();
                byte[] now = new byte[SIZE];
                witness.get(0, now);
                assertArrayEquals(expected, now, "round " + round + ": no stale write reached the object");
            }
        } finally {
            TestSupport.removeQuietly(name);
        }
        // The readers did overlap the closes: they saw both sides of them.
        assertTrue(illegalStates > 0, "accessors refused closed views");
        assertTrue(zeroReads > 0, "stale buffers read zeros");
    }
}
