/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader and the JNI glue, run against the packaged jar (failsafe). */
class NativeLibraryIT {
    private static final Platform PLATFORM =
            Platform.of(System.getProperty("os.name"), System.getProperty("os.arch")).orElseThrow();

    /** Loads with the default settings, before any test changes a property. */
    @BeforeAll
    static void load() {
        NativeLibrary.ensureLoaded();
    }

    @Test
    @Tag("packaged-jar") // mutation testing runs on target/classes
    void loadsTheLibraryExtractedFromTheJar() {
        assertTrue(NativeLibrary.isAvailable());
        assertTrue(NativeLibrary.unavailabilityCause().isEmpty());
        String resource = NativeLibrary.class.getResource(PLATFORM.resourcePath()).toString();
        assertTrue(resource.startsWith("jar:file:"), "the library must come from the jar: " + resource);
        String source = NativeLibrary.source();
        assertTrue(source.matches(".*" + PLATFORM.fileName("[0-9a-f]{32}").replace(".", "\\.")),
                "extracted to a content-addressed file: " + source);
        assertEquals(ShmNative.ABI_VERSION, ShmNative.abiVersion());
    }

    @Test
    void errorKindsMatchTheNativeTable() {
        for (ErrorKind kind : ErrorKind.values()) {
            assertEquals(kind.name(), ShmNative.errorKindName(kind.ordinal()));
        }
        assertNull(ShmNative.errorKindName(ErrorKind.values().length), "C has no kind Java lacks");
        assertNull(ShmNative.errorKindName(-1));
    }

    @Test
    void createMapWriteReadThroughJni() {
        byte[] name = ("/shm4j-jni-" + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8);
        long granularity = ShmNative.mapGranularity();
        assertTrue(granularity >= 4096 && Long.bitCount(granularity) == 1, "granularity " + granularity);
        long size = 2 * granularity;
        long creator = ShmNative.create(name, size, 0600, 0);
        try {
            assertEquals(size, ShmNative.size(creator));
            long address = ShmNative.map(creator, 0, size, 1);
            ByteBuffer buffer = ShmNative.buffer(address, (int) size);
            assertTrue(buffer.isDirect());
            assertEquals(size, buffer.capacity());
            buffer.put(0, (byte) 42).put((int) size - 1, (byte) 7);

            long reader = ShmNative.open(name, 0);
            long view = ShmNative.map(reader, granularity, granularity, 0);
            ByteBuffer read = ShmNative.buffer(view, (int) granularity);
            assertEquals(7, read.get((int) granularity - 1));
            ShmNative.unmap(view, granularity);
            ShmNative.close(reader);
            ShmNative.unmap(address, size);
        } finally {
            ShmNative.close(creator);
            ShmNative.remove(name);
        }
    }

    @Test
    void failuresCarryTheOsCodeAndText() {
        byte[] missing = "/shm4j-no-such-object".getBytes(StandardCharsets.UTF_8);
        NativeException e = assertThrows(NativeException.class, () -> ShmNative.open(missing, 0));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertEquals(2, e.code());
        assertEquals("ENOENT", e.codeName());
        assertEquals("open", e.call());
        assertFalse(e.text().isBlank(), "the OS's text (its wording depends on the locale)");
        assertNotEquals("ENOENT", e.text());

        NativeException remove = assertThrows(NativeException.class, () -> ShmNative.remove(missing));
        assertEquals(ErrorKind.NOT_FOUND, remove.kind());

        NativeException nul = assertThrows(NativeException.class,
                () -> ShmNative.open("/a\0b".getBytes(StandardCharsets.UTF_8), 0));
        assertEquals(ErrorKind.INVALID_ARGUMENT, nul.kind());
        assertEquals(0, nul.code());

        NativeException access = assertThrows(NativeException.class,
                () -> ShmNative.open("/x".getBytes(StandardCharsets.UTF_8), 7));
        assertEquals(ErrorKind.INVALID_ARGUMENT, access.kind());
    }

