/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure-Java mappings of the internal package: C error kinds, OS names, the platform list. */
class ErrorKindAndOsTest {
    @Test
    void errorKindsMapByTheirCValueAndUnknownValuesAreSystem() {
        ErrorKind[] kinds = ErrorKind.values();
        for (int i = 1; i < kinds.length; i++) {
            assertEquals(kinds[i], ErrorKind.of(i));
        }
        assertEquals(ErrorKind.SYSTEM, ErrorKind.of(0), "0 is no failure: never reported as one");
        assertEquals(ErrorKind.SYSTEM, ErrorKind.of(-1));
        assertEquals(ErrorKind.SYSTEM, ErrorKind.of(kinds.length));
        assertEquals("no such object", ErrorKind.NOT_FOUND.description());
        assertEquals("insufficient space", ErrorKind.INSUFFICIENT_SPACE.description());
    }

    @ParameterizedTest
    @CsvSource({"Linux, linux, false", "Windows 11, windows, true", "windows server 2022, windows, true",
        "Mac OS X, macos, false", "Darwin, macos, false", "FreeBSD, freebsd, false", "SunOS 5.11, sunos511, false"})
    void operatingSystemsAreNormalized(String osName, String normalized, boolean windows) {
        assertEquals(normalized, Platform.normalizeOs(osName));
        assertEquals(windows, Platform.isWindows(osName));
    }

    @Test
    void theSupportedPlatformsAreListedForMessages() {
        List<String> ids = Platform.supportedIds();
        assertTrue(ids.contains("linux-x86_64") && ids.contains("windows-x86_64"), ids.toString());
        for (String id : ids) {
            assertFalse(id.isBlank());
        }
        assertEquals("x86_64", Platform.normalizeArch("EM64T"));
        assertEquals("arm32", Platform.normalizeArch("arm"));
    }
}
