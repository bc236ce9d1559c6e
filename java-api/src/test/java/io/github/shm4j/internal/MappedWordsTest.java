/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MappedWordsTest {
    static List<MappedWords> ways() {
        return List.of(new MappedWords.Buffers(), new MappedWords.Unsafe());
    }

    /** A direct buffer, 8-aligned, and its address. */
    private static final class Memory {
        final ByteBuffer buffer = ByteBuffer.allocateDirect(64 + 8).alignedSlice(8).order(ByteOrder.nativeOrder());
        final long address;

        Memory() throws ReflectiveOperationException {
            address = BufferAddress.of(buffer);
        }
    }

    @ParameterizedTest
    @MethodSource("ways")
    void intAccessesReadAndWriteTheWordAtTheOffset(MappedWords w) throws ReflectiveOperationException {
        Memory m = new Memory();
        w.setInt(m.buffer, m.address, 8, 0x12345678);
        assertEquals(0x12345678, m.buffer.getInt(8), "setInt wrote at the offset");
        assertEquals(0, m.buffer.getInt(4), "and nowhere else");
        assertEquals(0, m.buffer.getInt(12));
        m.buffer.putInt(16, -7);
        assertEquals(-7, w.getInt(m.buffer, m.address, 16));
        assertEquals(-7, w.getIntOpaque(m.buffer, m.address, 16));
        assertEquals(-7, w.getIntAcquire(m.buffer, m.address, 16));
        assertEquals(-7, w.getIntVolatile(m.buffer, m.address, 16));
        w.setIntRelease(m.buffer, m.address, 4, 0x7edcba98);
        assertEquals(0x7edcba98, m.buffer.getInt(4), "setIntRelease wrote at the offset");
        assertEquals(0x12345678, m.buffer.getInt(8), "and nowhere else");
        assertEquals(0, m.buffer.getInt(0));
        m.buffer.putInt(4, 0);

        assertFalse(w.compareAndSetInt(m.buffer, m.address, 16, 3, 9), "CAS with the wrong expectation");
        assertEquals(-7, m.buffer.getInt(16), "left it");
        assertTrue(w.compareAndSetInt(m.buffer, m.address, 16, -7, 9));
        assertEquals(9, m.buffer.getInt(16));
        assertEquals(9, w.getAndSetInt(m.buffer, m.address, 16, 0x80000001), "the swap returns the old value");
        assertEquals(0x80000001, m.buffer.getInt(16));
    }

    @ParameterizedTest
    @MethodSource("ways")
    void longAccessesReadAndWriteTheWordAtTheOffset(MappedWords w) throws ReflectiveOperationException {
        Memory m = new Memory();
        w.setLong(m.buffer, m.address, 24, 0x0102030405060708L);
        assertEquals(0x0102030405060708L, m.buffer.getLong(24));
        assertEquals(0L, m.buffer.getLong(16), "and nowhere else");
        assertEquals(0L, m.buffer.getLong(32));
        w.setLongRelease(m.buffer, m.address, 32, -2L);
        assertEquals(-2L, m.buffer.getLong(32));
        m.buffer.putLong(40, Long.MIN_VALUE);
        assertEquals(Long.MIN_VALUE, w.getLong(m.buffer, m.address, 40));
    }

    @ParameterizedTest
    @MethodSource("ways")
    void theKindNamesTheWay(MappedWords w) {
        assertEquals(w instanceof MappedWords.Unsafe ? "unsafe" : "buffer", w.kind());
    }

    @Test
    void theBufferWayChecksItsBounds() throws ReflectiveOperationException {
        Memory m = new Memory();
        MappedWords w = new MappedWords.Buffers();
        assertThrows(IndexOutOfBoundsException.class, () -> w.getLong(m.buffer, m.address, m.buffer.capacity()));
        assertThrows(IndexOutOfBoundsException.class, () -> w.setInt(m.buffer, m.address, -4, 1));
    }

    @Test
    void unsafeIsUsedBeforeJdk24OrWhereTheCommandLineAllowsIt() {
        assertTrue(MappedWords.unsafeAllowed(17, null));
        assertTrue(MappedWords.unsafeAllowed(23, null), "JDK 23 does not warn by default");
        assertFalse(MappedWords.unsafeAllowed(23, "warn"), "unless told to");
        assertTrue(MappedWords.unsafeAllowed(23, "allow"));
        assertFalse(MappedWords.unsafeAllowed(24, null), "JDK 24 warns by default (JEP 498)");
        assertFalse(MappedWords.unsafeAllowed(25, "warn"));
        assertFalse(MappedWords.unsafeAllowed(26, "deny"));
        assertTrue(MappedWords.unsafeAllowed(25, "allow"));
    }

    @Test
    void theChoiceFallsBackToBuffersWhereUnsafeIsNotAllowedOrNotThere() {
        AtomicInteger asked = new AtomicInteger();
        MappedWords notAllowed = MappedWords.choose(false, () -> {
            asked.incrementAndGet();
            return new MappedWords.Unsafe();
        });
        assertEquals("buffer", notAllowed.kind());
        assertEquals(0, asked.get(), "Unsafe is not even reached where it would warn");
        assertEquals("buffer", MappedWords.choose(true, () -> {
            throw new NoClassDefFoundError("sun/misc/Unsafe");
        }).kind());
        assertEquals("unsafe", MappedWords.choose(true, MappedWords.Unsafe::new).kind());
    }

    @Test
    void thisJvmGetsTheWayItsVersionAllows() {
        boolean allowed = MappedWords.unsafeAllowed(Runtime.version().feature(),
                System.getProperty("sun.misc.unsafe.memory.access"));
        assertEquals(allowed ? "unsafe" : "buffer", MappedWords.INSTANCE.kind());
    }
}
