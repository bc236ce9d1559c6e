/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The name rules of both operating systems, without the native library: what each
 * OS gets, and the reason each refusal gives.
 */
class ShmNameTest {
    private static String refusal(String name, boolean windows) {
        return assertThrows(InvalidNameException.class, () -> ShmName.of(name, "open", windows)).getMessage();
    }

    @Test
    void theOsFormOfEachPrefix() {
        for (boolean windows : new boolean[] {false, true}) {
            for (String name : new String[] {"Local\\x", "Global\\x", "x", "local\\x", "GLOBAL\\x"}) {
                ShmName n = ShmName.of(name, "open", windows);
                assertEquals(windows ? name : "/x", os(n), name);
            }
        }
    }

    @Test
    void eachRefusalSaysWhy() {
        for (boolean windows : new boolean[] {false, true}) {
            assertEquals("cannot open shared memory 'Local\\': invalid name (the name is empty)",
                    refusal("Local\\", windows));
            assertEquals("cannot open shared memory '..': invalid name ('..' is not a name)", refusal("..", windows));
            assertEquals("cannot open shared memory 'a/b': invalid name ('/' is not allowed after the Local\\ or"
                    + " Global\\ prefix)", refusal("a/b", windows));
            assertEquals("cannot open shared memory 'a\0b': invalid name ('\\0' is not allowed after the Local\\ or"
                    + " Global\\ prefix)", refusal("a\0b", windows));
            assertEquals("cannot open shared memory 'x\\y': invalid name ('\\' is not allowed after the Local\\ or"
                    + " Global\\ prefix)", refusal("x\\y", windows));
        }
    }

    /** Paired surrogates (a character outside the BMP) are a name; a lone one, anywhere, is not. */
    @ParameterizedTest
    @ValueSource(strings = {"\uD83D\uDE00", "a\uD83D\uDE00", "\uD83D\uDE00b", "a\uD83D\uDE00\uD83D\uDE01b"})
    void pairedSurrogatesAreAccepted(String name) {
        assertEquals("/" + name, os(ShmName.of(name, "open", false)));
        assertEquals(name, os(ShmName.of(name, "open", true)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uD83D", "a\uD83D", "\uD83Db", "\uDE00", "a\uDE00", "\uDE00\uD83D", "\uD83D\uD83D",
        "\uDE00\uDE00"})
    void loneSurrogatesAreRefused(String name) {
        for (boolean windows : new boolean[] {false, true}) {
            assertEquals("cannot open shared memory '" + name + "': invalid name (the name is not valid Unicode"
                    + " (unpaired surrogate))", refusal(name, windows));
        }
    }

    @Test
    void lengthLimitsAreEachOsOwn() {
        String posixMax = "é".repeat(127) + "x"; // 255 bytes in UTF-8, 128 chars
        assertEquals("/" + posixMax, os(ShmName.of("Local\\" + posixMax, "open", false)));
        assertEquals("cannot open shared memory '" + posixMax + "x': invalid name (longer than 255 bytes in UTF-8)",
                refusal(posixMax + "x", false));
        String windowsMax = "Local\\" + "w".repeat(260 - 6); // 260 chars, prefix included
        assertEquals(windowsMax, os(ShmName.of(windowsMax, "open", true)));
        assertEquals("cannot open shared memory '" + windowsMax + "w': invalid name (longer than 260 characters)",
                refusal(windowsMax + "w", true));
        String manyBytes = "é".repeat(200); // 400 bytes: too long for POSIX, fine for Windows
        assertEquals(manyBytes, os(ShmName.of(manyBytes, "open", true)));
        refusal(manyBytes, false);
    }

    /** The OS form of the name, as the native layer gets it. */
    private static String os(ShmName n) {
        return new String(n.osBytes, StandardCharsets.UTF_8);
    }
}
