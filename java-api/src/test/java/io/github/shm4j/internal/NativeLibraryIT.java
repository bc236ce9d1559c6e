/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.shm4j.testkit.ChildProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The loader and the JNI glue, run against the packaged jar (failsafe). */
class NativeLibraryIT {
    private static final Platform PLATFORM = Platform.current().orElseThrow();

    /** Several JVMs that start at once extract into one fresh folder and all load. */
    @Test
    void concurrentFirstStartsShareOneExtractedFile(@TempDir Path dir) throws Exception {
        Path jar = jarOfThisLibrary();
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            processes.add(ChildProcess.startProcess(new ProcessBuilder(javaCommand(), "--enable-native-access=ALL-UNNAMED",
                    "-D" + NativeLibrary.DIR_PROPERTY + "=" + dir,
                    "-cp", jar + java.io.File.pathSeparator + System.getProperty("java.class.path"),
                    io.github.shm4j.LoadProbe.class.getName())
                    .redirectErrorStream(true)));
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

    /**
     * Extraction names its files without {@code SecureRandom}: on Windows the JDK seeds it
     * by listing the network adapters, which throws where that service fails (seen under
     * Wine), and loading shm4j must not fail with it.
     */
    @Test
    void aFirstExtractionNeedsNoSecureRandom(@TempDir Path tmp) throws Exception {
        // The default folder, in an empty java.io.tmpdir: its checks probe the owner of
        // a new file (Windows), and the library is extracted through a temporary file.
        String out = runProbe("-D" + io.github.shm4j.LoadProbe.NO_ENTROPY + "=true", "-Djava.io.tmpdir=" + tmp);
        List<Path> folders;
        try (Stream<Path> files = Files.list(tmp)) {
            folders = files.toList();
        }
        assertEquals(1, folders.size(), "the extraction folder and no probe files: " + folders + "; the probe: " + out);
        try (Stream<Path> files = Files.list(folders.get(0))) {
            List<Path> left = files.toList();
            assertEquals(1, left.size(), "one library file and no temporary files: " + left + "; the probe: " + out);
            assertEquals("loaded " + left.get(0), out);
        }
    }

    @Test
    void aLibraryPathPropertyIsLoadedAsGiven(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("my-" + PLATFORM.fileName("copy"));
        Files.write(copy, libraryBytes());
        assertEquals("loaded " + copy, runProbe("-D" + NativeLibrary.PATH_PROPERTY + "=" + copy));

        Path missing = dir.resolve("nothing-here.so");
        String out = runProbe("-D" + NativeLibrary.PATH_PROPERTY + "=" + missing);
        assertTrue(out.startsWith("unavailable cannot load the shm4j native library " + missing
                + " named by -Dshm4j.library.path"), out);
    }

    @Test
    void anUnsupportedPlatformGetsOneClearMessage() throws Exception {
        assertEquals("unavailable shm4j has no native library for FreeBSD/amd64 (it ships linux-x86_64,"
                + " linux-aarch64, linux-x86_64-musl, linux-aarch64-musl, windows-x86_64); build one from native/"
                + " and set -Dshm4j.library.path=FILE", runProbe("-Dos.name=FreeBSD", "-Dos.arch=amd64"));
        assertTrue(runProbe("-Dos.arch=riscv64").startsWith("unavailable shm4j has no native library for "
                + System.getProperty("os.name") + "/riscv64"));
    }

    /** The jar's library of the other architecture is picked by os.arch, and refused by the OS. */
    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "Linux-only: the jar ships one Windows architecture")
    void theOtherArchitecturesLibraryIsPickedAndFailsToLoad() throws Exception {
        String other = Platform.normalizeArch(System.getProperty("os.arch")).equals("aarch64") ? "amd64" : "aarch64";
        Platform expected = Platform.of("Linux", other, Platform.Libc.ofThisProcess()).orElseThrow();
        assertNotEquals(PLATFORM, expected);
        String out = runProbe("-Dos.arch=" + other);
        assertTrue(out.startsWith("unavailable cannot load the shm4j native library for " + expected.id() + ";"),
                out);
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
            assertArrayEquals(libraryBytes(), Files.readAllBytes(third));
        } finally {
            System.clearProperty(NativeLibrary.DIR_PROPERTY);
        }
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "Linux-only: POSIX permissions and owners of the extraction folder")
    void aSharedOrForeignDefaultFolderIsRefused(@TempDir Path dir) throws IOException {
        Path mine = Files.createDirectory(dir.resolve("mine"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        NativeLibrary.checkPrivate(mine); // accepted
        int uid = NativeLibrary.currentUid();
        assertEquals(uid, (Integer) Files.getAttribute(mine, "unix:uid"), "the uid is this process's own");

        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        IOException e = assertThrows(IOException.class, () -> NativeLibrary.checkPrivate(shared));
        assertTrue(e.getMessage().contains("rwxrwxrwx") && e.getMessage().contains(NativeLibrary.DIR_PROPERTY),
                e.getMessage());

        Path link = Files.createSymbolicLink(dir.resolve("link"), mine);
        assertThrows(IOException.class, () -> NativeLibrary.checkPrivate(link), "a link is not followed");

        // Ownership is compared by numeric uid, never by user name (which a uid without a
        // passwd entry lacks): the folder is checked for another uid than its owner's.
        IOException owner = assertThrows(IOException.class, () -> NativeLibrary.checkPrivatePosix(mine, uid + 1));
        assertTrue(owner.getMessage().contains("owned by uid " + uid), owner.getMessage());
    }

    private static byte[] libraryBytes() throws IOException {
        try (var in = NativeLibrary.class.getResourceAsStream(PLATFORM.resourcePath())) {
            return in.readAllBytes();
        }
    }

    private static String runProbe(String... properties) throws Exception {
        List<String> command = new ArrayList<>(List.of(javaCommand(), "--enable-native-access=ALL-UNNAMED"));
        command.addAll(List.of(properties));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), io.github.shm4j.LoadProbe.class.getName()));
        Process p = ChildProcess.startProcess(new ProcessBuilder(command).redirectErrorStream(true));
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
