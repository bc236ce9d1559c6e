/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.shm4j.testkit.ChildProcess;
import io.github.shm4j.sync.EventReset;
import io.github.shm4j.sync.NamedEvent;
import io.github.shm4j.sync.NamedMutex;
import io.github.shm4j.sync.NamedSemaphore;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Bad input to the sync objects: each gets a typed error and leaves nothing behind.
 * Portable: the checks of /dev/shm and /proc run on Linux only.
 */
class SyncBadInputIT {
    private static final boolean LINUX = System.getProperty("os.name").startsWith("Linux");
    private static final List<String> BAD_NAMES = List.of("", "Local\\", "a/b", "Global\\x\\y", ".", "..", "a\0b",
            "x".repeat(300));

    private static final List<Consumer<String>> FACTORIES = List.of(
            NamedMutex::create, NamedMutex::open, NamedMutex::openOrCreate,
            n -> NamedEvent.create(n, EventReset.AUTO, false), NamedEvent::open,
            n -> NamedSemaphore.create(n, 0, 1), NamedSemaphore::open);

    @Test
    void badNamesAreInvalidAndCreateNothing() {
        Set<String> before = leftovers();
        java.util.Map<Integer, String> fds = fds();
        for (String bad : BAD_NAMES) {
            for (Consumer<String> factory : FACTORIES) {
                assertThrows(InvalidNameException.class, () -> factory.accept(bad), bad);
            }
        }
        for (Consumer<String> factory : FACTORIES) {
            assertThrows(NullPointerException.class, () -> factory.accept(null));
        }
        assertEquals(before, leftovers());
        assertEquals(List.of(), LINUX ? TestSupport.fdsOpenedSince(fds) : List.of(), "descriptors left open");
    }

    /** What this JVM left in /dev/shm (Linux; elsewhere nothing to list). */
    private static Set<String> leftovers() {
        return LINUX ? TestSupport.ourShmEntries() : Set.of();
    }

    private static java.util.Map<Integer, String> fds() {
        return LINUX ? TestSupport.openFds() : java.util.Map.of();
    }

    @Test
    void missingAndTakenNames() {
        String name = TestSupport.uniqueName("sync");
        assertThrows(NotFoundException.class, () -> NamedMutex.open(name));
        assertThrows(NotFoundException.class, () -> NamedEvent.open(name));
        assertThrows(NotFoundException.class, () -> NamedSemaphore.open(name));
        try (NamedMutex m = NamedMutex.create(name)) {
            assertTrue(!m.isClosed());
            assertThrows(AlreadyExistsException.class, () -> NamedMutex.create(name));
            // One namespace, as in Win32: creating another kind under the name is refused as such.
            assertThrows(WrongObjectTypeException.class, () -> NamedEvent.create(name, EventReset.MANUAL, true));
            assertThrows(WrongObjectTypeException.class, () -> NamedSemaphore.openOrCreate(name, 0, 1));
            // SharedMemory.create on it: AlreadyExistsException on Linux, ERROR_INVALID_HANDLE on Windows.
            SharedMemoryException shm = assertThrows(SharedMemoryException.class, () -> SharedMemory.create(name, 4096));
            assertTrue(LINUX ? shm instanceof AlreadyExistsException : shm.errorName().equals("ERROR_INVALID_HANDLE"),
                    shm.toString());
        }
        // The last close removes the name (Windows: the last handle), so it can be created anew.
        assertThrows(NotFoundException.class, () -> NamedMutex.open(name));
    }

