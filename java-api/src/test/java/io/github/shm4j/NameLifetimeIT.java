/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** When a close removes the name (the last holder's, of a held name), and when it must not. */
class NameLifetimeIT {
    @Test
    void theCreatorsCloseRemovesItsName() {
        String name = TestSupport.uniqueName("life");
        SharedMemory shm = SharedMemory.create(name, 4096);
        assertTrue(TestSupport.exists(name));
        shm.close();
        assertFalse(TestSupport.exists(name));
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "Linux-only: Windows cannot remove a name while a handle holds it")
    void aLateCloseLeavesANewerObjectWithTheSameName() {
        String name = TestSupport.uniqueName("late");
        try {
            SharedMemory old = SharedMemory.create(name, 4096);
            SharedMemory.remove(name);
            try (SharedMemory newer = SharedMemory.create(name, 8192)) {
                assertTrue(newer.isCreator());
                old.close();
                assertTrue(TestSupport.exists(name), "the newer object keeps its name");
                try (SharedMemory reader = SharedMemory.open(name, Access.READ_ONLY)) {
                    assertEquals(8192, reader.size(), "and the name still leads to it");
                }
            }
            assertFalse(TestSupport.exists(name), "the newer creator's close removes it");
        } finally {
            TestSupport.removeQuietly(name);
        }
    }

    @Test
    void aReaderKeepsAHeldNameAliveAfterItsCreatorCloses() {
        String name = TestSupport.uniqueName("held");
        try {
            SharedMemory creator = SharedMemory.create(name, 4096);
            try (SharedMemory reader = SharedMemory.open(name, Access.READ_ONLY)) {
                assertFalse(reader.isCreator());
                creator.close();
                assertTrue(TestSupport.exists(name), "a holder is left: the name lives, as on Windows");
                try (SharedMemory third = SharedMemory.open(name, Access.READ_WRITE)) {
                    assertEquals(4096, third.size(), "and others can still open it");
                }
                assertTrue(TestSupport.exists(name), "the third process was not the last holder");
            }
            assertFalse(TestSupport.exists(name), "the last holder's close removes the name");
        } finally {
            TestSupport.removeQuietly(name);
        }
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "Linux-only: a Windows name dies with its last handle, whatever the option")
    void aPersistentNameOutlivesItsCreator() {
        String name = TestSupport.uniqueName("keep");
        try {
            SharedMemory.create(name, 4096, CreateOptions.defaults().withLifetime(NameLifetime.PERSISTENT)).close();
            assertTrue(TestSupport.exists(name));
            try (SharedMemory again = SharedMemory.open(name, Access.READ_WRITE)) {
                assertFalse(again.isCreator());
            }
            SharedMemory.remove(name);
            assertFalse(TestSupport.exists(name));
        } finally {
            TestSupport.removeQuietly(name);
        }
    }
}
