/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.shm4j.testkit.ChildProcess;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.condition.EnabledOnOs;

/**
 * Windows lifetime on Linux: a name whose every holder was killed ({@code kill -9})
 * is stale, so it is no obstacle; while any holder lives, it stands.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "Linux-only: stale names are POSIX's; a Windows name dies with its last handle")
class KilledHolderIT {
    /** Starts a child that creates {@code name} (and writes {@code text}), and waits until it has. */
    private static ChildProcess creator(String name, String text, String... lifetime) throws Exception {
        String[] args = new String[3 + lifetime.length];
        args[0] = "create-and-wait";
        args[1] = name;
        args[2] = text;
        System.arraycopy(lifetime, 0, args, 3, lifetime.length);
        ChildProcess child = ChildProcess.start(TestSupport.childCommand(args));
        child.awaitLine("ready");
        return child;
    }

    private static void kill(ChildProcess child) {
        child.kill(); // SIGKILL: no close, no unlink
        assertEquals(137, child.awaitExit(), "killed by SIGKILL");
    }

    @Test
    void aKilledCreatorsNameIsNotFoundAndThenGone() throws Exception {
        String name = TestSupport.uniqueName("killed-open");
        ChildProcess child = creator(name, "old");
        try {
            kill(child);
            assertTrue(TestSupport.exists(name), "the dead creator left its file behind");
            NotFoundException e = assertThrows(NotFoundException.class, () -> SharedMemory.open(name, Access.READ_ONLY));
            assertTrue(e.getMessage().contains("stale"), e.getMessage());
            assertFalse(TestSupport.exists(name), "opening the stale name removed it");
        } finally {
            TestSupport.removeQuietly(name);
        }
    }

    @Test
    void createAndOpenOrCreateReplaceAKilledCreatorsName() throws Exception {
        String name = TestSupport.uniqueName("killed-create");
        try {
            kill(creator(name, "old"));
            try (SharedMemory fresh = SharedMemory.create(name, 8192); // default options
                    MappedView view = fresh.map(0, 8192, Access.READ_ONLY)) {
                assertEquals(8192, fresh.size());
                assertEquals("", view.getString(0, StandardCharsets.UTF_16LE), "a fresh, zeroed object");
            }
            assertFalse(TestSupport.exists(name));

            kill(creator(name, "old again"));
            try (SharedMemory shm = SharedMemory.openOrCreate(name, 4096)) {
                assertTrue(shm.isCreator(), "openOrCreate creates instead of opening the stale object");
            }
        } finally {
            TestSupport.removeQuietly(name);
        }
    }

    @Test
    void aLiveReaderKeepsTheNameOfAKilledCreator() throws Exception {
        String name = TestSupport.uniqueName("killed-held");
        ChildProcess child = creator(name, "old content");
        try (SharedMemory reader = SharedMemory.open(name, Access.READ_ONLY);
                MappedView old = reader.map(0, 4096, Access.READ_ONLY)) {
            assertThrows(AlreadyExistsException.class, () -> SharedMemory.create(name, 4096),
                    "a live creator's name is never replaced");
            kill(child);
            assertThrows(AlreadyExistsException.class, () -> SharedMemory.create(name, 4096),
                    "this reader still holds the name");
            try (SharedMemory again = SharedMemory.open(name, Access.READ_ONLY);
                    MappedView v = again.map(0, 64, Access.READ_ONLY)) {
                assertEquals("old content", v.getString(0, StandardCharsets.UTF_16LE));
            }
            assertEquals("old content", old.getString(0, StandardCharsets.UTF_16LE));
        } finally {
            child.close();
        }
        assertFalse(TestSupport.exists(name), "the last holder's close removed the name");
    }

    @Test
    void aHolderInAnotherProcessKeepsTheNameAfterTheCreatorIsKilled() throws Exception {
        String name = TestSupport.uniqueName("killed-other");
        ChildProcess creator = creator(name, "x");
        ChildProcess holder = ChildProcess.start(TestSupport.childCommand("open-and-wait", name));
        try {
            holder.awaitLine("ready");
            kill(creator);
            assertThrows(AlreadyExistsException.class, () -> SharedMemory.create(name, 4096));
            holder.closeInput(); // the holder closes and exits
            assertEquals(0, holder.awaitExit(), holder::out);
            assertFalse(TestSupport.exists(name), "the holder was the last: its close removed the name");
        } finally {
            creator.close();
            holder.close();
            TestSupport.removeQuietly(name);
        }
    }

    @Test
    void aPersistentNameStaysAnObstacleAsOnPosix() throws Exception {
        String name = TestSupport.uniqueName("killed-persistent");
        try {
            kill(creator(name, "kept", "PERSISTENT"));
            assertThrows(AlreadyExistsException.class, () -> SharedMemory.create(name, 4096),
                    "the strict behaviour: create fails until the name is removed");
            try (SharedMemory shm = SharedMemory.open(name, Access.READ_ONLY);
                    MappedView v = shm.map(0, 64, Access.READ_ONLY)) {
                assertEquals("kept", v.getString(0, StandardCharsets.UTF_16LE), "its data survives");
            }
            assertTrue(TestSupport.exists(name));
            SharedMemory.remove(name);
        } finally {
            TestSupport.removeQuietly(name);
        }
    }
}
