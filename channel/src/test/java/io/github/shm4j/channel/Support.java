/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.shm4j.testkit.ChildProcess;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What the channel tests share (the little of java-api's TestSupport they need). */
final class Support {
    private Support() {}

    static final boolean WINDOWS = System.getProperty("os.name").startsWith("Windows");
    static final String PREFIX = "shm4j-ch-" + ProcessHandle.current().pid() + "-";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    static final long TIMEOUT_SECONDS = 120;

    /** A name no other test uses. */
    static String uniqueName(String what) {
        return PREFIX + what + "-" + COUNTER.incrementAndGet();
    }

    /** This JVM's entries in /dev/shm (Linux), to show a test left nothing behind. */
    static List<String> ourShmEntries() {
        if (WINDOWS) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(Path.of("/dev/shm"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(PREFIX)).sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static void assertNothingLeft() {
        assertEquals(List.of(), ourShmEntries(), "entries left in /dev/shm");
    }

    /** {@code java ... ChannelChild args}: a JVM on this test's class path. */
    static List<String> childCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ChannelChild.class.getName()));
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    /**
     * The message of the ordering tests: sequence number (8 bytes), sender id (4 bytes), then
     * bytes that both sides compute from the two, so that any torn, lost, duplicated or
     * reordered message is seen.
     */
    static int fill(ByteBuffer b, int at, long seq, int sender, int length) {
        b.putLong(at, seq);
        b.putInt(at + 8, sender);
        for (int j = 12; j < length; j++) {
            b.put(at + j, pattern(seq, sender, j));
        }
        return length;
    }

    static byte pattern(long seq, int sender, int j) {
        return (byte) (seq * 31 + sender * 7 + j);
    }

    /** A handler that checks each message of {@link #fill} and records it as "SENDER:SEQ". */
    static MessageHandler recordInto(List<String> events) {
        return m -> {
            int sender = m.getInt(m.position() + 8);
            events.add(sender + ":" + check(m, sender));
        };
    }

    /** The events of {@link #recordInto} for messages 0 to count - 1 of one sender. */
    static List<String> expected(int sender, long count) {
        List<String> l = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            l.add(sender + ":" + i);
        }
        return l;
    }

    /** Checks one message of {@link #fill}; returns its sequence number. */
    static long check(ByteBuffer m, int expectedSender) {
        int p = m.position();
        int length = m.remaining();
        if (length < 12) {
            throw new AssertionError("message of " + length + " bytes");
        }
        long seq = m.getLong(p);
        int sender = m.getInt(p + 8);
        if (expectedSender >= 0 && sender != expectedSender) {
            throw new AssertionError("sender " + sender + " instead of " + expectedSender);
        }
        for (int j = 12; j < length; j++) {
            if (m.get(p + j) != pattern(seq, sender, j)) {
                throw new AssertionError("message " + seq + " of sender " + sender + ": byte " + j + " is wrong");
            }
        }
        return seq;
    }

    /** Starts {@code command}; every wait on it is bounded by {@link #TIMEOUT_SECONDS}. */
    static ChildProcess start(List<String> command) {
        return ChildProcess.of(command).timeout(Duration.ofSeconds(TIMEOUT_SECONDS)).start();
    }

    /** Starts a {@link ChannelChild} JVM with {@code args}. */
    static ChildProcess child(String... args) {
        return start(childCommand(args));
    }

    /** Waits (bounded) for the child's end and asserts exit status 0. */
    static void assertSucceeds(ChildProcess p) {
        assertEquals(0, p.awaitExit(), () -> "child output:\n" + p.out());
    }
}
