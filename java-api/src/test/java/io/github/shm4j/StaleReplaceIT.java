/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Issue 3, point 6: a creator killed with SIGKILL leaves a stale name that withReplaceStale replaces. */
class StaleReplaceIT {
    private static final CreateOptions REPLACE = CreateOptions.defaults().withReplaceStale(true);

    @Test
    void aKilledCreatorsNameIsReplacedOnlyWhenStaleAndOnlyWithTheOption() throws Exception {
        String name = TestSupport.uniqueName("stale");
        TestSupport.Proc proc = TestSupport.startChild("create-and-wait", name, "old content");
        Process child = proc.process();
        try {
            proc.awaitLine("ready");
            try (SharedMemory reader = SharedMemory.open(name, Access.READ_ONLY);
                    MappedView old = reader.map(0, 4096, Access.READ_ONLY)) {
                assertEquals("old content", old.getString(0, StandardCharsets.UTF_16LE));

                // a live creator: replaced neither without nor with the option
                assertThrows(AlreadyExistsException.class, () -> SharedMemory.create(name, 4096));
                assertThrows(AlreadyExistsException.class, () -> SharedMemory.create(name, 4096, REPLACE),
                        "a LIVE creator's name is never replaced");

                child.destroyForcibly(); // SIGKILL: no close, no unlink
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
                assertEquals(137, child.exitValue(), "killed by SIGKILL");
                assertTrue(TestSupport.exists(name), "the dead creator left its name behind");

                assertThrows(AlreadyExistsException.class, () -> SharedMemory.create(name, 4096),
                        "without the option a stale name is not replaced");
                try (SharedMemory fresh = SharedMemory.create(name, 8192, REPLACE);
                        MappedView view = fresh.map(0, 8192, Access.READ_WRITE)) {
                    assertTrue(fresh.isCreator());
                    assertEquals(8192, fresh.size());
                    assertEquals("", view.getString(0, StandardCharsets.UTF_16LE), "a fresh, zeroed object");
                    view.putString(0, "new content", StandardCharsets.UTF_16LE);

                    assertEquals("old content", old.getString(0, StandardCharsets.UTF_16LE),
                            "the reader's existing view still reads the old object");
                    try (SharedMemory again = SharedMemory.open(name, Access.READ_ONLY);
                            MappedView v = again.map(0, 64, Access.READ_ONLY)) {
                        assertEquals("new content", v.getString(0, StandardCharsets.UTF_16LE));
                    }
                    // and the new creator is live: not replaceable
                    assertThrows(AlreadyExistsException.class, () -> SharedMemory.create(name, 4096, REPLACE));
                }
                assertFalse(TestSupport.exists(name));
                assertEquals("old content", old.getString(0, StandardCharsets.UTF_16LE));
            }
        } finally {
            proc.close();
            TestSupport.removeQuietly(name);
        }
    }
}
