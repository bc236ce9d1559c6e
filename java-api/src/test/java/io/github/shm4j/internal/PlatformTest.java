/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlatformTest {
    @ParameterizedTest
    @CsvSource({
        "Linux, amd64, linux-x86_64",
        "Linux, x86_64, linux-x86_64",
        "Windows 11, amd64, windows-x86_64",
        "Windows Server 2022, x86_64, windows-x86_64",
        "Windows 10, AMD64, windows-x86_64",
    })
    void supportedPlatforms(String os, String arch, String id) {
        assertEquals(Optional.of(id), Platform.of(os, arch).map(Platform::id));
    }

    @ParameterizedTest
    @CsvSource({
        "Mac OS X, aarch64",
        "Linux, aarch64",
        "Linux, i386",
        "Windows 10, x86",
        "FreeBSD, amd64",
        "SunOS, sparcv9",
    })
    void unsupportedPlatforms(String os, String arch) {
        assertTrue(Platform.of(os, arch).isEmpty(), os + "/" + arch);
    }

    @ParameterizedTest
    @CsvSource({"amd64, x86_64", "x86-64, x86_64", "arm64, aarch64", "i686, x86_32", "ppc64le, ppc64le"})
    void architecturesAreNormalized(String arch, String expected) {
        assertEquals(expected, Platform.normalizeArch(arch));
    }

    @ParameterizedTest
    @CsvSource({"linux-x86_64, /io/github/shm4j/native/linux-x86_64/libshm4j.so, libshm4j-ab.so",
        "windows-x86_64, /io/github/shm4j/native/windows-x86_64/shm4j.dll, shm4j-ab.dll"})
    void resourceAndFileNames(String id, String resource, String file) {
        Platform p = Platform.of(id.startsWith("linux") ? "Linux" : "Windows 10", "amd64").orElseThrow();
        assertEquals(resource, p.resourcePath());
        assertEquals(file, p.fileName("ab"));
    }
}
