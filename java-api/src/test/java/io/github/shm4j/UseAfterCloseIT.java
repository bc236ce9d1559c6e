/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Buffers and accessors used after close read zeros, write nowhere, never crash. */
class UseAfterCloseIT {
    private static final int SIZE = 4096;
    /** What a racing thread writes through a stale buffer once close() has returned. */
    private static final byte AFTER_CLOSE = 0x55;
    /** {@link #pattern()} as native-order words. */
    private static final ByteBuffer LONGS = ByteBuffer.wrap(pattern()).order(java.nio.ByteOrder.nativeOrder());

    /** Whether each byte of the {@code size}-byte {@code value} read at {@code offset} is the pattern's or 0. */
    private static boolean oldOrZero(long value, int offset, int size) {
        ByteBuffer bytes = ByteBuffer.allocate(8).order(java.nio.ByteOrder.nativeOrder());
        if (size == 8) {
            bytes.putLong(0, value);
        } else {
            bytes.putInt(0, (int) value);
        }
        for (int k = 0; k < size; k++) {
            byte b = bytes.get(k);
            if (b != 0 && b != LONGS.get(offset + k)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] pattern() {
        byte[] p = new byte[SIZE];
        for (int i = 0; i < SIZE; i++) {
            p[i] = (byte) (i * 31 + 7 | 1); // never 0
        }
        return p;
    }

    @Test
    void tenThousandStaleBuffersReadZeroAndWriteNowhere() {
        String name = TestSupport.uniqueName("stale");
        byte[] expected = pattern();
        try (SharedMemory shm = SharedMemory.create(name, SIZE);
                MappedView witness = shm.map(0, SIZE, Access.READ_WRITE)) {
            witness.put(0, expected);
            for (int round = 0; round < 10_000; round++) {
                int at = (round * 8) % SIZE;
                MappedView view = shm.map(0, SIZE, Access.READ_WRITE);
                ByteBuffer buffer = view.buffer();
                assertEquals(expected[at], buffer.get(at), "mapped: sees the object");
                view.close();
                assertEquals(0, buffer.get(at), "round " + round + ": a stale buffer reads 0");
                assertEquals(0L, buffer.getLong(at & ~7));
                buffer.put(at, (byte) 0x55);
                buffer.putLong(at & ~7, -1L);
                assertEquals(expected[at], witness.getByte(at), "round " + round + ": the object is untouched");
                assertThrows(IllegalStateException.class, () -> view.getByte(0));
                assertThrows(IllegalStateException.class, view::buffer);
            }
            byte[] now = new byte[SIZE];
            witness.get(0, now);
            assertArrayEquals(expected, now, "no stale write reached the shared object");
            try (SharedMemory other = SharedMemory.open(name, Access.READ_ONLY);
                    MappedView check = other.map(0, SIZE, Access.READ_ONLY)) {
                check.get(0, now);
                assertArrayEquals(expected, now, "seen through a second handle too");
            }
        } finally {
            TestSupport.removeQuietly(name);
        }
    }

    @Test
    void readersRacingCloseOfViewAndObjectDoNotCrashOrWrite() throws Exception {
        String name = TestSupport.uniqueName("race");
        byte[] expected = pattern();
        try (SharedMemory keeper = SharedMemory.create(name, SIZE);
                MappedView witness = keeper.map(0, SIZE, Access.READ_WRITE)) {
            witness.put(0, expected);
            for (int round = 0; round < 20; round++) {
                SharedMemory shm = SharedMemory.open(name, Access.READ_WRITE);
                MappedView view = shm.map(0, SIZE, Access.READ_WRITE);
                MappedView second = shm.map(SIZE / 2, SIZE / 2, Access.READ_WRITE);
                ByteBuffer shared = view.buffer();
                AtomicBoolean stop = new AtomicBoolean();
                AtomicBoolean closeReturned = new AtomicBoolean();
                AtomicLong illegalState = new AtomicLong();
                AtomicLong writesAfterClose = new AtomicLong();
                AtomicLong zerosRead = new AtomicLong();
                AtomicReference<Throwable> unexpected = new AtomicReference<>();
                CountDownLatch started = new CountDownLatch(4);
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int id = t;
                    Thread thread = new Thread(() -> {
                        ByteBuffer mine = shared.duplicate();
                        started.countDown();
                        while (!stop.get()) {
                            for (int i = 0; i < SIZE; i += 64) {
                                byte b = mine.get(i);
                                // mapped: the object's byte; closed: the placeholder's 0
                                if (b != expected[i] && b != 0) {
                                    throw new AssertionError("byte " + i + " read " + b);
                                }
                                zerosRead.addAndGet(b == 0 ? 1 : 0);
                                if (id == 0) {
                                    // the same value while mapped; once close() has returned, garbage
                                    // between the bytes that the others read
                                    if (closeReturned.get()) {
                                        mine.put(i + 32, AFTER_CLOSE);
                                        writesAfterClose.incrementAndGet();
                                    } else {
                                        mine.put(i, expected[i]);
                                    }
                                }
                                try {
                                    long l = view.getLong(i & ~7);
                                    int n = second.getInt(i % (SIZE / 2) & ~3);
                                    int v = view.getIntVolatile(i & ~3);
                                    // each byte is the object's or the placeholder's 0 (a racing
                                    // putByte may have put the old byte into the placeholder)
                                    if (!oldOrZero(l, i & ~7, 8) || !oldOrZero(n, SIZE / 2 + (i % (SIZE / 2) & ~3), 4)
                                            || !oldOrZero(v, i & ~3, 4)) {
                                        throw new AssertionError("an accessor at " + i + " read " + l + ", " + n
                                                + ", " + v + ": neither the old value nor 0");
                                    }
                                    if (id == 1) {
                                        view.putByte(i, expected[i]);
                                    }
                                } catch (IllegalStateException closed) {
                                    illegalState.incrementAndGet();
                                }
                            }
                        }
                    });
                    thread.setUncaughtExceptionHandler((th, e) -> unexpected.set(e));
                    threads.add(thread);
                    thread.start();
                }
                assertTrue(started.await(60, TimeUnit.SECONDS));
                Thread closer = new Thread(() -> {
                    view.close();
                    shm.close();
                });
                closer.setUncaughtExceptionHandler((th, e) -> unexpected.set(e));
                closer.start();
                closer.join(TimeUnit.SECONDS.toMillis(60));
                closeReturned.set(true);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while ((writesAfterClose.get() < 64 || zerosRead.get() == 0) && threads.get(0).isAlive()
                        && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                stop.set(true);
                for (Thread thread : threads) {
                    thread.join(TimeUnit.SECONDS.toMillis(60));
                    assertFalse(thread.isAlive(), "a reader is stuck");
                }
                assertEquals(null, unexpected.get(), "only IllegalStateException may come from accessors");
                assertTrue(view.isClosed() && second.isClosed() && shm.isClosed());
                assertEquals(0, shared.get(1), "after the close, the buffer reads 0 (where nobody wrote)");
                assertTrue(writesAfterClose.get() >= 64, "writes after the close happened: " + writesAfterClose);
                assertEquals(AFTER_CLOSE, shared.get(32), "they went to the placeholder");
                assertTrue(zerosRead.get() > 0, "readers saw the placeholder's zeros");
                byte[] now = new byte[SIZE];
                witness.get(0, now);
                assertArrayEquals(expected, now, "round " + round + ": the shared object is unchanged");
            }
            try (SharedMemory other = SharedMemory.open(name, Access.READ_ONLY);
                    MappedView check = other.map(0, SIZE, Access.READ_ONLY)) {
                byte[] now = new byte[SIZE];
                check.get(0, now);
                assertArrayEquals(expected, now);
            }
        } finally {
            TestSupport.removeQuietly(name);
        }
    }
}