    /** Several JVMs that start at once extract into one fresh folder and all load. */
    @Test
    void concurrentFirstStartsShareOneExtractedFile(@TempDir Path dir) throws Exception {
        Path jar = jarOfThisLibrary();
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            processes.add(new ProcessBuilder(javaCommand(), "--enable-native-access=ALL-UNNAMED",
                    "-D" + NativeLibrary.DIR_PROPERTY + "=" + dir,
                    "-cp", jar + java.io.File.pathSeparator + System.getProperty("java.class.path"),
                    LoadProbe.class.getName())
                    .redirectErrorStream(true).start());
        }
        List<String> sources = new ArrayList<>();
        for (Process p : processes) {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertEquals(0, p.exitValue(), out);
            sources.add(out);
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> left = files.toList();
            assertEquals(1, left.size(), "one library file and no temporary files: " + left);
            assertTrue(sources.stream().allMatch(s -> s.equals("loaded " + left.get(0))), sources.toString());
        }
    }

    @Test
    void aLibraryPathPropertyIsLoadedAsGiven(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("my-" + PLATFORM.fileName("copy"));
        Files.copy(Path.of(NativeLibrary.source()), copy);
        assertEquals("loaded " + copy, runProbe("-D" + NativeLibrary.PATH_PROPERTY + "=" + copy));

        Path missing = dir.resolve("nothing-here.so");
        String out = runProbe("-D" + NativeLibrary.PATH_PROPERTY + "=" + missing);
        assertTrue(out.startsWith("unavailable cannot load the shm4j native library " + missing
                + " named by -Dshm4j.library.path"), out);
    }

    @Test
    void anUnsupportedPlatformGetsOneClearMessage() throws Exception {
        assertEquals("unavailable shm4j has no native library for FreeBSD/amd64 (it ships linux-x86_64,"
                + " windows-x86_64); build one from native/ and set -Dshm4j.library.path=FILE",
                runProbe("-Dos.name=FreeBSD"));
        assertTrue(runProbe("-Dos.arch=aarch64").startsWith("unavailable shm4j has no native library for "
                + System.getProperty("os.name") + "/aarch64"));
    }

    @Test
    void theExtractedFileIsReusedWhenItMatches(@TempDir Path dir) throws IOException {
        System.setProperty(NativeLibrary.DIR_PROPERTY, dir.toString());
        try {
            Path first = NativeLibrary.extract(PLATFORM);
            long modified = Files.getLastModifiedTime(first).toMillis();
            Path second = NativeLibrary.extract(PLATFORM);
            assertEquals(first, second);
            assertEquals(modified, Files.getLastModifiedTime(second).toMillis());
            Files.write(first, new byte[] {1, 2, 3}); // damaged: replaced, not loaded
            Path third = NativeLibrary.extract(PLATFORM);
            assertEquals(first, third);
            assertNotEquals(3, Files.size(third));
            assertArrayEquals(Files.readAllBytes(Path.of(NativeLibrary.source())), Files.readAllBytes(third));
        } finally {
            System.clearProperty(NativeLibrary.DIR_PROPERTY);
        }
    }

    @Test
    void aSharedOrForeignDefaultFolderIsRefused(@TempDir Path dir) throws IOException {
        Path mine = Files.createDirectory(dir.resolve("mine"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        NativeLibrary.checkPrivate(mine); // accepted

        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        IOException e = assertThrows(IOException.class, () -> NativeLibrary.checkPrivate(shared));
        assertTrue(e.getMessage().contains("rwxrwxrwx") && e.getMessage().contains(NativeLibrary.DIR_PROPERTY),
                e.getMessage());

        Path link = Files.createSymbolicLink(dir.resolve("link"), mine);
        assertThrows(IOException.class, () -> NativeLibrary.checkPrivate(link), "a link is not followed");

        if (!"root".equals(System.getProperty("user.name"))) {
            System.out.println("SKIPPED the foreign-owner case: only root can give a folder to nobody");
            assertFalse("1".equals(System.getenv("SHM4J_REQUIRE_ALL")), "SHM4J_REQUIRE_ALL=1: the foreign-owner case needs root");
            return;
        }
        Path foreign = Files.createDirectory(dir.resolve("foreign"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setOwner(foreign, foreign.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        IOException owner = assertThrows(IOException.class, () -> NativeLibrary.checkPrivate(foreign));
        assertTrue(owner.getMessage().contains("owned by nobody"), owner.getMessage());
    }

    private static String runProbe(String property) throws Exception {
        Process p = new ProcessBuilder(javaCommand(), "--enable-native-access=ALL-UNNAMED", property,
                "-cp", System.getProperty("java.class.path"), LoadProbe.class.getName())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path jarOfThisLibrary() throws Exception {
        return Path.of(NativeLibrary.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
