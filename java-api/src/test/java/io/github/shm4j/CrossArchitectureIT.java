/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One object shared by JVMs of two architectures, this one and the JVM that
 * {@code -Dshm4j.peer.java} names (the linux-aarch64-jvm profile sets it: the emulated
 * aarch64 JVM for the x86-64 run, the host's JVM for the aarch64 run). Both load their
 * own library from the same jar; the layout in memory must be the same (both are
 * little-endian), and the release/acquire handoff must carry the plain writes before it.
 */
class CrossArchitectureIT {
    static final int TURN = 0;
    static final int PING = 64;
    static final int PONG = 256;
    private static final int WORDS = 16;
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final String PEER = System.getProperty("shm4j.peer.java", "");

    @BeforeAll
    static void peer() {
        String why = "SKIPPED: no -Dshm4j.peer.java (the linux-aarch64-jvm profile sets it when the"
                + " aarch64 cross compiler is installed)";
        if (PEER.isEmpty()) {
            System.out.println(why);
        }
        Assumptions.assumeTrue(!PEER.isEmpty(), why);
    }

    @Test
    void thePeerReadsWhatThisJvmWroteAndTheOtherWayRound() {
        String name = TestSupport.uniqueName("cross-arch");
        try (SharedMemory shm = SharedMemory.create(name, 65536);
                MappedView view = shm.map(0, 4096, Access.READ_WRITE)) {
            view.putString(0, "Grüße from " + System.getProperty("os.arch"), StandardCharsets.UTF_16LE);
            view.putIntVolatile(1024, 41);
            assertEquals("read Grüße from " + System.getProperty("os.arch"),
                    TestSupport.runOk(TestSupport.childCommandOn(PEER, "read-string", name)));
            assertEquals("before 41",
                    TestSupport.runOk(TestSupport.childCommandOn(PEER, "write-string", name, "reply ✓")));
            assertEquals("reply ✓", view.getString(512, StandardCharsets.UTF_8));
            assertEquals(42, view.getIntVolatile(1024));
        } finally {
            TestSupport.removeQuietly(name);
        }
    }

    /** Ping-pong: plain payload writes published by putLongRelease, read after getLongAcquire. */
    @Test
    void releaseAndAcquireHandOffPlainWritesBothWays() throws Exception {
        String name = TestSupport.uniqueName("cross-arch-pingpong");
        int rounds = 500;
        try (SharedMemory shm = SharedMemory.create(name, 4096);
                MappedView view = shm.map(0, 4096, Access.READ_WRITE)) {
            Process peer = new ProcessBuilder(TestSupport.childCommandOn(PEER, "pong", name, Integer.toString(rounds)))
                    .redirectErrorStream(true).start();
            try {
                for (int r = 0; r < rounds; r++) {
                    writePayload(view, PING, r);
                    view.putLongRelease(TURN, 2L * r + 1);
                    awaitTurn(view, 2L * r + 2);
                    checkPayload(view, PONG, r);
                }
                assertTrue(peer.waitFor(60, TimeUnit.SECONDS), "the peer finished");
                String out = new String(peer.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                assertEquals(0, peer.exitValue(), out);
                assertEquals("pong " + rounds, out);
            } finally {
                peer.destroyForcibly();
            }
        } finally {
            TestSupport.removeQuietly(name);
        }
    }

    @Test
    void atomicAddsOfBothArchitecturesAddUp() throws Exception {
        String name = TestSupport.uniqueName("cross-arch-add");
        int count = 20_000;
        try (SharedMemory shm = SharedMemory.create(name, 4096);
                MappedView view = shm.map(0, 4096, Access.READ_WRITE)) {
            Process peer = new ProcessBuilder(TestSupport.childCommandOn(PEER, "add", name, Integer.toString(count)))
                    .redirectErrorStream(true).start();
            try {
                for (int i = 0; i < count; i++) {
                    view.getAndAddInt(1024, 1);
                }
                assertTrue(peer.waitFor(60, TimeUnit.SECONDS), "the peer finished");
                String out = new String(peer.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                assertEquals("added " + count, out);
                assertEquals(2 * count, view.getIntVolatile(1024));
            } finally {
                peer.destroyForcibly();
            }
        } finally {
            TestSupport.removeQuietly(name);
        }
    }

    /** Spins until the turn word reads {@code turn} (acquire); throws after a minute. */
    static void awaitTurn(MappedView view, long turn) throws IOException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        for (int spins = 0; view.getLongAcquire(TURN) != turn; spins++) {
            if (System.nanoTime() > deadline) {
                throw new IOException("no turn " + turn + " within a minute; the word holds "
                        + view.getLongAcquire(TURN));
            }
            if (spins % 256 == 255) {
                Thread.yield(); // the peer may share this core
            } else {
                Thread.onSpinWait();
            }
        }
    }

    static void writePayload(MappedView view, int at, int round) {
        for (int i = 0; i < WORDS; i++) {
            view.putLong(at + 8L * i, payload(at, round, i));
        }
    }

    static void checkPayload(MappedView view, int at, int round) throws IOException {
        for (int i = 0; i < WORDS; i++) {
            long seen = view.getLong(at + 8L * i);
            if (seen != payload(at, round, i)) {
                throw new IOException("round " + round + ", word " + i + " at " + at + ": " + Long.toHexString(seen)
                        + " instead of " + Long.toHexString(payload(at, round, i)));
            }
        }
    }

    private static long payload(int at, int round, int word) {
        return 0x5eed_0000_0000_0000L ^ ((long) at << 40) ^ ((long) round << 8) ^ word;
    }
}
