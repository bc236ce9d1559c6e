/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.shm4j.internal.ApiAccess;
import io.github.shm4j.internal.BufferAddress;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The smaller promises of MappedView and SharedMemory, each checked in this JVM:
 * C strings in every code-unit size, alignment measured in the object, what the
 * accessors, messages and toString say, and the options each object was made with.
 */
class ViewAndObjectDetailsIT {
    private static final Charset UTF_32LE = Charset.forName("UTF-32LE");

    @ParameterizedTest
    @ValueSource(strings = {"UTF-8", "UTF-16LE", "UTF-16BE", "UTF-32LE"})
    void stringsEndAtTheirNulCharacterOrAtTheViewsEnd(String charsetName) {
        Charset charset = Charset.forName(charsetName);
        int unit = "\0".getBytes(charset).length;
        String name = TestSupport.uniqueName("strings");
        try (SharedMemory shm = SharedMemory.create(name, 4096);
                MappedView view = shm.map(0, 256, Access.READ_WRITE)) {
            byte[] ones = new byte[256];
            Arrays.fill(ones, (byte) 0x7F);
            view.put(0, ones);
            int written = view.putString(8, "héllo", charset);
            byte[] text = "héllo".getBytes(charset);
            assertEquals(text.length + unit, written, "the text and one NUL character");
            byte[] after = new byte[text.length + unit + 1];
            view.get(8, after);
            assertArrayEquals(text, Arrays.copyOf(after, text.length));
            for (int i = 0; i < unit; i++) {
                assertEquals(0, after[text.length + i], "NUL byte " + i);
            }
            assertEquals(0x7F, after[text.length + unit], "nothing written after the NUL");
            assertEquals(0x7F, view.getByte(7), "nothing written before");
            assertEquals("héllo", view.getString(8, charset));

            // a NUL character is a whole code unit of zeros: a zero byte inside a unit is not one
            String withZeroByte = unit == 1 ? "a" : "\u0100a"; // UTF-16/32: a unit with a zero byte
            view.putString(100, withZeroByte, charset);
            assertEquals(withZeroByte, view.getString(100, charset));

            // no NUL before the end: the string runs to the end of the view
            byte[] units = ("e".repeat(4 * unit)).getBytes(charset);
            view.put(256 - units.length, units);
            assertEquals("e".repeat(4 * unit), view.getString(256 - units.length, charset));
            assertEquals("", view.getString(256, charset), "at the very end: empty");
            // a string that exactly fits, NUL included, ends at the last byte
            int fits = (256 - 200) / unit - 1;
            assertEquals(256 - 200, view.putString(200, "f".repeat(fits), charset));
            assertEquals("f".repeat(fits), view.getString(200, charset));
        }
    }

    @Test
    void nulTerminatedUtf32IsFoundOnlyAtAWholeUnit() {
        String name = TestSupport.uniqueName("utf32");
        try (SharedMemory shm = SharedMemory.create(name, 4096);
                MappedView view = shm.map(0, 64, Access.READ_WRITE)) {
            // 'A' then 0x00010000 (bytes 00 00 01 00 in LE): its first two bytes are zero
            view.put(0, new byte[] {'A', 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 'B', 0, 0, 0});
            assertEquals("A\uD800\uDC00", view.getString(0, UTF_32LE));
            assertEquals("A", view.getString(0, StandardCharsets.UTF_8));
            assertEquals("A", view.getString(0, StandardCharsets.UTF_16LE));
            assertEquals("B", view.getString(12, UTF_32LE));
        }
    }

