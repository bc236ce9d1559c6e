/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader's checks, in this JVM (so that mutation testing sees them): the outcome
 * of a load (its source, a wrong ABI, a library without the natives, a bad
 * {@code -Dshm4j.library.path}), and the default extraction folder in a temporary
 * directory of the test's own (created private; refused when shared or a link). Linux
 * only: the Windows checks (ACLs) cannot be reached from a POSIX file system.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "POSIX folders and the Linux library; NativeLibraryIT loads in fresh JVMs")
class NativeLibraryChecksTest {
    private static final Platform PLATFORM =
            Platform.of(System.getProperty("os.name"), System.getProperty("os.arch")).orElseThrow();
    private static final String TMPDIR = "java.io.tmpdir";

    private String tmpdir;

    @BeforeEach
    void keepTmpdir() {
        tmpdir = System.getProperty(TMPDIR);
    }

    @AfterEach
    void restoreProperties() {
        System.setProperty(TMPDIR, tmpdir);
        System.clearProperty(NativeLibrary.DIR_PROPERTY);
        System.clearProperty(NativeLibrary.PATH_PROPERTY);
    }

    @Test
    void aLoadSaysWhereTheLibraryCameFrom() throws IOException {
        NativeLibrary.Outcome ok = NativeLibrary.load(() -> 42, 42);
        assertEquals(java.util.Optional.empty(), ok.failure());
        assertEquals(NativeLibrary.extract(PLATFORM).toString(), ok.source(), "the extracted copy");

        Path file = NativeLibrary.extract(PLATFORM);
        System.setProperty(NativeLibrary.PATH_PROPERTY, file.toString());
        NativeLibrary.Outcome explicit = NativeLibrary.load(() -> 42, 42);
        assertEquals(file.toAbsolutePath().toString(), explicit.source());
        assertFalse(explicit.failure().isPresent());
    }

    @Test
    void aLibraryOfAnotherAbiOrWithoutTheNativesIsRefused() {
        NativeLibrary.Outcome wrong = NativeLibrary.load(() -> 41, 42);
        assertEquals("", wrong.source());
        String message = wrong.failure().orElseThrow().getMessage();
        assertTrue(message.contains("has ABI version 41 but this shm4j jar needs 42"), message);

        NativeLibrary.Outcome none = NativeLibrary.load(() -> {
            throw new UnsatisfiedLinkError("no natives");
        }, 42);
        assertEquals("", none.source());
        Exception failure = none.failure().orElseThrow();
        assertTrue(failure.getMessage().contains("does not register the natives"), failure.getMessage());
        assertTrue(failure.getCause() instanceof UnsatisfiedLinkError);
    }

    @Test
    void aMissingExplicitLibraryIsReportedWithItsProperty(@TempDir Path dir) {
        Path missing = dir.resolve("libnothing.so");
        System.setProperty(NativeLibrary.PATH_PROPERTY, missing.toString());
        NativeLibrary.Outcome outcome = NativeLibrary.load(() -> 42, 42);
        assertEquals("", outcome.source());
        String message = outcome.failure().orElseThrow().getMessage();
        assertTrue(message.contains(missing.toString()) && message.contains("-D" + NativeLibrary.PATH_PROPERTY),
                message);
    }

    @Test
    void theDefaultFolderIsCreatedPrivateWhereItIsMissing(@TempDir Path tmp) throws IOException {
        System.setProperty(TMPDIR, tmp.toString());
        System.setProperty(NativeLibrary.DIR_PROPERTY, ""); // empty: the default
        // A loader that took "" for a folder would extract into the working directory:
        // whatever this test puts there, it removes.
        Path here = Path.of("").toAbsolutePath();
        java.util.Set<Path> before = libraries(here);
        try {
            Path file = NativeLibrary.extract(PLATFORM);
            Path dir = tmp.resolve("shm4j-" + NativeLibrary.currentUid());
            assertEquals(dir, file.getParent());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
            assertTrue(Files.isRegularFile(file));
            assertEquals(file, NativeLibrary.extract(PLATFORM), "found again, and accepted");
        } finally {
            for (Path made : libraries(here)) {
                if (!before.contains(made)) {
                    Files.delete(made);
                }
            }
        }
    }

    /** The files in {@code dir} named like an extracted library. */
    private static java.util.Set<Path> libraries(Path dir) throws IOException {
        String prefix = PLATFORM.fileName("");
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix.substring(0, prefix.indexOf('.'))))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    @Test
    void aSharedOrLinkedDefaultFolderIsRefused(@TempDir Path tmp) throws IOException {
        System.setProperty(TMPDIR, tmp.toString());
        Path dir = tmp.resolve("shm4j-" + NativeLibrary.currentUid());
        Files.createDirectory(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        IOException shared = assertThrows(IOException.class, () -> NativeLibrary.extract(PLATFORM));
        assertTrue(shared.getMessage().contains("rwxrwxrwx"), shared.getMessage());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "nothing extracted into it");
        }

        Files.delete(dir);
        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.createSymbolicLink(dir, elsewhere);
        IOException link = assertThrows(IOException.class, () -> NativeLibrary.extract(PLATFORM));
        assertTrue(link.getMessage().contains("not a folder"), link.getMessage());
        try (var files = Files.list(elsewhere)) {
            assertEquals(0, files.count(), "nothing extracted through the link");
        }
    }

    @Test
    void aFolderOfAnotherUserIsRefused(@TempDir Path tmp) throws IOException {
        int me = NativeLibrary.currentUid();
        Path mine = Files.createDirectory(tmp.resolve("mine"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        NativeLibrary.checkPrivatePosix(mine, me);
        IOException e = assertThrows(IOException.class, () -> NativeLibrary.checkPrivatePosix(mine, me + 1));
        assertTrue(e.getMessage().contains("owned by uid " + me) && e.getMessage().contains("uid " + (me + 1)),
                e.getMessage());
    }

    @Test
    void theOwnerRulesOfTheAclCheckHoldOnAnyFileSystem(@TempDir Path tmp) throws IOException {
        Path mine = Files.createDirectory(tmp.resolve("mine"));
        UserPrincipal me = Files.getOwner(mine);
        NativeLibrary.checkPrivateAcl(mine, me); // no ACL view here: owner and folder are what is checked
        UserPrincipal someoneElse = () -> "someone-else";
        IOException other = assertThrows(IOException.class, () -> NativeLibrary.checkPrivateAcl(mine, someoneElse));
        assertTrue(other.getMessage().contains("owned by " + me.getName()), other.getMessage());
        Path file = Files.createFile(tmp.resolve("file"));
        IOException notFolder = assertThrows(IOException.class, () -> NativeLibrary.checkPrivateAcl(file, me));
        assertTrue(notFolder.getMessage().contains("not a folder"), notFolder.getMessage());
    }

    @Test
    void theUidIsThisProcesssOwner(@TempDir Path tmp) throws IOException {
        Path probe = Files.createFile(tmp.resolve("probe"));
        assertEquals(Files.getAttribute(probe, "unix:uid"), NativeLibrary.currentUid());
    }
}
