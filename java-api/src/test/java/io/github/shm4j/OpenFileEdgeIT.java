/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Edges of mapped files and strings: what a refused call leaves, file-name encodings, the 2 GiB end. */
class OpenFileEdgeIT {
    @Test
    void aRefusedOpenFileLeavesNoFileBehind(@TempDir Path dir) {
        Path missing = dir.resolve("missing.bin");
        assertThrows(IllegalArgumentException.class, () -> SharedMemory.openFile(missing, 0, Access.READ_WRITE));
        assertFalse(Files.exists(missing), "the empty file the call created was removed again");
    }

    /** A name that NIO encodes in the locale's charset (here ISO-8859-1), mapped by that same name. */
    @Test
    @EnabledOnOs(OS.LINUX)
    void fileNamesAreEncodedAsTheJdkEncodesThem(@TempDir Path dir) throws Exception {
        Path locales = dir.resolve("locales");
        Files.createDirectories(locales);
        TestSupport.Result made = TestSupport.run(List.of("localedef", "-i", "en_US", "-f", "ISO-8859-1",
                locales.resolve("en_US.ISO-8859-1").toString()));
        Assumptions.assumeTrue(made.exit() == 0 && Files.isDirectory(locales.resolve("en_US.ISO-8859-1")),
                "needs localedef and glibc's locale sources (Debian: libc-bin, locales data): " + made);
        List<String> cmd = new ArrayList<>(List.of("env", "LOCPATH=" + locales, "LC_ALL=en_US.ISO-8859-1"));
        cmd.addAll(TestSupport.childCommand("non-utf8-file-name", dir.toString()));
        assertEquals("ISO-8859-1 read mapped by its name", TestSupport.runOk(cmd));
    }

    /** UTF-16 text that runs to the last byte of a view of Integer.MAX_VALUE bytes. */
    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "needs a sparse 2 GiB file, which Wine's files are not")
    void getStringStopsAtTheEndOfTheLargestView(@TempDir Path dir) throws Exception {
        Path sparse = dir.resolve("large.bin");
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(Integer.MAX_VALUE); // sparse: no disk to speak of
        }
        try (SharedMemory shm = SharedMemory.openFile(sparse, 0, Access.READ_WRITE);
                MappedView view = shm.map(0, Integer.MAX_VALUE, Access.READ_WRITE)) {
            long start = Integer.MAX_VALUE - 7L; // 3 UTF-16 units and one odd byte to the end
            view.put(start, "abc".getBytes(StandardCharsets.UTF_16LE));
            view.putByte(Integer.MAX_VALUE - 1L, (byte) 'z');
            assertEquals("abc", view.getString(start, StandardCharsets.UTF_16LE));
            assertEquals("ab", view.getString(Integer.MAX_VALUE - 7L, StandardCharsets.UTF_16LE).substring(0, 2));
            assertEquals("z", view.getString(Integer.MAX_VALUE - 1L, StandardCharsets.UTF_8));
        }
    }
}
