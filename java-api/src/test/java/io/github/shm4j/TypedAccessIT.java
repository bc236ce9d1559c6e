/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every typed accessor: a round trip at an unaligned offset, the exact bytes it
 * leaves in the object (native byte order, compared with the JDK's own encoding),
 * and the same values read and written by Python's {@code struct} in another process.
 */
class TypedAccessIT {
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    /** The bytes of {@code value} as the JDK encodes it in native order. */
    private static byte[] encoded(int size, java.util.function.Consumer<ByteBuffer> put) {
        ByteBuffer b = ByteBuffer.allocate(size).order(NATIVE);
        put.accept(b);
        return b.array();
    }

    private static byte[] bytesAt(MappedView view, long offset, int size) {
        byte[] b = new byte[size];
        view.get(offset, b);
        return b;
    }

    @Test
    void eachPutLeavesTheNativeOrderBytesAndEachGetReadsThem() {
        String name = TestSupport.uniqueName("typed");
        try (SharedMemory shm = SharedMemory.create(name, 4096);
                MappedView view = shm.map(0, 4096, Access.READ_WRITE);
                MappedView other = shm.map(0, 4096, Access.READ_ONLY)) {
            view.putByte(1, (byte) -2);
            assertEquals(-2, other.getByte(1));
            assertArrayEquals(new byte[] {0, -2, 0}, bytesAt(other, 0, 3));

            view.putShort(3, (short) 0x1F2E);
            assertArrayEquals(encoded(2, b -> b.putShort((short) 0x1F2E)), bytesAt(other, 3, 2));
            assertEquals((short) 0x1F2E, other.getShort(3));
            view.putShort(5, Short.MIN_VALUE);
            assertEquals(Short.MIN_VALUE, other.getShort(5));

            view.putInt(7, 0x1A2B3C4D);
            assertArrayEquals(encoded(4, b -> b.putInt(0x1A2B3C4D)), bytesAt(other, 7, 4));
            assertEquals(0x1A2B3C4D, other.getInt(7));

            view.putLong(13, 0x0102030405060708L);
            assertArrayEquals(encoded(8, b -> b.putLong(0x0102030405060708L)), bytesAt(other, 13, 8));
            assertEquals(0x0102030405060708L, other.getLong(13));

            view.putFloat(29, -2.5f);
            assertArrayEquals(encoded(4, b -> b.putFloat(-2.5f)), bytesAt(other, 29, 4));
            assertEquals(-2.5f, other.getFloat(29));
            view.putFloat(33, Float.intBitsToFloat(0x7F80_0001)); // a signalling NaN's bits survive
            assertEquals(0x7F80_0001, other.getInt(33));

            view.putDouble(37, 12345.678);
            assertArrayEquals(encoded(8, b -> b.putDouble(12345.678)), bytesAt(other, 37, 8));
            assertEquals(12345.678, other.getDouble(37));
            assertEquals(Double.doubleToRawLongBits(12345.678), other.getLong(37));

            // and the other way: bytes put in by the bulk copy, read by each typed get
            byte[] raw = {1, 2, 3, 4, 5, 6, 7, 8};
            view.put(101, raw);
            ByteBuffer jdk = ByteBuffer.wrap(raw).order(NATIVE);
            assertEquals(jdk.getShort(0), other.getShort(101));
            assertEquals(jdk.getInt(0), other.getInt(101));
            assertEquals(jdk.getLong(0), other.getLong(101));
            assertEquals(Float.floatToRawIntBits(jdk.getFloat(0)), Float.floatToRawIntBits(other.getFloat(101)));
            assertEquals(Double.doubleToRawLongBits(jdk.getDouble(0)),
                    Double.doubleToRawLongBits(other.getDouble(101)));
            assertEquals(0, other.getByte(100), "nothing written before");
            assertEquals(0, other.getByte(109), "nothing written after");
        }
    }

    @Test
    void pythonStructReadsAndWritesTheSameValues() {
        TestSupport.requireLinux("reading a POSIX object by path from Python");
        TestSupport.require(TestSupport.run(List.of("python3", "-c", "import struct, mmap")).exit() == 0,
                "python3 is not installed (CI installs it)");
        String name = TestSupport.uniqueName("python-typed");
        try (SharedMemory shm = SharedMemory.create(name, 4096);
                MappedView view = shm.map(0, 4096, Access.READ_WRITE)) {
            view.putByte(1, (byte) -2);
            view.putShort(3, (short) -12345);
            view.putInt(7, 0x1A2B3C4D);
            view.putLong(13, -0x0102030405060708L);
            view.putFloat(29, -2.5f);
            view.putDouble(37, 12345.678);
            // Python: native order ('='), standard sizes; reads what Java wrote, writes at 512 on
            String script = String.join("\n",
                    "import mmap, struct, sys",
                    "f = open('/dev/shm/' + sys.argv[1], 'r+b')",
                    "m = mmap.mmap(f.fileno(), 4096)",
                    "print(sys.byteorder)",
                    "print(*struct.unpack_from('=b', m, 1), *struct.unpack_from('=h', m, 3),"
                            + " *struct.unpack_from('=i', m, 7), *struct.unpack_from('=q', m, 13),"
                            + " *struct.unpack_from('=f', m, 29), *struct.unpack_from('=d', m, 37))",
                    "struct.pack_into('=bhiqfd', m, 512, -3, 31000, -0x10203040, 0x0A0B0C0D0E0F1011, 0.375, -1e-300)",
                    "m.close()",
                    "f.close()");
            TestSupport.Result r = TestSupport.run(List.of("python3", "-c", script, name));
            assertEquals(0, r.exit(), r::toString);
            String order = NATIVE == ByteOrder.LITTLE_ENDIAN ? "little" : "big";
            assertEquals(order + "\n-2 -12345 439041101 -72623859790382856 -2.5 12345.678", r.output(),
                    "what Python read");
            // '=' packs without padding: b at 512, h at 513, i at 515, q at 519, f at 527, d at 531
            assertEquals(-3, view.getByte(512));
            assertEquals(31000, view.getShort(513));
            assertEquals(-0x10203040, view.getInt(515));
            assertEquals(0x0A0B0C0D0E0F1011L, view.getLong(519));
            assertEquals(0.375f, view.getFloat(527));
            assertEquals(-1e-300, view.getDouble(531));
            assertEquals("", view.getString(539, StandardCharsets.UTF_8), "nothing after");
        }
    }
}