    @Test
    void aNameHeldByAnotherKindIsIncompatible() {
        String name = TestSupport.uniqueName("sync");
        try (NamedMutex m = NamedMutex.create(name)) {
            assertTrue(!m.isClosed());
            WrongObjectTypeException e = assertThrows(WrongObjectTypeException.class, () -> NamedEvent.open(name));
            assertEquals(name, e.objectName());
            if (LINUX) { // Win32 says only that the name belongs to another type, not to which
                assertTrue(e.getMessage().contains("mutex"), e.getMessage());
            }
            assertThrows(WrongObjectTypeException.class, () -> NamedSemaphore.open(name));
        }
        String shm = TestSupport.uniqueName("shm");
        try (SharedMemory s = SharedMemory.create(shm, 4096)) {
            assertTrue(!s.isClosed());
            assertThrows(WrongObjectTypeException.class, () -> NamedMutex.open(shm));
            assertThrows(WrongObjectTypeException.class, () -> NamedSemaphore.openOrCreate(shm, 0, 1));
            assertThrows(WrongObjectTypeException.class, () -> NamedEvent.create(shm, EventReset.AUTO, false));
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void anotherLayoutVersionIsRefused() {
        String name = TestSupport.uniqueName("sync");
        try (NamedEvent e = NamedEvent.create(name, EventReset.AUTO, false);
             SharedMemory raw = SharedMemory.open(name, Access.READ_WRITE);
             MappedView header = raw.map(0, 64, Access.READ_WRITE)) {
            assertTrue(!e.isClosed());
            assertEquals(0x434E5953, header.getInt(0), "magic");
            assertEquals(2, header.getShort(4), "kind: event");
            assertEquals(1, header.getShort(6), "version");
            header.putShort(6, (short) 99);
            WrongObjectTypeException x = assertThrows(WrongObjectTypeException.class, () -> NamedEvent.open(name));
            assertTrue(x.getMessage().contains("version 99"), x.getMessage());
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void objectsAreOwnerOnly() throws Exception {
        String name = TestSupport.uniqueName("sync");
        try (NamedSemaphore s = NamedSemaphore.create(name, 0, 1)) {
            assertTrue(!s.isClosed());
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(TestSupport.DEV_SHM.resolve(name))));
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void anotherUserIsDenied() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(SETPRIV),
                "needs root and setpriv to run a child as another user");
        String name = TestSupport.uniqueName("sync");
        // The child runs as nobody: only what this build made is on its class path (not ~/.m2).
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> !p.startsWith(System.getProperty("user.home"))).collect(Collectors.joining(File.pathSeparator));
        try (NamedMutex m = NamedMutex.create(name)) {
            String out = TestSupport.runOk(List.of(SETPRIV.toString(), "--reuid=65534", "--regid=65534", "--clear-groups",
                    TestSupport.java(), "--enable-native-access=ALL-UNNAMED", "-cp", classPath,
                    SyncChild.class.getName(), "try-open", name));
            assertTrue(out.startsWith("PermissionDeniedException: cannot open mutex '" + name + "'"), out);
            assertTrue(m.tryLock(), "untouched");
            m.unlock();
        }
    }

    private static final java.nio.file.Path SETPRIV = java.nio.file.Path.of("/usr/bin/setpriv");

    @Test
    void badArgumentsAndUseAfterClose() throws Exception {
        String name = TestSupport.uniqueName("sync");
        Set<String> before = leftovers();
        assertThrows(IllegalArgumentException.class, () -> NamedSemaphore.create(name, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> NamedSemaphore.create(name, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> NamedSemaphore.create(name, -1, 1));
        assertThrows(NullPointerException.class, () -> NamedEvent.create(name, null, false));
        assertEquals(before, leftovers());
        assertThrows(NotFoundException.class, () -> NamedSemaphore.open(name));

        NamedMutex m = NamedMutex.create(name);
        assertThrows(NullPointerException.class, () -> m.tryLock(null));
        assertThrows(IllegalArgumentException.class, () -> m.tryLock(Duration.ofSeconds(-1)));
        m.close();
        m.close(); // idempotent
        assertThrows(IllegalStateException.class, m::lock);
        assertThrows(IllegalStateException.class, m::tryLock);
        assertThrows(IllegalMonitorStateException.class, m::unlock);

        NamedEvent e = NamedEvent.create(name, EventReset.AUTO, false);
        e.close();
        assertThrows(IllegalStateException.class, e::set);
        assertThrows(IllegalStateException.class, e::reset);
        assertThrows(IllegalStateException.class, e::await);

        NamedSemaphore s = NamedSemaphore.create(name, 1, 1);
        s.close();
        assertThrows(IllegalStateException.class, s::tryAcquire);
        assertThrows(IllegalStateException.class, s::release);
        assertThrows(IllegalStateException.class, s::acquire);
        assertEquals(before, leftovers(), "closed objects leave nothing");
        assertThrows(NotFoundException.class, () -> NamedSemaphore.open(name));
    }

    @Test
    void aKilledCreatorLeavesNoObstacle() throws Exception {
        String name = TestSupport.uniqueName("sync");
        try (ChildProcess creator = TestSupport.syncChild("create", name)) {
            creator.expect("created");
            creator.kill();
        }
        if (LINUX) {
            assertTrue(TestSupport.exists(name), "the dead creator's name is still there, stale");
        }
        try (NamedMutex m = NamedMutex.create(name)) {
            assertTrue(m.tryLock());
            m.unlock();
        }
        assertThrows(NotFoundException.class, () -> NamedMutex.open(name));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void forgottenObjectsAreReleasedByTheCleaner() throws Exception {
        String name = TestSupport.uniqueName("sync");
        java.util.Map<Integer, String> fds = TestSupport.openFds();
        NamedEvent.create(name, EventReset.AUTO, false); // forgotten at once
        for (int i = 0; i < 100 && TestSupport.exists(name); i++) {
            System.gc();
            Thread.sleep(50);
        }
        assertTrue(!TestSupport.exists(name), "the cleaner closed it, and so removed the name");
        assertEquals(List.of(), TestSupport.fdsOpenedSince(fds), "descriptors left open");
    }
}
