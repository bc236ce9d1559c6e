/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.shm4j.testkit.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * No system call per message on a busy channel: {@code strace -f -c} of a JVM that
 * passes 1,000,000 messages from one thread to another, against the same JVM passing
 * none. The difference must be far below one per message: under 1 per 20 messages, a
 * bound 20 times below one call per message. What remains are park/wake cycles: here
 * the receiver is faster than the sender, runs dry, spins 50 us and parks, and the
 * sender's wake-up (one futex call) is slowed about a hundredfold by strace itself, so
 * the cycles come more often than without strace. Measured on the loaded 2-core
 * build machine: about 1 system call per 90 messages (0.011), futex and gettid.
 */
class ChannelStraceIT {
    private static final long COUNT = 1_000_000;

    @AfterEach
    void nothingLeft() {
        Support.assertNothingLeft();
    }

    private static long syscalls(long count, Path out) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("strace", "-f", "-c", "-o", out.toString()));
        cmd.addAll(Support.childCommand("busy", Support.uniqueName("strace"), String.valueOf(count)));
        try (ChildProcess p = Support.start(cmd)) {
            assertEquals("received " + count, p.awaitLineStartingWith("received"));
            Support.assertSucceeds(p);
        }
        String table = Files.readString(out);
        System.out.println("strace -f -c, " + count + " messages:\n" + table);
        Matcher m = Pattern.compile("(?m)^\\s*100\\.00\\s+\\S+\\s+\\S+\\s+(\\d+)\\s+(\\d+\\s+)?total\\s*$").matcher(table);
        assertTrue(m.find(), "no total line in:\n" + table);
        return Long.parseLong(m.group(1));
    }

    @Test
    void aMillionMessagesMakeNoSystemCallEach() throws Exception {
        Assumptions.assumeTrue(!Support.WINDOWS && Files.isExecutable(Path.of("/usr/bin/strace")),
                "strace (Linux) is needed");
        Path dir = Files.createDirectories(Path.of("target", "strace"));
        long idle = syscalls(0, dir.resolve("strace-0.txt"));
        long busy = syscalls(COUNT, dir.resolve("strace-1M.txt"));
        long extra = busy - idle;
        System.out.printf("system calls: %d for 0 messages, %d for %d: %.5f per message%n", idle, busy, COUNT,
                (double) extra / COUNT);
        assertTrue(extra < COUNT / 20, "system calls for " + COUNT + " messages: " + extra + " more than for none");
    }
}
