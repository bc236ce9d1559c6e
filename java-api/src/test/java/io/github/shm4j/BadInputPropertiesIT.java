/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Bad input as properties (jqwik): whole classes of bad names and of
 * out-of-range offsets give their documented exception; afterwards nothing leaked.
 */
class BadInputPropertiesIT {
    private static final int SIZE = 8192;
    private static final int VIEW = 1000; // deliberately not a power of two

    private static TestSupport.ProcState procBefore = new TestSupport.ProcState(Map.of(), List.of());
    private static Set<String> entriesBefore = Set.of();
    private static String name = "";
    private static SharedMemory shm;
    private static MappedView view;

    @BeforeContainer
    static void setUp() {
        try (SharedMemory warm = SharedMemory.create(TestSupport.uniqueName("warm"), 4096)) {
            warm.map(0, 1, Access.READ_ONLY).close();
        }
        procBefore = TestSupport.procState();
        entriesBefore = TestSupport.ourShmEntries();
        name = TestSupport.uniqueName("props");
        shm = SharedMemory.create(name, SIZE);
        view = shm.map(100, VIEW, Access.READ_WRITE);
    }

    @AfterContainer
    static void nothingLeaked() {
        shm.close();
        assertTrue(view.isClosed());
        assertFalse(TestSupport.exists(name));
        assertEquals(entriesBefore, TestSupport.ourShmEntries());
        TestSupport.assertNoProcLeaks(procBefore, name);
    }

    @Provide
    Arbitrary<String> namesWithASeparatorAfterThePrefix() {
        Arbitrary<String> prefix = Arbitraries.of("", "Local\\", "Global\\", "LOCAL\\", "global\\");
        Arbitrary<String> part = Arbitraries.strings().withCharRange('a', 'z').withChars('.', '-', '_', 'é', '✓')
                .ofMaxLength(20);
        Arbitrary<Character> separator = Arbitraries.of('/', '\\', '\0');
        return Combinators.combine(prefix, part, separator, part).as((p, a, s, b) -> p + a + s + b);
    }

    @Property(tries = 300)
    void anyNameWithASlashBackslashOrNulAfterThePrefixIsInvalid(
            @ForAll("namesWithASeparatorAfterThePrefix") String bad) {
        InvalidNameException e = assertThrows(InvalidNameException.class, () -> SharedMemory.create(bad, 4096));
        assertEquals(bad, e.objectName());
        assertThrows(InvalidNameException.class, () -> SharedMemory.open(bad, Access.READ_ONLY));
        assertThrows(InvalidNameException.class, () -> SharedMemory.remove(bad));
    }

    @Property(tries = 100)
    void anyNameLongerThan255BytesIsInvalid(
            @ForAll("longNames") String bad) {
        if (TestSupport.WINDOWS && bad.length() <= 260) {
            // POSIX NAME_MAX counts bytes; Windows counts characters, up to MAX_PATH
            SharedMemory.create(bad, 4096).close();
        } else {
            assertThrows(InvalidNameException.class, () -> SharedMemory.create(bad, 4096));
        }
    }

    @Provide
    Arbitrary<String> longNames() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars('é', '✓').ofMinLength(86).ofMaxLength(400)
                .filter(s -> s.getBytes(StandardCharsets.UTF_8).length > 255);
    }

    @Provide
    Arbitrary<Tuple.Tuple2<Long, Integer>> outsideTheView() {
        Arbitrary<Integer> size = Arbitraries.integers().between(0, 64);
        Arbitrary<Long> anyOffset = Arbitraries.oneOf(Arbitraries.longs(),
                Arbitraries.of(Long.MIN_VALUE, -1L, Long.MAX_VALUE, (long) VIEW));
        Arbitrary<Long> nearEnd = Arbitraries.longs().between(VIEW - 64, VIEW + 64);
        return Combinators.combine(Arbitraries.oneOf(anyOffset, nearEnd), size).as(Tuple::of)
                .filter(t -> t.get1() < 0 || t.get1() > VIEW - t.get2());
    }

    @Property(tries = 500)
    void anyOffsetAndLengthOutsideTheViewIsOutOfBounds(@ForAll("outsideTheView") Tuple.Tuple2<Long, Integer> t) {
        long offset = t.get1();
        int length = t.get2();
        assertThrows(IndexOutOfBoundsException.class, () -> view.get(offset, new byte[length]));
        assertThrows(IndexOutOfBoundsException.class, () -> view.put(offset, new byte[length]));
        if (length == 1) {
            assertThrows(IndexOutOfBoundsException.class, () -> view.getByte(offset));
        }
        if (length == 8) {
            assertThrows(IndexOutOfBoundsException.class, () -> view.putLong(offset, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> view.getLongVolatile(offset));
        }
    }

    @Property(tries = 300)
    void anyMapOutsideTheObjectIsOutOfBounds(@ForAll long offset,
            @ForAll @net.jqwik.api.constraints.LongRange(min = 1, max = Integer.MAX_VALUE) long length) {
        net.jqwik.api.Assume.that(offset < 0 || offset > SIZE - length);
        assertThrows(IndexOutOfBoundsException.class, () -> shm.map(offset, length, Access.READ_ONLY));
    }
}
