/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.shm4j.testkit.ChildProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.condition.EnabledOnOs;

/**
 * An opener racing a creator sees the whole object or nothing: never a half-made one
 * (size 0, before it was sized and reserved).
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "Linux-only: CreateFileMapping makes a named mapping in one step")
class PublishRaceIT {
    private static final int ROUNDS = 100_000;
    private static final long SIZE = 256 * 1024;

    @Test
    void openersRacingCreatorsNeverSeeAHalfMadeObject() throws Exception {
        String name = TestSupport.uniqueName("race");
        ChildProcess creator = ChildProcess.of(TestSupport.childCommand("create-close-loop", name,
                String.valueOf(ROUNDS), String.valueOf(SIZE))).timeout(Duration.ofSeconds(120)).start();
        int opened = 0;
        int missing = 0;
        try {
            creator.awaitLine("ready");
            for (int i = 0; i < ROUNDS && creator.isAlive(); i++) {
                try (SharedMemory shm = SharedMemory.open(name, Access.READ_ONLY)) {
                    assertEquals(SIZE, shm.size(), "an opener saw a half-made object");
                    try (MappedView v = shm.map(SIZE - 8, 8, Access.READ_ONLY)) {
                        assertEquals(0, v.getLong(0));
                    }
                    opened++;
                } catch (NotFoundException e) {
                    missing++;
                }
            }
            assertEquals(0, creator.awaitExit(), creator::out);
            assertTrue(creator.nextLine().startsWith("created "), creator::out);
            // The race was real: the name came and went under the opener.
            assertTrue(opened > 0 && missing > 0, "opened " + opened + ", missing " + missing);
        } finally {
            creator.close();
            TestSupport.removeQuietly(name);
        }
    }
}
