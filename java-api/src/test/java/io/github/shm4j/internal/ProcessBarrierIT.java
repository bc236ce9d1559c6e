/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The barrier across processes on this JVM's OS: Linux registers and issues
 * {@code membarrier} (also under qemu-user, which passes it to the host kernel); Windows
 * has neither, so its channels keep their fences. And the property that turns it off.
 */
class ProcessBarrierIT {
    @Test
    void linuxHasTheBarrierAndWindowsKeepsItsFences() {
        if (Platform.isWindows()) {
            assertFalse(ProcessBarrier.lightPublisher(), "no barrier across processes on Windows");
            assertFalse(ProcessBarrier.all(), "no barrier across processes on Windows");
        } else {
            assertTrue(ProcessBarrier.lightPublisher(), "registered for membarrier (Linux 4.16+)");
            assertTrue(ProcessBarrier.all(), "membarrier(MEMBARRIER_CMD_GLOBAL_EXPEDITED)");
            assertTrue(ProcessBarrier.all(), "and again: it is no one-off");
        }
    }

    @Test
    void offKeepsTheFencesWithoutAskingTheOs() {
        assertFalse(ProcessBarrier.decide("off", () -> {
            throw new AssertionError("registered although the property said off");
        }));
    }

    @Test
    void otherwiseTheRegistrationDecides() {
        assertTrue(ProcessBarrier.decide(null, () -> true));
        assertFalse(ProcessBarrier.decide(null, () -> false));
        assertTrue(ProcessBarrier.decide("on", () -> true));
        assertFalse(ProcessBarrier.decide("on", () -> false));
    }
}
