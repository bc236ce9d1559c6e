/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.shm4j.testkit.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A name held by an object of another kind fails with
 * {@link WrongObjectTypeException}, saying so.
 */
class WrongTypeIT {
    /** The Windows leg's folder of plain-Win32 programs, with event_holder_win32.exe. */
    private static final String WIN32_DIR = "shm4j.test.win32Dir";

    @Test
    @EnabledOnOs(value = OS.WINDOWS, disabledReason = "Windows: events and file mappings share one namespace")
    void anEventsNameCannotBeCreatedNorOpenedAsSharedMemory() throws Exception {
        String dir = System.getProperty(WIN32_DIR);
        assertNotNull(dir, "the Windows leg sets -D" + WIN32_DIR);
        String exe = Path.of(dir, "event_holder_win32.exe").toString();
        String name = "Local\\" + TestSupport.uniqueName("event");
        ChildProcess holder = ChildProcess.start(List.of(exe, name));
        try {
            holder.awaitLine("ready");
            WrongObjectTypeException created = assertThrows(WrongObjectTypeException.class,
                    () -> SharedMemory.create(name, 4096));
            assertEquals("create", created.operation());
            assertEquals("ERROR_INVALID_HANDLE", created.errorName());
            assertEquals(6, created.errorCode());
            assertTrue(created.getMessage().startsWith("cannot create shared memory '" + name
                    + "': name used by an object of another type (ERROR_INVALID_HANDLE, error 6: "),
                    created.getMessage());
            WrongObjectTypeException opened = assertThrows(WrongObjectTypeException.class,
                    () -> SharedMemory.open(name, Access.READ_ONLY));
            assertEquals("OpenFileMappingW", opened.systemCall());
            assertEquals("ERROR_INVALID_HANDLE", opened.errorName());
            assertThrows(WrongObjectTypeException.class, () -> SharedMemory.openOrCreate(name, 4096));
        } finally {
            holder.closeInput();
        }
        assertEquals(0, holder.awaitExit(), "the event holder exits: " + holder.out());
        // The event is gone with its last handle, and the name is free for shared memory.
        SharedMemory.create(name, 4096).close();
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "Linux: /dev/shm entries")
    void onLinuxOnlyAnEntryThatIsNoPlainFileIsOfTheWrongType() throws IOException {
        // A POSIX semaphore named X lives in /dev/shm/sem.X: it never takes shared memory's X.
        String name = TestSupport.uniqueName("sem-twin");
        Path semaphore = TestSupport.DEV_SHM.resolve("sem." + name);
        Files.write(semaphore, new byte[32]);
        try {
            SharedMemory.create(name, 4096).close();
        } finally {
            Files.deleteIfExists(semaphore);
        }
        // A symbolic link where an object would be: the name is taken, and it is no shared memory.
        String linkName = TestSupport.uniqueName("symlink");
        Path target = Files.createTempFile("shm4j-link-target", ".bin");
        Path link = Files.createSymbolicLink(TestSupport.DEV_SHM.resolve(linkName), target);
        try {
            assertThrows(AlreadyExistsException.class, () -> SharedMemory.create(linkName, 4096));
            WrongObjectTypeException e = assertThrows(WrongObjectTypeException.class,
                    () -> SharedMemory.open(linkName, Access.READ_ONLY));
            assertEquals("ELOOP", e.errorName());
            assertTrue(e.getMessage().contains("name used by an object of another type"), e.getMessage());
        } finally {
            Files.delete(link);
            Files.delete(target);
        }
    }
}
