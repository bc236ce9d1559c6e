/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What each atomic accessor does, in this JVM (so that mutation testing sees it):
 * its result, what it leaves in the shared object (read back through a second,
 * separate mapping) and, for the read-modify-writes, that threads using separate
 * mappings of one object lose nothing. {@link CrossProcessAtomicsIT} does the same
 * across processes.
 */
class AtomicsIT {
    /** Values whose high and low halves differ, so that a 32-bit slip shows. */
    private static final long BIG = 0x7654_3210_89AB_CDEFL;
    private static final long BIG2 = 0x0123_4567_FEDC_BA98L;

    private final String name = TestSupport.uniqueName("atomics");
    private SharedMemory shm;
    private MappedView view;
    /** A second mapping of the same bytes: what another process would see. */
    private MappedView other;

    @BeforeEach
    void map() {
        shm = SharedMemory.create(name, 8192);
        view = shm.map(0, 8192, Access.READ_WRITE);
        other = shm.map(0, 8192, Access.READ_WRITE);
    }

    @AfterEach
    void close() {
        shm.close();
    }

    @Test
    void volatileIntAndLongReachTheObject() {
        view.putIntVolatile(8, -123_456_789);
        assertEquals(-123_456_789, other.getInt(8));
        assertEquals(-123_456_789, other.getIntVolatile(8));
        other.putIntVolatile(12, 0x7FFF_FFFE);
        assertEquals(0x7FFF_FFFE, view.getIntVolatile(12));

        view.putLongVolatile(16, BIG);
        assertEquals(BIG, other.getLong(16));
        assertEquals(BIG, other.getLongVolatile(16));
        other.putLongVolatile(24, Long.MIN_VALUE + 1);
        assertEquals(Long.MIN_VALUE + 1, view.getLongVolatile(24));
        assertEquals(0, view.getLongVolatile(32), "untouched words stay 0");
    }

    @Test
    void releaseWritesAndAcquireReadsTheValue() {
        view.putIntRelease(40, 0x1234_5678);
        assertEquals(0x1234_5678, other.getInt(40));
        assertEquals(0x1234_5678, other.getIntAcquire(40));
        other.putInt(44, -7);
        assertEquals(-7, view.getIntAcquire(44));

        view.putLongRelease(48, BIG);
        assertEquals(BIG, other.getLong(48));
        assertEquals(BIG, other.getLongAcquire(48));
        other.putLong(56, -1L);
        assertEquals(-1L, view.getLongAcquire(56));
    }

    @Test
    void compareAndSetIntSucceedsOnlyOnTheExpectedValue() {
        other.putInt(64, 5);
        assertFalse(view.compareAndSetInt(64, 4, 9), "5 is not 4");
        assertEquals(5, other.getInt(64), "a failed compare-and-set writes nothing");
        assertTrue(view.compareAndSetInt(64, 5, 9));
        assertEquals(9, other.getInt(64), "a successful one writes the update");
        assertFalse(view.compareAndSetInt(64, 5, 11), "5 is gone");
        assertEquals(9, other.getInt(64));
        assertTrue(view.compareAndSetInt(64, 9, Integer.MIN_VALUE));
        assertEquals(Integer.MIN_VALUE, other.getInt(64));
        assertEquals(0, other.getInt(68), "the neighbour is untouched");
    }

    @Test
    void compareAndSetLongComparesAllSixtyFourBits() {
        other.putLong(72, BIG);
        assertFalse(view.compareAndSetLong(72, BIG & 0xFFFF_FFFFL, 1), "the low half alone is not the value");
        assertFalse(view.compareAndSetLong(72, BIG2, 1));
        assertEquals(BIG, other.getLong(72), "a failed compare-and-set writes nothing");
        assertTrue(view.compareAndSetLong(72, BIG, BIG2));
        assertEquals(BIG2, other.getLong(72));
        assertFalse(view.compareAndSetLong(72, BIG, 3));
        assertEquals(BIG2, other.getLong(72));
        assertEquals(0, other.getLong(80), "the neighbour is untouched");
    }

