/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Views that are forgotten, or closed in a loop, do not pile up until the process
 * runs out of mappings ({@code vm.max_map_count}, 65,530 by default, after which the
 * JVM aborts). Each loop runs in a JVM with a large heap, where no collection would
 * happen by itself. Linux only: it counts the lines of /proc/self/maps.
 */
@EnabledOnOs(OS.LINUX)
class MappingCountIT {
    private static final int ROUNDS = 150_000;
    /** The JVM's own mappings plus shm4j's budget, with room to spare: far below 65,530. */
    private static final int BOUND = 5_000;

    private static int mostMappings(String command) {
        String name = TestSupport.uniqueName("count");
        try {
            List<String> cmd = new ArrayList<>(TestSupport.childCommand(command, name, String.valueOf(ROUNDS)));
            cmd.addAll(1, List.of("-Xms2g", "-Xmx2g"));
            TestSupport.Result r = TestSupport.run(cmd);
            assertEquals(0, r.exit(), r.toString());
            String[] words = r.output().lines().reduce((a, b) -> b).orElseThrow().split(" ");
            assertEquals("most", words[0], r.output());
            return Integer.parseInt(words[1]);
        } finally {
            TestSupport.removeQuietly(name);
        }
    }

    @Test
    void forgottenViewsAreUnmappedInTime() {
        int most = mostMappings("forget-views");
        assertTrue(most < BOUND, "at most " + most + " mappings after " + ROUNDS + " forgotten views");
    }

    @Test
    void closedViewsOfAlternatingAccessLeaveNoPileOfPlaceholders() {
        int most = mostMappings("map-close-alternating");
        assertTrue(most < BOUND, "at most " + most + " mappings after " + ROUNDS + " map/close cycles");
    }
}
