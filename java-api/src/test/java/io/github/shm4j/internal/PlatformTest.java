/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.shm4j.internal.Platform.Libc;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlatformTest {
    @ParameterizedTest
    @CsvSource({
        "Linux, amd64, linux-x86_64",
        "Linux, x86_64, linux-x86_64",
        "Linux, aarch64, linux-aarch64",
        "Linux, arm64, linux-aarch64",
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
        "Linux, riscv64",
        "Linux, i386",
        "Linux, arm",
        "Windows 10, x86",
        "Windows 11, aarch64",
        "FreeBSD, amd64",
        "SunOS, sparcv9",
    })
    void unsupportedPlatforms(String os, String arch) {
        assertTrue(Platform.of(os, arch).isEmpty(), os + "/" + arch);
        assertTrue(Platform.of(os, arch, Libc.MUSL).isEmpty(), os + "/" + arch + " on musl");
    }

    @ParameterizedTest
    @CsvSource({
        "Linux, amd64, MUSL, linux-x86_64-musl",
        "Linux, aarch64, MUSL, linux-aarch64-musl",
        "Linux, amd64, GLIBC, linux-x86_64",
        "Linux, aarch64, GLIBC, linux-aarch64",
        "Linux, amd64, OTHER, linux-x86_64",
        "Windows 10, amd64, MUSL, windows-x86_64",
        "Windows 10, amd64, OTHER, windows-x86_64",
    })
    void theCLibraryPicksTheLinuxLibrary(String os, String arch, Libc libc, String id) {
        assertEquals(Optional.of(id), Platform.of(os, arch, libc).map(Platform::id));
    }

    @Test
    void everyPlatformIsListedOnce() {
        assertEquals(List.of("linux-x86_64", "linux-aarch64", "linux-x86_64-musl", "linux-aarch64-musl",
                "windows-x86_64"), Platform.supportedIds());
    }

    @ParameterizedTest
    @CsvSource({"amd64, x86_64", "x86-64, x86_64", "arm64, aarch64", "i686, x86_32", "ppc64le, ppc64le"})
    void architecturesAreNormalized(String arch, String expected) {
        assertEquals(expected, Platform.normalizeArch(arch));
    }

    @ParameterizedTest
    @CsvSource({"linux-x86_64, /io/github/shm4j/native/linux-x86_64/libshm4j.so, libshm4j-ab.so",
        "linux-aarch64, /io/github/shm4j/native/linux-aarch64/libshm4j.so, libshm4j-ab.so",
        "linux-x86_64-musl, /io/github/shm4j/native/linux-x86_64-musl/libshm4j.so, libshm4j-ab.so",
        "linux-aarch64-musl, /io/github/shm4j/native/linux-aarch64-musl/libshm4j.so, libshm4j-ab.so",
        "windows-x86_64, /io/github/shm4j/native/windows-x86_64/shm4j.dll, shm4j-ab.dll"})
    void resourceAndFileNames(String id, String resource, String file) {
        Platform p = Platform.valueOf(id.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        assertEquals(id, p.id());
        assertEquals(resource, p.resourcePath());
        assertEquals(file, p.fileName("ab"));
    }

    /** Real and hand-written /proc/self/maps files (see the first lines of each). */
    @ParameterizedTest
    @CsvSource({
        "debian12-x86_64-jdk17.maps, GLIBC",
        "debian12-aarch64-jdk17-qemu.maps, GLIBC",
        "centos7-x86_64-jdk17-handwritten.maps, GLIBC",
        "debian12-x86_64-musl-c.maps, MUSL",
        "debian12-aarch64-musl-c-qemu.maps, MUSL",
        "alpine-x86_64-jdk17-handwritten.maps, MUSL",
        "alpine-x86_64-glibc-jdk-on-gcompat-handwritten.maps, MUSL",
        "static-no-libc-handwritten.maps, OTHER",
    })
    void theCLibraryIsReadFromTheMappedFiles(String fixture, Libc expected) throws IOException {
        assertEquals(expected, Libc.fromMaps(fixture(fixture)), fixture);
    }

    @Test
    void onlyTheMappedFileNameCounts() {
        String glibc = "7f00-7f10 r-xp 00000000 fe:00 339704     /usr/lib/x86_64-linux-gnu/libc.so.6";
        assertEquals(Libc.GLIBC, Libc.fromMaps(List.of(glibc)));
        // a musl folder elsewhere in the path, or in a file name that is not the libc
        assertEquals(Libc.GLIBC, Libc.fromMaps(List.of(glibc,
                "7f20-7f30 r-xp 00000000 fe:00 1 /opt/musl-tools/lib/libmusl-helper.so",
                "7f40-7f50 r-xp 00000000 fe:00 2 /home/ld-musl-x86_64.so.1/libz.so.1",
                "7f60-7f70 r-xp 00000000 fe:00 3 /srv/musl/libc.so.6")));
        // updated on disk while the JVM runs
        assertEquals(Libc.MUSL, Libc.fromMaps(List.of(
                "7f20-7f30 r-xp 00000000 08:01 1 /lib/ld-musl-aarch64.so.1 (deleted)")));
        assertEquals(Libc.GLIBC, Libc.fromMaps(List.of(
                "7f20-7f30 r-xp 00000000 08:01 1 /usr/lib/x86_64-linux-gnu/libc.so.6 (deleted)")));
        // not maps lines at all, or anonymous memory
        assertEquals(Libc.OTHER, Libc.fromMaps(List.of("", "libc.so.6", "# /lib/ld-musl-x86_64.so.1",
                "7f00-7f10 rw-p 00000000 00:00 0", "7ffd-7ffe rw-p 00000000 00:00 0 [stack]")));
    }

    @Test
    void thisJvmsCLibraryIsRecognized() {
        Libc libc = Libc.ofThisProcess();
        if (Platform.normalizeOs(System.getProperty("os.name")).equals("linux")) {
            assertNotEquals(Libc.OTHER, libc, "a Linux JVM maps glibc or musl");
            assertEquals(Optional.of(System.getProperty("os.arch").equals("aarch64") ? "linux-aarch64" : "linux-x86_64")
                    .map(id -> libc == Libc.MUSL ? id + "-musl" : id), Platform.current().map(Platform::id));
        } else {
            assertEquals(Libc.OTHER, libc);
        }
    }

    private static List<String> fixture(String name) throws IOException {
        try (InputStream in = PlatformTest.class.getResourceAsStream("maps/" + name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