    @Test
    void getAndAddIntReturnsTheValueBeforeAndWraps() {
        other.putInt(88, 40);
        assertEquals(40, view.getAndAddInt(88, 2));
        assertEquals(42, other.getInt(88));
        assertEquals(42, view.getAndAddInt(88, -50));
        assertEquals(-8, other.getInt(88));
        other.putInt(88, Integer.MAX_VALUE);
        assertEquals(Integer.MAX_VALUE, view.getAndAddInt(88, 1));
        assertEquals(Integer.MIN_VALUE, other.getInt(88), "int arithmetic wraps");
        assertEquals(Integer.MIN_VALUE, view.getAndAddInt(88, 0));
        assertEquals(0, other.getInt(92), "the neighbour is untouched");
    }

    @Test
    void getAndAddLongReturnsTheValueBeforeAndCarriesIntoTheHighHalf() {
        other.putLong(96, 0xFFFF_FFFFL);
        assertEquals(0xFFFF_FFFFL, view.getAndAddLong(96, 1));
        assertEquals(1L << 32, other.getLong(96), "the carry reaches bit 32");
        assertEquals(1L << 32, view.getAndAddLong(96, BIG));
        assertEquals(BIG + (1L << 32), other.getLong(96));
        assertEquals(BIG + (1L << 32), view.getAndAddLong(96, -(BIG + (1L << 32)) - 1));
        assertEquals(-1L, other.getLong(96));
        assertEquals(0, other.getLong(104), "the neighbour is untouched");
    }

    /** Four threads, each through its own mapping: read-modify-writes lose nothing. */
    @Test
    void threadsOnSeparateMappingsLoseNoUpdate() throws Exception {
        int threads = 4;
        int n = 50_000;
        List<MappedView> views = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            views.add(shm.map(0, 4096, Access.READ_WRITE));
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> running = new ArrayList<>();
        for (MappedView v : views) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < n; i++) {
                        v.getAndAddInt(128, 1);
                        v.getAndAddLong(136, 1L << 32);
                        int seen;
                        do {
                            seen = v.getIntVolatile(144);
                        } while (!v.compareAndSetInt(144, seen, seen + 1));
                        long seenLong;
                        do {
                            seenLong = v.getLongVolatile(152);
                        } while (!v.compareAndSetLong(152, seenLong, seenLong + (1L << 33)));
                        // a spin-lock guarding a plain counter
                        while (!v.compareAndSetInt(160, 0, 1)) {
                            Thread.onSpinWait();
                        }
                        v.putLong(168, v.getLong(168) + 1);
                        v.putIntRelease(160, 0);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            running.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : running) {
            thread.join(TimeUnit.SECONDS.toMillis(120));
            assertFalse(thread.isAlive(), "a thread is stuck");
        }
        assertNull(failure.get());
        long total = (long) threads * n;
        assertEquals(total, other.getInt(128), "getAndAddInt");
        assertEquals(total << 32, other.getLong(136), "getAndAddLong");
        assertEquals(total, other.getInt(144), "compareAndSetInt loop");
        assertEquals(total << 33, other.getLong(152), "compareAndSetLong loop");
        assertEquals(total, other.getLong(168), "the counter under the compare-and-set lock");
    }

    @Test
    void atomicsOfAViewAtAnOffsetReachTheRightBytes() {
        try (MappedView shifted = shm.map(4096 + 8, 64, Access.READ_WRITE)) {
            shifted.putLongVolatile(8, BIG);
            assertEquals(BIG, other.getLong(4096 + 16));
            assertTrue(shifted.compareAndSetLong(8, BIG, 1));
            assertEquals(1, shifted.getAndAddLong(8, 1));
            shifted.putIntRelease(4, 77);
            assertEquals(77, other.getInt(4096 + 12));
            assertEquals(77, shifted.getAndAddInt(4, 1));
            assertEquals(78, shifted.getIntAcquire(4));
            assertEquals(2, other.getLongVolatile(4096 + 16));
        }
    }
}
