/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.shm4j.internal.ErrorKind;
import io.github.shm4j.internal.ObjectKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every value that exists both in C (native/src/main/c) and in Java, compared by
 * reading the C headers: error kinds with their descriptions, access modes, flags,
 * the ABI version, the default mode, sync kinds and wait outcomes. A value changed
 * on one side only fails here, not as a wrong behaviour on one platform.
 */
class MirroredConstantsTest {
    private static final Path C_SOURCES = Paths.get("..", "native", "src", "main", "c");

    /** The text of the header with this file name, wherever it lives under native/src/main/c. */
    private static String header(String fileName) {
        try (Stream<Path> files = Files.walk(C_SOURCES)) {
            Path p = files.filter(f -> f.getFileName().toString().equals(fileName)).findFirst()
                    .orElseThrow(() -> new AssertionError(fileName + " not found under " + C_SOURCES.toAbsolutePath()));
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value of {@code NAME = n} (enum) or {@code #define NAME n} in the header; octal if it starts with 0. */
    private static int cValue(String header, String name) {
        Matcher m = Pattern.compile("(?:#define\\s+" + name + "\\s+|\\b" + name + "\\s*=\\s*)(0[0-7]*|[1-9][0-9]*)u?\\b")
                .matcher(header);
        assertTrue(m.find(), name + " not found");
        return Integer.decode(m.group(1)); // a leading 0 is octal, as in C
    }

    private static int javaConstant(Class<?> c, String field) throws ReflectiveOperationException {
        Field f = c.getDeclaredField(field);
        f.setAccessible(true);
        return f.getInt(null);
    }

    @Test
    void errorKindsHaveTheCNamesDescriptionsAndOrder() {
        Matcher m = Pattern.compile("XX\\((\\w+),\\s*\"([^\"]*)\"\\)").matcher(header("shm_error.h"));
        List<String> c = new ArrayList<>();
        while (m.find()) {
            c.add(m.group(1) + ": " + m.group(2));
        }
        List<String> java = new ArrayList<>();
        for (ErrorKind k : ErrorKind.values()) {
            if (k != ErrorKind.NONE) { // SHM_OK, outside the table
                java.add(k.name() + ": " + k.description());
            }
        }
        assertEquals(c, java);
        assertEquals(ErrorKind.NOT_FOUND, ErrorKind.of(1), "the table starts after SHM_OK = 0");
    }

    @Test
    void accessModesFlagsAndVersionMatchShmPlatformH() {
        String h = header("shm_platform.h");
        assertEquals(cValue(h, "SHM_READ_ONLY"), Access.READ_ONLY.viewMode());
        assertEquals(cValue(h, "SHM_READ_WRITE"), Access.READ_WRITE.viewMode());
        assertEquals(cValue(h, "SHM_COPY_ON_WRITE"), Access.COPY_ON_WRITE.viewMode());
        assertEquals(cValue(h, "SHM_READ_WRITE"), Access.READ_WRITE.objectMode());
        assertEquals(cValue(h, "SHM_READ_ONLY"), Access.COPY_ON_WRITE.objectMode());
        assertEquals(cValue(h, "SHM_CREATE_PERSISTENT"), ShmNative.CREATE_PERSISTENT);
        assertEquals(cValue(h, "SHM_CREATE_PERSISTENT"),
                CreateOptions.defaults().withLifetime(NameLifetime.PERSISTENT).createFlags());
        assertEquals(0, CreateOptions.defaults().createFlags(), "held is the default: no flag");
        assertEquals(cValue(h, "SHM_FILE_CREATE"), ShmNative.FILE_CREATE);
        assertEquals(cValue(h, "SHM_ABI_VERSION"), ShmNative.ABI_VERSION);
        assertEquals(cValue(h, "SHM_DEFAULT_PERM"), CreateOptions.defaults().mode());
    }

    @Test
    void syncKindsOutcomesAndModeMatchSyncPlatformH() throws ReflectiveOperationException {
        String h = header("sync_platform.h");
        assertEquals(cValue(h, "SHM_SYNC_MUTEX"), ObjectKind.MUTEX.syncCode());
        assertEquals(cValue(h, "SHM_SYNC_EVENT"), ObjectKind.EVENT.syncCode());
        assertEquals(cValue(h, "SHM_SYNC_SEMAPHORE"), ObjectKind.SEMAPHORE.syncCode());
        Class<?> syncNative = Class.forName("io.github.shm4j.sync.SyncNative");
        assertEquals(cValue(h, "SHM_WAIT_ACQUIRED"), javaConstant(syncNative, "ACQUIRED"));
        assertEquals(cValue(h, "SHM_WAIT_TIMEOUT"), javaConstant(syncNative, "TIMEOUT"));
        assertEquals(cValue(h, "SHM_WAIT_OWNER_DIED"), javaConstant(syncNative, "OWNER_DIED"));
        assertEquals(cValue(header("shm_platform.h"), "SHM_DEFAULT_PERM"), javaConstant(syncNative, "OWNER_ONLY"));
    }
}
