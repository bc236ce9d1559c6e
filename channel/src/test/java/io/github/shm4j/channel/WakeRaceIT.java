/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.shm4j.internal.ProcessBarrier;
import io.github.shm4j.testkit.ChildProcess;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * No wake-up is lost when a send and a park cross: a receiver that parks as soon as it
 * finds nothing (no spin) and a sender that sends at random moments 0 to 100 µs apart, so
 * that many sends land while the receiver stores its flag and re-checks. A lost wake-up
 * shows as a park that ends at the end of its 40 ms slice with a message waiting (the
 * receiver counts those). Run with the senders' no-fence publication (Linux: membarrier,
 * {@link ProcessBarrier}) and with full fences ({@value ProcessBarrier#PROPERTY}=off). On the
 * Windows JVM both are the fences, and the wake-ups are Win32 events.
 */
class WakeRaceIT {
    private static final Pattern RESULT = Pattern.compile("received (\\d+) parks (\\d+) late (\\d+)");
    private static final int COUNT = 30_000;

    @AfterEach
    void nothingLeft() {
        Support.assertNothingLeft();
    }

    private static void race(String barrier, long seed) {
        String name = Support.uniqueName("wake-race");
        List<String> cmd = Support.childCommand("wake-race", name, Integer.toString(COUNT), Long.toString(seed));
        cmd.add(1, "-Dio.github.shm4j.channel.spinMicros=0");
        cmd.add(1, "-D" + ProcessBarrier.PROPERTY + "=" + barrier);
        ChildProcess p = Support.start(cmd);
        Support.assertSucceeds(p);
        Matcher m = RESULT.matcher(p.out());
        assertTrue(m.find(), () -> "child output:\n" + p.out());
        assertEquals(COUNT, Long.parseLong(m.group(1)), "every message, in order (the child checks)");
        long parks = Long.parseLong(m.group(2));
        assertEquals(0, Long.parseLong(m.group(3)),
                () -> "parks that only the end of their slice ended, with messages waiting (" + parks + " parks)");
        // about 24,000 parks on Linux, 3,600-7,200 on the Windows JVM under Wine (slower wake-ups)
        assertTrue(parks >= COUNT / 20, () -> "the receiver parked " + parks + " times: the race was not run");
        System.out.println("wake-race, barrier " + barrier + ": " + m.group());
    }

    @Test
    void noWakeUpIsLostWithoutTheSendersFence() {
        race("on", 1);
    }

    @Test
    void noWakeUpIsLostWithFullFences() {
        race("off", 2);
    }
}