    /** Atomics need alignment in the object, not in the view: a view 1 byte in has its longs at 7, 15, … */
    @Test
    void atomicAlignmentCountsFromTheObjectsStart() {
        String name = TestSupport.uniqueName("align");
        try (SharedMemory shm = SharedMemory.create(name, 4096);
                MappedView view = shm.map(1, 64, Access.READ_WRITE);
                MappedView whole = shm.map(0, 64, Access.READ_ONLY)) {
            view.putLongVolatile(7, 0x1122_3344_5566_7788L);
            assertEquals(0x1122_3344_5566_7788L, whole.getLong(8));
            view.putIntRelease(3, 5);
            assertEquals(5, whole.getInt(4));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> view.getLongVolatile(8));
            assertEquals("an atomic long needs an offset aligned to 8 bytes in the object; view offset 1 + 8 is not",
                    e.getMessage());
            IllegalArgumentException i = assertThrows(IllegalArgumentException.class, () -> view.getIntAcquire(4));
            assertEquals("an atomic int needs an offset aligned to 4 bytes in the object; view offset 1 + 4 is not",
                    i.getMessage());
            assertThrows(IllegalArgumentException.class, () -> view.compareAndSetLong(0, 0, 1));
            assertThrows(IllegalArgumentException.class, () -> view.getAndAddInt(0, 1));
        }
    }

    /**
     * The address the channel's hot paths write through (ApiAccess, for MappedWords) is
     * that of the view's buffers' index 0, also for a view that starts inside a page.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 100, 4096 + 8})
    void theAddressForMappedWordsIsTheBuffersFirstByte(int offset) throws ReflectiveOperationException {
        String name = TestSupport.uniqueName("address");
        try (SharedMemory shm = SharedMemory.create(name, 3 * 4096)) {
            MappedView view = shm.map(offset, 64, Access.READ_WRITE);
            long address = ApiAccess.api().address(view);
            assertEquals(BufferAddress.of(view.buffer()), address, "the address of buffer() index 0");
            view.putLong(8, 0x0102030405060708L);
            assertEquals(0x0102030405060708L, BufferAddress.longAt(address + 8),
                    "and the view's byte 8 is 8 bytes after it");
            view.close();
            assertThrows(IllegalStateException.class, () -> ApiAccess.api().address(view), "a closed view has none");
        }
    }

    /** What the channel asks before its close writes to the object: the size the OS reports now. */
    @Test
    @org.junit.jupiter.api.condition.EnabledOnOs(org.junit.jupiter.api.condition.OS.LINUX)
    void theCurrentSizeIsTheOsesAfterAPeerShrankTheObject() throws IOException {
        String name = TestSupport.uniqueName("current-size");
        SharedMemory shm = SharedMemory.create(name, 8192);
        try {
            assertEquals(8192, ApiAccess.api().currentSize(shm));
            try (java.io.RandomAccessFile f = new java.io.RandomAccessFile("/dev/shm/" + name, "rw")) {
                f.setLength(4096);
            }
            assertEquals(4096, ApiAccess.api().currentSize(shm), "what the OS says now");
            assertEquals(8192, shm.size(), "size() stays what it was when opened");
            RuntimeException e = ApiAccess.api().memoryFault("the memory of X", null);
            assertTrue(e instanceof MemoryFaultException && e.getMessage().startsWith("the memory of X could not be"
                    + " accessed: the object was shrunk by another process"), e.toString());
        } finally {
            shm.close();
        }
        assertThrows(IllegalStateException.class, () -> ApiAccess.api().currentSize(shm), "a closed object has none");
    }

    @Test
    void accessorsDescribeTheViewAndTheObject() {
        String name = TestSupport.uniqueName("describe");
        SharedMemory shm = SharedMemory.create(name, 8192);
        try {
            MappedView view = shm.map(4100, 1000, Access.READ_WRITE);
            assertEquals(4100, view.offset());
            assertEquals(1000, view.length());
            assertEquals(1000, view.buffer().capacity());
            assertEquals(Access.READ_WRITE, view.access());
            assertSame(shm, view.sharedMemory());
            assertEquals(name, shm.name());
            assertEquals(8192, shm.size());
            assertEquals(Access.READ_WRITE, shm.access());
            assertEquals(Optional.empty(), shm.file());
            assertEquals("MappedView[shared memory '" + name + "', offset=4100, length=1000, access=READ_WRITE]",
                    view.toString());
            assertEquals("SharedMemory[shared memory '" + name + "', size=8192, access=READ_WRITE, creator]",
                    shm.toString());
            view.putInt(0, 7);
            try (SharedMemory reader = SharedMemory.open(name, Access.READ_ONLY)) {
                assertEquals("SharedMemory[shared memory '" + name + "', size=8192, access=READ_ONLY]",
                        reader.toString());
                try (MappedView r = reader.map(4100, 4, Access.READ_ONLY)) {
                    assertEquals(7, r.getInt(0), "the view starts at object offset 4100");
                }
            }
            view.close();
            assertEquals("MappedView[shared memory '" + name + "', offset=4100, length=1000, access=READ_WRITE, closed]",
                    view.toString());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> view.getInt(0));
            assertEquals("the view of shared memory '" + name + "' is closed", e.getMessage());
            shm.close();
            assertEquals("SharedMemory[shared memory '" + name + "', size=8192, access=READ_WRITE, creator, closed]",
                    shm.toString());
            IllegalStateException closed = assertThrows(IllegalStateException.class,
                    () -> shm.map(0, 1, Access.READ_ONLY));
            assertEquals("shared memory '" + name + "' is closed", closed.getMessage());
        } finally {
            shm.close();
        }
    }

    @Test
    void aFileKeepsItsSizeWithSizeZeroAndNamesItself(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("data.bin");
        Files.write(file, "0123456789".getBytes(StandardCharsets.US_ASCII));
        try (SharedMemory shm = SharedMemory.openFile(file, 0, Access.READ_ONLY);
                MappedView view = shm.map(0, 10, Access.READ_ONLY)) {
            assertEquals(10, shm.size());
            assertEquals(Optional.of(file), shm.file());
            assertEquals(file.toString(), shm.name());
            assertFalse(shm.isCreator());
            assertEquals("0123456789", view.getString(0, StandardCharsets.US_ASCII));
            assertEquals("SharedMemory[file '" + file + "', size=10, access=READ_ONLY]", shm.toString());
            assertEquals("MappedView[file '" + file + "', offset=0, length=10, access=READ_ONLY]", view.toString());
        }
        try (SharedMemory shm = SharedMemory.openFile(file, 4096, Access.READ_WRITE);
                MappedView view = shm.map(0, 4096, Access.READ_WRITE)) {
            assertEquals(4096, shm.size(), "a shorter file is extended");
            view.putString(2048, "forced", StandardCharsets.US_ASCII);
            view.force(); // what it does is seen only by a trace (ReadmePromisesIT) or a crash
            assertEquals("forced", new String(Files.readAllBytes(file), 2048, 6, StandardCharsets.US_ASCII));
        }
        String name = TestSupport.uniqueName("force-shm");
        try (SharedMemory shm = SharedMemory.create(name, 4096);
                MappedView view = shm.map(0, 4096, Access.READ_WRITE)) {
            view.force(); // no file: nothing to write, and no error
            assertEquals(0, view.getInt(0));
        }
        assertEquals(4096, Files.size(file));
    }

    @Test
    void optionsSayWhatTheyHold() {
        CreateOptions d = CreateOptions.defaults();
        assertEquals(PosixFilePermissions.fromString("rw-------"), d.permissions());
        assertEquals(NameLifetime.HELD, d.lifetime());
        assertEquals(0600, d.mode());
        assertEquals(0, d.createFlags());
        CreateOptions o = d.withPermissions(PosixFilePermissions.fromString("rwxr-x--x"))
                .withLifetime(NameLifetime.PERSISTENT);
        assertEquals(0751, o.mode());
        assertEquals(NameLifetime.PERSISTENT, o.lifetime());
        assertEquals(ShmNative.CREATE_PERSISTENT, o.createFlags());
        assertEquals("CreateOptions[permissions=rwxr-x--x, lifetime=PERSISTENT]", o.toString());
        assertEquals("CreateOptions[permissions=rw-------, lifetime=HELD]", d.toString());
        assertSame(d, CreateOptions.defaults(), "the defaults never change");
    }

    /**
     * A name made by a program that does not mark itself as a holder (C, Python) is
     * never judged stale: create keeps it, open opens it.
     */
    @Test
    void aForeignObjectIsNeverReplaced() throws IOException {
        TestSupport.requireLinux("an object made through /dev/shm");
        String name = TestSupport.uniqueName("foreign");
        Path path = TestSupport.DEV_SHM.resolve(name);
        Files.write(path, new byte[] {1, 2, 3, 4});
        try {
            assertThrows(AlreadyExistsException.class, () -> SharedMemory.create(name, 4096),
                    "an unmarked name is never stale");
            assertEquals(4, Files.size(path));
            try (SharedMemory shm = SharedMemory.open(name, Access.READ_ONLY);
                    MappedView view = shm.map(0, 4, Access.READ_ONLY)) {
                assertFalse(shm.isCreator());
                assertEquals(1, view.getByte(0), "the foreign object's own bytes");
            }
            assertTrue(Files.exists(path), "and its name is never removed implicitly");
        } finally {
            Files.deleteIfExists(path);
        }
    }
}
