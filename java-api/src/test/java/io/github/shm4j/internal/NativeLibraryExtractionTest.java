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

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader's extraction, in this JVM (so that mutation testing sees it): where the
 * library goes, when an extracted copy is reused or replaced, and which default
 * folders are refused. NativeLibraryIT covers loading itself, in fresh JVMs.
 */
class NativeLibraryExtractionTest {
    private static final Platform PLATFORM =
            Platform.of(System.getProperty("os.name"), System.getProperty("os.arch")).orElseThrow();

    @AfterEach
    void clearProperty() {
        System.clearProperty(NativeLibrary.DIR_PROPERTY);
    }

    private static byte[] shipped() throws IOException {
        try (InputStream in = NativeLibrary.class.getResourceAsStream(PLATFORM.resourcePath())) {
            assertTrue(in != null, "the build put " + PLATFORM.resourcePath() + " on the class path");
            return in.readAllBytes();
        }
    }

    @Test
    void theLibraryIsExtractedOnceUnderItsContentHashAndRepairedWhenDamaged(@TempDir Path dir) throws IOException {
        System.setProperty(NativeLibrary.DIR_PROPERTY, dir.resolve("made/for/it").toString());
        Path first = NativeLibrary.extract(PLATFORM);
        assertEquals(dir.resolve("made/for/it"), first.getParent(), "the configured folder, created");
        assertTrue(first.getFileName().toString().matches(PLATFORM.fileName("[0-9a-f]{32}").replace(".", "\\.")),
                first.toString());
        assertArrayEquals(shipped(), Files.readAllBytes(first));
        Files.setLastModifiedTime(first, java.nio.file.attribute.FileTime.fromMillis(1_000_000));
        assertEquals(first, NativeLibrary.extract(PLATFORM));
        assertEquals(1_000_000, Files.getLastModifiedTime(first).toMillis(), "a matching copy is reused as it is");
        Files.write(first, new byte[] {1, 2, 3});
        assertEquals(first, NativeLibrary.extract(PLATFORM));
        assertArrayEquals(shipped(), Files.readAllBytes(first), "a damaged copy is replaced");
        try (Stream<Path> files = Files.list(first.getParent())) {
            assertEquals(List.of(first), files.toList(), "no temporary file is left");
        }
    }

    @Test
    void theDefaultFolderIsOwnerOnlyInTheTemporaryDirectory() throws IOException {
        Path file = NativeLibrary.extract(PLATFORM);
        Path dir = file.getParent();
        assertEquals(Path.of(System.getProperty("java.io.tmpdir")), dir.getParent());
        assertEquals("shm4j-" + NativeLibrary.currentUid(), dir.getFileName().toString(),
                "named by the numeric uid, which every process has");
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(dir));
    }

    @Test
    void foldersOthersCouldWriteToOrThatAreNotFoldersAreRefused(@TempDir Path dir) throws IOException {
        Path mine = Files.createDirectory(dir.resolve("mine"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        NativeLibrary.checkPrivate(mine);
        for (String mode : List.of("rwxrwx---", "rwx----w-", "rwxrwxrwx")) {
            Path shared = Files.createDirectory(dir.resolve("shared-" + mode));
            Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString(mode));
            IOException e = assertThrows(IOException.class, () -> NativeLibrary.checkPrivate(shared));
            assertTrue(e.getMessage().contains(mode) && e.getMessage().contains("-D" + NativeLibrary.DIR_PROPERTY),
                    e.getMessage());
        }
        Path readable = Files.createDirectory(dir.resolve("readable"));
        Files.setPosixFilePermissions(readable, PosixFilePermissions.fromString("rwxr-xr-x"));
        NativeLibrary.checkPrivate(readable); // others may read and enter, not write
        Path file = Files.createFile(dir.resolve("file"));
        IOException notFolder = assertThrows(IOException.class, () -> NativeLibrary.checkPrivate(file));
        assertTrue(notFolder.getMessage().contains("not a folder"), notFolder.getMessage());
    }

    @Test
    void newFilesAreEmptyOwnerOnlyAndNeverReused(@TempDir Path dir) throws IOException {
        Path first = NativeLibrary.newFile(dir, "p");
        Path second = NativeLibrary.newFile(dir, "p");
        assertNotEquals(first, second);
        for (Path file : List.of(first, second)) {
            assertEquals(dir, file.getParent());
            assertTrue(file.getFileName().toString().matches("p\\." + ProcessHandle.current().pid()
                    + "\\.[0-9a-f]+\\.[0-9]+\\.tmp"), file.toString());
            assertEquals(0, Files.size(file));
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
        }
        Files.delete(first);
        assertNotEquals(first, NativeLibrary.newFile(dir, "p"), "a name once used is not used again");
    }
}
