/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.condition.EnabledOnOs;

/**
 * The packaged jar holds a native library for every platform the build claims to
 * ship (the property {@code shm4j.platforms}, every supported platform by default),
 * each of the right binary format: a build that silently lost one (no MinGW-w64,
 * so no DLL) fails here instead of shipping a jar that breaks on Windows.
 */
@Tag("packaged-jar")
class JarContentsIT {
    private static final byte[] ELF = {0x7F, 'E', 'L', 'F'};
    private static final byte[] PE = {'M', 'Z'};

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "the Windows leg runs the jar that was checked on Linux")
    void theJarHoldsEveryClaimedLibrary() throws Exception {
        String claimed = System.getProperty("shm4j.platforms", "");
        assertFalse(claimed.isBlank(), "failsafe passes -Dshm4j.platforms");
        Path jar = Path.of(NativeLibrary.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(jar.toString().endsWith(".jar"), "run against the packaged jar: " + jar);
        List<String> missing = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (String id : claimed.split(",")) {
                Platform platform = Arrays.stream(Platform.values()).filter(p -> p.id().equals(id.trim()))
                        .findFirst().orElseThrow(() -> new AssertionError("shm4j.platforms names '" + id
                                + "', which is none of " + Platform.supportedIds()));
                JarEntry entry = file.getJarEntry(platform.resourcePath().substring(1));
                if (entry == null) {
                    missing.add(platform.resourcePath());
                    continue;
                }
                try (InputStream in = file.getInputStream(entry)) {
                    byte[] head = in.readNBytes(4);
                    boolean windows = platform.resourcePath().endsWith(".dll");
                    byte[] magic = windows ? PE : ELF;
                    assertArrayEquals(magic, Arrays.copyOf(head, magic.length),
                            platform.resourcePath() + " is not a " + (windows ? "PE DLL" : "ELF library"));
                }
                assertTrue(entry.getSize() > 10_000, platform.resourcePath() + " is only " + entry.getSize() + " bytes");
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read " + jar, e);
        }
        assertEquals(List.of(), missing, "the jar lacks libraries for platforms it claims (shm4j.platforms="
                + claimed + "); build them (the Windows DLL needs gcc-mingw-w64-x86-64), or build with"
                + " -Dshm4j.platforms=<the ones you have>");
    }
}
