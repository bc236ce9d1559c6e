/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.function.Executable;

/**
 * Issue 3, point 4: every bad input gives its documented exception, and none of them
 * leaks a descriptor, a mapping or a /dev/shm entry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputIT {
    private static final int SIZE = 8192;
    private static final int VIEW = 4096;

    private TestSupport.ProcState procBefore = new TestSupport.ProcState(Map.of(), List.of());
    private Set<String> entriesBefore = Set.of();

    private final String name = TestSupport.uniqueName("bad-input");
    private final String missing = TestSupport.uniqueName("bad-input-missing");
    private SharedMemory rw;
    private SharedMemory ro;
    private MappedView view;
    private MappedView roView;
    private MappedView offsetView;
    private MappedView closedView;
    private SharedMemory closedShm;
    private Path emptyFile;
    private int cases;

    @BeforeAll
    void snapshotAndFixtures() throws IOException {
        // warm up: load the library and the classes the cases use, once
        try (SharedMemory warm = SharedMemory.create(TestSupport.uniqueName("warm"), 4096);
                MappedView v = warm.map(0, 4096, Access.READ_WRITE)) {
            v.putString(0, "x", StandardCharsets.UTF_8);
            assertThrows(IndexOutOfBoundsException.class, () -> v.getByte(-1));
        }
        System.gc();
        procBefore = TestSupport.procState();
        entriesBefore = TestSupport.ourShmEntries();

        rw = SharedMemory.create(name, SIZE);
        ro = SharedMemory.open(name, Access.READ_ONLY);
        view = rw.map(0, VIEW, Access.READ_WRITE);
        roView = ro.map(0, VIEW, Access.READ_ONLY);
        offsetView = rw.map(4, 64, Access.READ_WRITE); // starts 4 bytes into the object
        closedView = rw.map(0, 64, Access.READ_WRITE);
        closedView.close();
        closedShm = SharedMemory.open(name, Access.READ_WRITE);
        closedShm.close();
        emptyFile = Files.createTempFile("shm4j-empty", ".bin");
    }

    @AfterAll
    void cleanUp() throws IOException {
        if (rw != null && !rw.isClosed()) {
            rw.close();
        }
        if (ro != null && !ro.isClosed()) {
            ro.close();
        }
        TestSupport.removeQuietly(name);
        Files.deleteIfExists(emptyFile);
    }

    private static DynamicTest throwsWith(String description, Class<? extends Throwable> type, Executable call) {
        return dynamicTest(description + " -> " + type.getSimpleName(), () -> assertThrows(type, call, description));
    }

    private static <T extends Throwable> DynamicTest throwsWith(String description, Class<T> type,
            Executable call, Consumer<T> check) {
        return dynamicTest(description + " -> " + type.getSimpleName(), () -> check.accept(assertThrows(type, call)));
    }

    @TestFactory
    @Order(1)
    List<DynamicTest> eachBadInputGivesTheDocumentedException() {
        List<DynamicTest> tests = new ArrayList<>();
        // ---- names
        String longName = "n".repeat(256);
        String longUtf8 = "é".repeat(128); // 128 chars, 256 bytes in UTF-8
        List<String> badNames = new ArrayList<>(List.of("", "Local\\", "Global\\", "local\\", ".", "..",
            "Local\\.", "Global\\..", "a/b", "/a", "a/", "Local\\a/b", "a\\b", "Global\\a\\b", "Local\\Local\\x",
            "a\0b", "\0", "a\uD800b", "\uDC00", "x\uDBFF"));
        // More than 255 bytes: over POSIX NAME_MAX. Windows counts characters, up to MAX_PATH (260)
        // with the prefix: there only "Local\\" + 256 characters is too long.
        List<String> longNames = List.of(longName, "Local\\" + longName, longUtf8);
        if (TestSupport.WINDOWS) {
            badNames.add("Local\\" + longName);
            for (String valid : List.of(longName, longUtf8)) {
                tests.add(dynamicTest("create(a " + valid.length() + "-char name) works on Windows", () -> {
                    try (SharedMemory shm = SharedMemory.create(valid, 4096)) {
                        assertEquals(valid, shm.name());
                    }
                }));
            }
        } else {
            badNames.addAll(longNames);
        }
        for (String bad : badNames) {
            String shown = bad.replace("\0", "\\0").replace("\uD800", "\\uD800").replace("\uDC00", "\\uDC00")
                    .replace("\uDBFF", "\\uDBFF");
            shown = shown.length() > 40 ? shown.substring(0, 12) + "…(" + bad.length() + " chars)" : shown;
            tests.add(throwsWith("create('" + shown + "')", InvalidNameException.class,
                    () -> SharedMemory.create(bad, 4096), e -> {
                        assertEquals("create", e.operation());
                        assertEquals(bad, e.objectName());
                        assertFalse(e.errorText().isEmpty());
                        assertEquals(0, e.errorCode(), "refused before any system call");
                    }));
        }
        tests.add(throwsWith("open('a/b')", InvalidNameException.class,
                () -> SharedMemory.open("a/b", Access.READ_ONLY)));
        tests.add(throwsWith("openOrCreate('..')", InvalidNameException.class,
                () -> SharedMemory.openOrCreate("..", 4096)));
        tests.add(throwsWith("remove('Global\\\\')", InvalidNameException.class, () -> SharedMemory.remove("Global\\")));
        tests.add(throwsWith("create(null name)", NullPointerException.class, () -> SharedMemory.create(null, 1)));
        tests.add(throwsWith("create(null options)", NullPointerException.class,
                () -> SharedMemory.create(missing, 1, null)));

        // ---- sizes
        tests.add(throwsWith("create(size 0)", IllegalArgumentException.class, () -> SharedMemory.create(missing, 0)));
        tests.add(throwsWith("create(size -1)", IllegalArgumentException.class,
                () -> SharedMemory.create(missing, -1)));
        tests.add(throwsWith("create(size Long.MIN_VALUE)", IllegalArgumentException.class,
                () -> SharedMemory.create(missing, Long.MIN_VALUE)));
        tests.add(throwsWith("openFile(size -1)", IllegalArgumentException.class,
                () -> SharedMemory.openFile(emptyFile, -1, Access.READ_WRITE)));
        tests.add(throwsWith("openFile(empty file, size 0)", IllegalArgumentException.class,
                () -> SharedMemory.openFile(emptyFile, 0, Access.READ_WRITE)));
        tests.add(throwsWith("openFile(null access)", NullPointerException.class,
                () -> SharedMemory.openFile(emptyFile, 1, null)));

        // ---- map
        tests.add(throwsWith("map(offset -1)", IndexOutOfBoundsException.class, () -> rw.map(-1, 1, Access.READ_WRITE)));
        tests.add(throwsWith("map(offset = size)", IndexOutOfBoundsException.class,
                () -> rw.map(SIZE, 1, Access.READ_WRITE)));
        tests.add(throwsWith("map(offset past end)", IndexOutOfBoundsException.class,
                () -> rw.map(SIZE + 4096, 1, Access.READ_WRITE)));
        tests.add(throwsWith("map(offset + length > size)", IndexOutOfBoundsException.class,
                () -> rw.map(SIZE - 10, 11, Access.READ_WRITE)));
        tests.add(throwsWith("map(offset + length overflows Long.MAX_VALUE)", IndexOutOfBoundsException.class,
                () -> rw.map(Long.MAX_VALUE, 2, Access.READ_WRITE)));
        tests.add(throwsWith("map(length 0)", IllegalArgumentException.class, () -> rw.map(0, 0, Access.READ_WRITE)));
        tests.add(throwsWith("map(length -1)", IllegalArgumentException.class, () -> rw.map(0, -1, Access.READ_WRITE)));
        tests.add(throwsWith("map(length > Integer.MAX_VALUE)", IllegalArgumentException.class,
                () -> rw.map(0, Integer.MAX_VALUE + 1L, Access.READ_WRITE)));
        tests.add(throwsWith("map(null access)", NullPointerException.class, () -> rw.map(0, 1, null)));
        tests.add(throwsWith("READ_WRITE view of a READ_ONLY object", IllegalArgumentException.class,
                () -> ro.map(0, 1, Access.READ_WRITE)));
        tests.add(throwsWith("map of a closed SharedMemory", IllegalStateException.class,
                () -> closedShm.map(0, 1, Access.READ_ONLY)));

        // ---- accessors out of range
        tests.add(throwsWith("getByte(-1)", IndexOutOfBoundsException.class, () -> view.getByte(-1)));
        tests.add(throwsWith("getByte(length)", IndexOutOfBoundsException.class, () -> view.getByte(VIEW)));
        tests.add(throwsWith("getLong(length - 7)", IndexOutOfBoundsException.class, () -> view.getLong(VIEW - 7)));
        tests.add(throwsWith("putInt(Long.MAX_VALUE)", IndexOutOfBoundsException.class,
                () -> view.putInt(Long.MAX_VALUE, 1)));
        tests.add(throwsWith("putDouble(Long.MIN_VALUE)", IndexOutOfBoundsException.class,
                () -> view.putDouble(Long.MIN_VALUE, 1)));
        tests.add(throwsWith("get(0, byte[length + 1])", IndexOutOfBoundsException.class,
                () -> view.get(0, new byte[VIEW + 1])));
        tests.add(throwsWith("get(dstIndex -1)", IndexOutOfBoundsException.class,
                () -> view.get(0, new byte[4], -1, 2)));
        tests.add(throwsWith("put(srcIndex + length > src.length)", IndexOutOfBoundsException.class,
                () -> view.put(0, new byte[4], 2, 3)));
        tests.add(throwsWith("getString(length + 1)", IndexOutOfBoundsException.class,
                () -> view.getString(VIEW + 1, StandardCharsets.UTF_8)));
        tests.add(throwsWith("getAndAddLong(length)", IndexOutOfBoundsException.class,
                () -> view.getAndAddLong(VIEW, 1)));
        tests.add(dynamicTest("putString that does not fit -> IndexOutOfBoundsException, nothing written", () -> {
            view.putLong(VIEW - 8, 0x1122334455667788L);
            assertThrows(IndexOutOfBoundsException.class,
                    () -> view.putString(VIEW - 8, "eight by", StandardCharsets.UTF_8)); // 8 + NUL
            assertThrows(IndexOutOfBoundsException.class,
                    () -> view.putString(VIEW - 8, "four", StandardCharsets.UTF_16LE)); // 8 + 2
            assertEquals(0x1122334455667788L, view.getLong(VIEW - 8), "nothing was written");
            assertEquals(8, view.putString(VIEW - 8, "seven b", StandardCharsets.UTF_8), "exactly fits");
        }));

        // ---- read-only views
        tests.add(throwsWith("putByte on READ_ONLY view", ReadOnlyBufferException.class, () -> roView.putByte(0, (byte) 1)));
        tests.add(throwsWith("putLong on READ_ONLY view", ReadOnlyBufferException.class, () -> roView.putLong(0, 1)));
        tests.add(throwsWith("put(byte[]) on READ_ONLY view", ReadOnlyBufferException.class,
                () -> roView.put(0, new byte[] {1})));
        tests.add(throwsWith("putString on READ_ONLY view", ReadOnlyBufferException.class,
                () -> roView.putString(0, "x", StandardCharsets.UTF_8)));
        tests.add(throwsWith("putIntRelease on READ_ONLY view", ReadOnlyBufferException.class,
                () -> roView.putIntRelease(0, 1)));
        tests.add(throwsWith("compareAndSetLong on READ_ONLY view", ReadOnlyBufferException.class,
                () -> roView.compareAndSetLong(0, 0, 1)));
        tests.add(throwsWith("buffer().put on READ_ONLY view", ReadOnlyBufferException.class,
                () -> roView.buffer().put(0, (byte) 1)));

        // ---- misaligned atomics
        tests.add(throwsWith("getIntVolatile(1)", IllegalArgumentException.class, () -> view.getIntVolatile(1)));
        tests.add(throwsWith("putLongRelease(4)", IllegalArgumentException.class, () -> view.putLongRelease(4, 1)));
        tests.add(throwsWith("compareAndSetInt(2)", IllegalArgumentException.class,
                () -> view.compareAndSetInt(2, 0, 1)));
        tests.add(throwsWith("getAndAddLong(12)", IllegalArgumentException.class, () -> view.getAndAddLong(12, 1)));
        tests.add(throwsWith("getLongVolatile(0) of a view at object offset 4", IllegalArgumentException.class,
                () -> offsetView.getLongVolatile(0)));
        tests.add(dynamicTest("getLongVolatile(4) of a view at object offset 4 is aligned: no exception",
                () -> offsetView.getLongVolatile(4)));

        // ---- closed
        tests.add(throwsWith("getInt on a closed view", IllegalStateException.class, () -> closedView.getInt(0)));
        tests.add(throwsWith("putString on a closed view", IllegalStateException.class,
                () -> closedView.putString(0, "x", StandardCharsets.UTF_8)));
        tests.add(throwsWith("getLongAcquire on a closed view", IllegalStateException.class,
                () -> closedView.getLongAcquire(0)));
        tests.add(throwsWith("buffer() of a closed view", IllegalStateException.class, closedView::buffer));
        tests.add(throwsWith("force() of a closed view", IllegalStateException.class, closedView::force));

        // ---- the OS says no
        tests.add(throwsWith("open of a missing name", NotFoundException.class,
                () -> SharedMemory.open(missing, Access.READ_ONLY), e -> {
                    String enoent = TestSupport.posixOrWindows("ENOENT", "ERROR_FILE_NOT_FOUND");
                    assertEquals(enoent, e.errorName());
                    assertEquals(2, e.errorCode());
                    assertEquals("open", e.operation());
                    assertEquals(missing, e.objectName());
                    assertEquals(TestSupport.posixOrWindows("open", "OpenFileMappingW"), e.systemCall());
                    assertTrue(e.getMessage().contains(missing) && e.getMessage().contains(enoent), e.getMessage());
                }));
        if (TestSupport.WINDOWS) {
            tests.add(dynamicTest("remove of a missing name does nothing on Windows",
                    () -> SharedMemory.remove(missing)));
        } else {
            tests.add(throwsWith("remove of a missing name", NotFoundException.class,
                    () -> SharedMemory.remove(missing), e -> assertEquals("ENOENT", e.errorName())));
        }
        tests.add(throwsWith("create of an existing name", AlreadyExistsException.class,
                () -> SharedMemory.create(name, 4096), e -> {
                    assertEquals(TestSupport.posixOrWindows("EEXIST", "ERROR_ALREADY_EXISTS"), e.errorName());
                    assertEquals("create", e.operation());
                }));
        tests.add(throwsWith("create of an existing name via Local\\ prefix", AlreadyExistsException.class,
                () -> SharedMemory.create("Local\\" + name, 4096)));
        tests.add(throwsWith("openFile read-only of a missing file", NotFoundException.class,
                () -> SharedMemory.openFile(emptyFile.resolveSibling(missing), 10, Access.READ_ONLY),
                e -> assertEquals(TestSupport.posixOrWindows("ENOENT", "ERROR_FILE_NOT_FOUND"), e.errorName())));
        cases = tests.size();
        return tests;
    }

    @Test
    @Order(2)
    void atLeastFortyCasesRanAndNothingLeaked() throws Exception {
        assertTrue(cases >= 40, "cases: " + cases);
        assertFalse(TestSupport.exists(missing.replace("Local\\", "")), "no case created the missing name");
        view.close();
        roView.close();
        offsetView.close();
        rw.close();
        ro.close();
        assertFalse(TestSupport.exists(name), "the creator's close removed the name");
        System.gc();
        assertEquals(entriesBefore, TestSupport.ourShmEntries(), "named objects of this test JVM");
        // the /dev/shm mappings of this class are gone at once (closed views leave anonymous
        // placeholders until GC, which do not mention /dev/shm)
        TestSupport.assertNoProcLeaks(procBefore, name);
    }
}
