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
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.function.Executable;

/**
 * Every bad input gives its documented exception with a message that says why
 * (checked word for word), every public method taking arguments has such a case, and
 * none of them leaks a descriptor, a mapping or a /dev/shm entry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EnabledOnOs(value = OS.LINUX, disabledReason = "its messages are checked word for word with POSIX names, errno codes and limits")
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
    /** The API methods the cases call: the first word of each description. */
    private final Set<String> covered = new TreeSet<>();

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
        Files.deleteIfExists(emptyFile.resolveSibling(missing)); // this test's own name: made only by a bug
    }

    /** A case: {@code call} throws {@code type} whose message contains {@code reason}. */
    private DynamicTest throwsWith(String description, Class<? extends Throwable> type, Executable call,
            String reason) {
        covered.add(description.split("[^A-Za-z]", 2)[0]);
        return dynamicTest(description + " -> " + type.getSimpleName(), () -> {
            Throwable e = assertThrows(type, call, description);
            assertTrue(e.getMessage() != null && e.getMessage().contains(reason),
                    () -> description + ": the message should say '" + reason + "' but is: " + e.getMessage());
        });
    }

    /** A write refused by a read-only view: the JDK's ReadOnlyBufferException, whose type is the reason. */
    private DynamicTest readOnly(String description, Executable call) {
        covered.add(description.split("[^A-Za-z]", 2)[0]);
        return dynamicTest(description + " -> ReadOnlyBufferException", () -> {
            ReadOnlyBufferException e = assertThrows(ReadOnlyBufferException.class, call, description);
            assertEquals(null, e.getMessage(), "the JDK's exception carries no message");
        });
    }

    private <T extends Throwable> DynamicTest throwsWith(String description, Class<T> type,
            Executable call, Consumer<T> check) {
        covered.add(description.split("[^A-Za-z]", 2)[0]);
        return dynamicTest(description + " -> " + type.getSimpleName(), () -> check.accept(assertThrows(type, call)));
    }

    /** Index checks name the range and the length they were checked against. */
    private static String range(long offset, long size, long length) {
        return "Range [" + offset + ", " + offset + " + " + size + ") out of bounds for length " + length;
    }

    private String closedView() {
        return "the view of shared memory '" + name + "' is closed";
    }

    private static String misaligned(String kind, long offset) {
        int size = kind.equals("int") ? 4 : 8;
        return "an atomic " + kind + " needs an offset aligned to " + size + " bytes in the object; view offset 0 + "
                + offset + " is not";
    }

    @TestFactory
    @Order(1)
    List<DynamicTest> eachBadInputGivesTheDocumentedException() {
        List<DynamicTest> tests = new ArrayList<>();
        // ---- names
        String longName = "n".repeat(256);
        String longUtf8 = "é".repeat(128); // 128 chars, 256 bytes in UTF-8
        String empty = "the name is empty";
        String notAName = "is not a name";
        String slash = "'/' is not allowed after the Local\\ or Global\\ prefix";
        String backslash = "'\\' is not allowed after the Local\\ or Global\\ prefix";
        String nul = "'\\0' is not allowed after the Local\\ or Global\\ prefix";
        String tooLong = "longer than 255 bytes in UTF-8";
        String surrogate = "the name is not valid Unicode (unpaired surrogate)";
        String[][] badNames = {{"", empty}, {"Local\\", empty}, {"Global\\", empty}, {"local\\", empty},
            {".", "'.' " + notAName}, {"..", "'..' " + notAName}, {"Local\\.", "'.' " + notAName},
            {"Global\\..", "'..' " + notAName}, {"a/b", slash}, {"/a", slash}, {"a/", slash}, {"Local\\a/b", slash},
            {"a\\b", backslash}, {"Global\\a\\b", backslash}, {"Local\\Local\\x", backslash}, {"a\0b", nul},
            {"\0", nul}, {longName, tooLong}, {"Local\\" + longName, tooLong}, {longUtf8, tooLong},
            {"a\uD800b", surrogate}, {"\uDC00", surrogate}, {"x\uDBFF", surrogate}};
        for (String[] bad : badNames) {
            String badName = bad[0];
            String shown = badName.replace("\0", "\\0").replace("\uD800", "\\uD800").replace("\uDC00", "\\uDC00")
                    .replace("\uDBFF", "\\uDBFF");
            shown = shown.length() > 40 ? shown.substring(0, 12) + "…(" + badName.length() + " chars)" : shown;
            tests.add(throwsWith("create('" + shown + "')", InvalidNameException.class,
                    () -> SharedMemory.create(badName, 4096), e -> {
                        assertEquals("cannot create shared memory '" + badName + "': invalid name (" + bad[1] + ")",
                                e.getMessage());
                        assertEquals("create", e.operation());
                        assertEquals(badName, e.objectName());
                        assertEquals(bad[1], e.errorText());
                        assertEquals(0, e.errorCode(), "refused before any system call");
                    }));
        }
        tests.add(throwsWith("open('a/b')", InvalidNameException.class,
                () -> SharedMemory.open("a/b", Access.READ_ONLY), "cannot open shared memory 'a/b': invalid name"));
        tests.add(throwsWith("openOrCreate('..')", InvalidNameException.class,
                () -> SharedMemory.openOrCreate("..", 4096), "cannot create shared memory '..': invalid name"));
        tests.add(throwsWith("remove('Global\\\\')", InvalidNameException.class, () -> SharedMemory.remove("Global\\"),
                "cannot remove shared memory 'Global\\': invalid name (" + empty + ")"));
        tests.add(throwsWith("create(null name)", NullPointerException.class, () -> SharedMemory.create(null, 1),
                "name"));
        tests.add(throwsWith("create(null options)", NullPointerException.class,
                () -> SharedMemory.create(missing, 1, null), "options"));
        tests.add(throwsWith("open(null access)", NullPointerException.class,
                () -> SharedMemory.open(missing, null), "access"));
        tests.add(throwsWith("openFile(null path)", NullPointerException.class,
                () -> SharedMemory.openFile(null, 1, Access.READ_ONLY), "path"));
        tests.add(throwsWith("withPermissions(null)", NullPointerException.class,
                () -> CreateOptions.defaults().withPermissions(null), "permissions"));
        tests.add(throwsWith("withLifetime(null)", NullPointerException.class,
                () -> CreateOptions.defaults().withLifetime(null), "lifetime"));

        // ---- sizes
        tests.add(throwsWith("create(size 0)", IllegalArgumentException.class, () -> SharedMemory.create(missing, 0),
                "size must be greater than zero: 0"));
        tests.add(throwsWith("create(size -1)", IllegalArgumentException.class,
                () -> SharedMemory.create(missing, -1), "size must be greater than zero: -1"));
        tests.add(throwsWith("create(size Long.MIN_VALUE)", IllegalArgumentException.class,
                () -> SharedMemory.create(missing, Long.MIN_VALUE), "size must be greater than zero: " + Long.MIN_VALUE));
        tests.add(throwsWith("openFile(size -1)", IllegalArgumentException.class,
                () -> SharedMemory.openFile(emptyFile, -1, Access.READ_WRITE), "size must not be negative: -1"));
        tests.add(throwsWith("openFile(empty file, size 0)", IllegalArgumentException.class,
                () -> SharedMemory.openFile(emptyFile, 0, Access.READ_WRITE), "cannot open file '" + emptyFile
                        + "': invalid argument (an empty file cannot be mapped; give a size)"));
        tests.add(throwsWith("openFile(null access)", NullPointerException.class,
                () -> SharedMemory.openFile(emptyFile, 1, null), "access"));

        // ---- map
        String viewLength = "a view's length must be 1.." + Integer.MAX_VALUE + ": ";
        tests.add(throwsWith("map(offset -1)", IndexOutOfBoundsException.class, () -> rw.map(-1, 1, Access.READ_WRITE),
                range(-1, 1, SIZE)));
        tests.add(throwsWith("map(offset = size)", IndexOutOfBoundsException.class,
                () -> rw.map(SIZE, 1, Access.READ_WRITE), range(SIZE, 1, SIZE)));
        tests.add(throwsWith("map(offset past end)", IndexOutOfBoundsException.class,
                () -> rw.map(SIZE + 4096, 1, Access.READ_WRITE), range(SIZE + 4096, 1, SIZE)));
        tests.add(throwsWith("map(offset + length > size)", IndexOutOfBoundsException.class,
                () -> rw.map(SIZE - 10, 11, Access.READ_WRITE), range(SIZE - 10, 11, SIZE)));
        tests.add(throwsWith("map(offset + length overflows Long.MAX_VALUE)", IndexOutOfBoundsException.class,
                () -> rw.map(Long.MAX_VALUE, 2, Access.READ_WRITE), range(Long.MAX_VALUE, 2, SIZE)));
        tests.add(throwsWith("map(length 0)", IllegalArgumentException.class, () -> rw.map(0, 0, Access.READ_WRITE),
                viewLength + 0));
        tests.add(throwsWith("map(length -1)", IllegalArgumentException.class, () -> rw.map(0, -1, Access.READ_WRITE),
                viewLength + -1));
        tests.add(throwsWith("map(length > Integer.MAX_VALUE)", IllegalArgumentException.class,
                () -> rw.map(0, Integer.MAX_VALUE + 1L, Access.READ_WRITE), viewLength + (Integer.MAX_VALUE + 1L)));
        tests.add(throwsWith("map(null access)", NullPointerException.class, () -> rw.map(0, 1, null), "access"));
        tests.add(throwsWith("READ_WRITE view of a READ_ONLY object", IllegalArgumentException.class,
                () -> ro.map(0, 1, Access.READ_WRITE),
                "cannot map a READ_WRITE view of shared memory '" + name + "' opened READ_ONLY"));
        tests.add(throwsWith("map of a closed SharedMemory", IllegalStateException.class,
                () -> closedShm.map(0, 1, Access.READ_ONLY), "shared memory '" + name + "' is closed"));

        // ---- accessors out of range: every typed get and put
        tests.add(throwsWith("getByte(-1)", IndexOutOfBoundsException.class, () -> view.getByte(-1), range(-1, 1, VIEW)));
        tests.add(throwsWith("getByte(length)", IndexOutOfBoundsException.class, () -> view.getByte(VIEW),
                range(VIEW, 1, VIEW)));
        tests.add(throwsWith("putByte(length)", IndexOutOfBoundsException.class, () -> view.putByte(VIEW, (byte) 1),
                range(VIEW, 1, VIEW)));
        tests.add(throwsWith("getShort(length - 1)", IndexOutOfBoundsException.class, () -> view.getShort(VIEW - 1),
                range(VIEW - 1, 2, VIEW)));
        tests.add(throwsWith("putShort(-2)", IndexOutOfBoundsException.class, () -> view.putShort(-2, (short) 1),
                range(-2, 2, VIEW)));
        tests.add(throwsWith("getInt(length - 3)", IndexOutOfBoundsException.class, () -> view.getInt(VIEW - 3),
                range(VIEW - 3, 4, VIEW)));
        tests.add(throwsWith("putInt(Long.MAX_VALUE)", IndexOutOfBoundsException.class,
                () -> view.putInt(Long.MAX_VALUE, 1), range(Long.MAX_VALUE, 4, VIEW)));
        tests.add(throwsWith("getLong(length - 7)", IndexOutOfBoundsException.class, () -> view.getLong(VIEW - 7),
                range(VIEW - 7, 8, VIEW)));
        tests.add(throwsWith("putLong(length)", IndexOutOfBoundsException.class, () -> view.putLong(VIEW, 1),
                range(VIEW, 8, VIEW)));
        tests.add(throwsWith("getFloat(length - 2)", IndexOutOfBoundsException.class, () -> view.getFloat(VIEW - 2),
                range(VIEW - 2, 4, VIEW)));
        tests.add(throwsWith("putFloat(-1)", IndexOutOfBoundsException.class, () -> view.putFloat(-1, 1f),
                range(-1, 4, VIEW)));
        tests.add(throwsWith("getDouble(length - 4)", IndexOutOfBoundsException.class, () -> view.getDouble(VIEW - 4),
                range(VIEW - 4, 8, VIEW)));
        tests.add(throwsWith("putDouble(Long.MIN_VALUE)", IndexOutOfBoundsException.class,
                () -> view.putDouble(Long.MIN_VALUE, 1), range(Long.MIN_VALUE, 8, VIEW)));
        tests.add(throwsWith("get(0, byte[length + 1])", IndexOutOfBoundsException.class,
                () -> view.get(0, new byte[VIEW + 1]), range(0, VIEW + 1, VIEW)));
        tests.add(throwsWith("get(dstIndex -1)", IndexOutOfBoundsException.class,
                () -> view.get(0, new byte[4], -1, 2), range(-1, 2, 4)));
        tests.add(throwsWith("put(srcIndex + length > src.length)", IndexOutOfBoundsException.class,
                () -> view.put(0, new byte[4], 2, 3), range(2, 3, 4)));
        tests.add(throwsWith("put(length - 1, byte[2])", IndexOutOfBoundsException.class,
                () -> view.put(VIEW - 1, new byte[2]), range(VIEW - 1, 2, VIEW)));
        tests.add(throwsWith("getString(length + 1)", IndexOutOfBoundsException.class,
                () -> view.getString(VIEW + 1, StandardCharsets.UTF_8), range(VIEW + 1, 0, VIEW)));
        tests.add(throwsWith("putString(-1)", IndexOutOfBoundsException.class,
                () -> view.putString(-1, "x", StandardCharsets.UTF_8), range(-1, 2, VIEW)));
        tests.add(throwsWith("getIntVolatile(length)", IndexOutOfBoundsException.class,
                () -> view.getIntVolatile(VIEW), range(VIEW, 4, VIEW)));
        tests.add(throwsWith("putIntVolatile(-4)", IndexOutOfBoundsException.class,
                () -> view.putIntVolatile(-4, 1), range(-4, 4, VIEW)));
        tests.add(throwsWith("getIntAcquire(length)", IndexOutOfBoundsException.class,
                () -> view.getIntAcquire(VIEW), range(VIEW, 4, VIEW)));
        tests.add(throwsWith("putIntRelease(length)", IndexOutOfBoundsException.class,
                () -> view.putIntRelease(VIEW, 1), range(VIEW, 4, VIEW)));
        tests.add(throwsWith("compareAndSetInt(length)", IndexOutOfBoundsException.class,
                () -> view.compareAndSetInt(VIEW, 0, 1), range(VIEW, 4, VIEW)));
        tests.add(throwsWith("getAndAddInt(-8)", IndexOutOfBoundsException.class,
                () -> view.getAndAddInt(-8, 1), range(-8, 4, VIEW)));
        tests.add(throwsWith("getLongVolatile(length)", IndexOutOfBoundsException.class,
                () -> view.getLongVolatile(VIEW), range(VIEW, 8, VIEW)));
        tests.add(throwsWith("putLongVolatile(length)", IndexOutOfBoundsException.class,
                () -> view.putLongVolatile(VIEW, 1), range(VIEW, 8, VIEW)));
        tests.add(throwsWith("getLongAcquire(-8)", IndexOutOfBoundsException.class,
                () -> view.getLongAcquire(-8), range(-8, 8, VIEW)));
        tests.add(throwsWith("putLongRelease(length)", IndexOutOfBoundsException.class,
                () -> view.putLongRelease(VIEW, 1), range(VIEW, 8, VIEW)));
        tests.add(throwsWith("compareAndSetLong(length)", IndexOutOfBoundsException.class,
                () -> view.compareAndSetLong(VIEW, 0, 1), range(VIEW, 8, VIEW)));
        tests.add(throwsWith("getAndAddLong(length)", IndexOutOfBoundsException.class,
                () -> view.getAndAddLong(VIEW, 1), range(VIEW, 8, VIEW)));
        tests.add(dynamicTest("putString that does not fit -> IndexOutOfBoundsException, nothing written", () -> {
            view.putLong(VIEW - 8, 0x1122334455667788L);
            IndexOutOfBoundsException utf8 = assertThrows(IndexOutOfBoundsException.class,
                    () -> view.putString(VIEW - 8, "eight by", StandardCharsets.UTF_8)); // 8 + NUL
            assertEquals(range(VIEW - 8, 9, VIEW), utf8.getMessage());
            IndexOutOfBoundsException utf16 = assertThrows(IndexOutOfBoundsException.class,
                    () -> view.putString(VIEW - 8, "four", StandardCharsets.UTF_16LE)); // 8 + 2
            assertEquals(range(VIEW - 8, 10, VIEW), utf16.getMessage());
            assertEquals(0x1122334455667788L, view.getLong(VIEW - 8), "nothing was written");
            assertEquals(8, view.putString(VIEW - 8, "seven b", StandardCharsets.UTF_8), "exactly fits");
        }));

        // ---- read-only views
        tests.add(readOnly("putByte on READ_ONLY view", () -> roView.putByte(0, (byte) 1)));
        tests.add(readOnly("putShort on READ_ONLY view", () -> roView.putShort(0, (short) 1)));
        tests.add(readOnly("putInt on READ_ONLY view", () -> roView.putInt(0, 1)));
        tests.add(readOnly("putLong on READ_ONLY view", () -> roView.putLong(0, 1)));
        tests.add(readOnly("putFloat on READ_ONLY view", () -> roView.putFloat(0, 1)));
        tests.add(readOnly("putDouble on READ_ONLY view", () -> roView.putDouble(0, 1)));
        tests.add(readOnly("put(byte[]) on READ_ONLY view", () -> roView.put(0, new byte[] {1})));
        tests.add(readOnly("put(byte[8192]) on READ_ONLY view", () -> roView.put(0, new byte[VIEW])));
        tests.add(readOnly("putString on READ_ONLY view", () -> roView.putString(0, "x", StandardCharsets.UTF_8)));
        tests.add(readOnly("putIntVolatile on READ_ONLY view", () -> roView.putIntVolatile(0, 1)));
        tests.add(readOnly("putIntRelease on READ_ONLY view", () -> roView.putIntRelease(0, 1)));
        tests.add(readOnly("compareAndSetInt on READ_ONLY view", () -> roView.compareAndSetInt(0, 0, 1)));
        tests.add(readOnly("getAndAddInt on READ_ONLY view", () -> roView.getAndAddInt(0, 1)));
        tests.add(readOnly("putLongVolatile on READ_ONLY view", () -> roView.putLongVolatile(0, 1)));
        tests.add(readOnly("putLongRelease on READ_ONLY view", () -> roView.putLongRelease(0, 1)));
        tests.add(readOnly("compareAndSetLong on READ_ONLY view", () -> roView.compareAndSetLong(0, 0, 1)));
        tests.add(readOnly("getAndAddLong on READ_ONLY view", () -> roView.getAndAddLong(0, 1)));
        tests.add(readOnly("buffer().put on READ_ONLY view", () -> roView.buffer().put(0, (byte) 1)));

        // ---- misaligned atomics
        tests.add(throwsWith("getIntVolatile(1)", IllegalArgumentException.class, () -> view.getIntVolatile(1),
                misaligned("int", 1)));
        tests.add(throwsWith("putIntVolatile(2)", IllegalArgumentException.class, () -> view.putIntVolatile(2, 1),
                misaligned("int", 2)));
        tests.add(throwsWith("getIntAcquire(3)", IllegalArgumentException.class, () -> view.getIntAcquire(3),
                misaligned("int", 3)));
        tests.add(throwsWith("putLongRelease(4)", IllegalArgumentException.class, () -> view.putLongRelease(4, 1),
                misaligned("long", 4)));
        tests.add(throwsWith("compareAndSetInt(2)", IllegalArgumentException.class,
                () -> view.compareAndSetInt(2, 0, 1), misaligned("int", 2)));
        tests.add(throwsWith("getAndAddLong(12)", IllegalArgumentException.class, () -> view.getAndAddLong(12, 1),
                misaligned("long", 12)));
        tests.add(throwsWith("getLongAcquire(6)", IllegalArgumentException.class, () -> view.getLongAcquire(6),
                misaligned("long", 6)));
        tests.add(throwsWith("getLongVolatile(0) of a view at object offset 4", IllegalArgumentException.class,
                () -> offsetView.getLongVolatile(0),
                "an atomic long needs an offset aligned to 8 bytes in the object; view offset 4 + 0 is not"));
        tests.add(dynamicTest("getLongVolatile(4) of a view at object offset 4 is aligned: no exception",
                () -> assertEquals(0, offsetView.getLongVolatile(4))));

        // ---- closed
        tests.add(throwsWith("getInt on a closed view", IllegalStateException.class, () -> closedView.getInt(0),
                closedView()));
        tests.add(throwsWith("putString on a closed view", IllegalStateException.class,
                () -> closedView.putString(0, "x", StandardCharsets.UTF_8), closedView()));
        tests.add(throwsWith("getLongAcquire on a closed view", IllegalStateException.class,
                () -> closedView.getLongAcquire(0), closedView()));
        tests.add(throwsWith("get(byte[8192]) on a closed view", IllegalStateException.class,
                () -> closedView.get(0, new byte[64]), closedView()));
        tests.add(throwsWith("buffer() of a closed view", IllegalStateException.class, closedView::buffer,
                closedView()));
        tests.add(throwsWith("force() of a closed view", IllegalStateException.class, closedView::force,
                closedView()));

        // ---- the OS says no
        tests.add(throwsWith("open of a missing name", NotFoundException.class,
                () -> SharedMemory.open(missing, Access.READ_ONLY), e -> {
                    String enoent = TestSupport.posixOrWindows("ENOENT", "ERROR_FILE_NOT_FOUND");
                    assertEquals(enoent, e.errorName());
                    assertEquals(2, e.errorCode());
                    assertEquals("open", e.operation());
                    assertEquals(missing, e.objectName());
                    assertEquals("open", e.systemCall());
                    assertEquals("cannot open shared memory '" + missing + "': no such object (ENOENT, errno 2: "
                            + e.errorText() + ")", e.getMessage());
                }));
        tests.add(throwsWith("remove of a missing name", NotFoundException.class, () -> SharedMemory.remove(missing),
                e -> assertEquals("cannot remove shared memory '" + missing + "': no such object (ENOENT, errno 2: "
                        + e.errorText() + ")", e.getMessage())));
        tests.add(throwsWith("create of an existing name", AlreadyExistsException.class,
                () -> SharedMemory.create(name, 4096), e -> {
                    assertEquals(TestSupport.posixOrWindows("EEXIST", "ERROR_ALREADY_EXISTS"), e.errorName());
                    assertEquals("create", e.operation());
                    assertEquals("cannot create shared memory '" + name + "': object already exists (EEXIST, errno 17: "
                            + e.errorText() + ")", e.getMessage());
                }));
        tests.add(throwsWith("create of an existing name via Local\\ prefix", AlreadyExistsException.class,
                () -> SharedMemory.create("Local\\" + name, 4096),
                "cannot create shared memory 'Local\\" + name + "': object already exists (EEXIST"));
        Path missingFile = emptyFile.resolveSibling(missing);
        tests.add(throwsWith("openFile read-only of a missing file", NotFoundException.class,
                () -> SharedMemory.openFile(missingFile, 10, Access.READ_ONLY),
                e -> assertEquals("cannot open file '" + missingFile + "': no such object (ENOENT, errno 2: "
                        + e.errorText() + ")", e.getMessage())));
        cases = tests.size();
        return tests;
    }

    /**
     * Every public method of SharedMemory, MappedView and CreateOptions that takes an
     * argument with a bad value (anything but a boolean) has at least one case here (its
     * name starts the case's description): a method added without bad-input cases fails this.
     */
    @Test
    @Order(2)
    void everyPublicMethodWithArgumentsHasABadInputCase() {
        Set<String> required = new TreeSet<>();
        for (Class<?> type : List.of(SharedMemory.class, MappedView.class, CreateOptions.class)) {
            for (Method m : type.getDeclaredMethods()) {
                boolean onlyBooleans = java.util.Arrays.stream(m.getParameterTypes()).allMatch(t -> t == boolean.class);
                if (Modifier.isPublic(m.getModifiers()) && !onlyBooleans && !m.getName().equals("equals")) {
                    required.add(m.getName());
                }
            }
        }
        Set<String> uncovered = new TreeSet<>(required);
        uncovered.removeAll(covered);
        assertEquals(Set.of(), uncovered, "public methods without a bad-input case");
        assertTrue(required.size() >= 30, "the API was found by reflection: " + required);
    }

    @Test
    @Order(3)
    void nothingLeaked() throws Exception {
        assertTrue(cases > 0, "the cases ran first");
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
