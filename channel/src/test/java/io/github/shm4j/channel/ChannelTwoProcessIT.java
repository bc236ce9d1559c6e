/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.shm4j.testkit.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Ordering and no loss between processes: 10,000,000 messages of random lengths
 * (12..256 bytes, so the 64 KiB rings wrap about 20,000 times each), each checked byte
 * for byte and for its sender's sequence, 1 → 1 and 4 → 1, JVM ↔ JVM and JVM ↔ C.
 */
class ChannelTwoProcessIT {
    private static final long TOTAL = 10_000_000;
    private static final int MAX_LENGTH = 256;
    private static final int CAPACITY = 1 << 16;

    @AfterEach
    void nothingLeft() {
        Support.assertNothingLeft();
    }

    private static Path cPeer() {
        Path p = Path.of(System.getProperty("shm4j.channel.cdir", "target/c"), "channel_peer");
        Assumptions.assumeTrue(!Support.WINDOWS, "the C peer is a Linux program");
        if (!Files.isExecutable(p)) {
            throw new AssertionError("the C peer was not built: " + p + " (see src/test/sh/build-c.sh)");
        }
        return p;
    }

    private static List<String> cSend(String name, int slot, int id, long count) {
        return List.of(cPeer().toString(), "send", name, String.valueOf(slot), String.valueOf(id),
                String.valueOf(count), String.valueOf(MAX_LENGTH), String.valueOf(1000 + id));
    }

    private static List<String> javaSend(String name, int id, long count) {
        return Support.childCommand("send", name, String.valueOf(id), String.valueOf(count),
                String.valueOf(MAX_LENGTH), String.valueOf(1000 + id));
    }

    /** The senders run as child processes; this JVM receives and checks everything. */
    private static void receiveHere(Producers producers, List<List<String>> senders) throws Exception {
        String name = Support.uniqueName("two");
        int n = senders.size();
        long each = TOTAL / n;
        List<List<String>> commands = new ArrayList<>();
        for (List<String> c : senders) {
            List<String> cmd = new ArrayList<>(c);
            cmd.replaceAll(s -> s.equals("NAME") ? name : s.equals("COUNT") ? String.valueOf(each) : s);
            commands.add(cmd);
        }
        try (Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(CAPACITY).producers(producers)
                .maxSenders(Math.max(n, 1))); Receiver rx = ch.receiver()) {
            List<ChildProcess> procs = new ArrayList<>();
            try {
                for (List<String> cmd : commands) {
                    procs.add(Support.start(cmd));
                    if (cmd.get(0).endsWith("java")) {
                        Thread.sleep(300); // Java senders take the low slots before a C sender uses its own
                    }
                }
                assertEquals(each * n, ChannelChild.receive(rx, n, each));
                for (ChildProcess p : procs) {
                    Support.assertSucceeds(p);
                }
                assertEquals(0, rx.poll(m -> { }, 10), "nothing more");
            } finally {
                procs.forEach(ChildProcess::close);
            }
        }
    }

    @Test
    void oneJvmToAnother() throws Exception {
        receiveHere(Producers.ONE, List.of(javaSend("NAME", 0, 0)).stream()
                .map(c -> replaceCount(c, 3)).collect(java.util.stream.Collectors.toList()));
    }

    @Test
    void fourJvmsToOne() throws Exception {
        List<List<String>> senders = new ArrayList<>();
        for (int id = 0; id < 4; id++) {
            senders.add(replaceCount(javaSend("NAME", id, 0), 3));
        }
        receiveHere(Producers.MANY, senders);
    }

    @Test
    void cToJvm() throws Exception {
        receiveHere(Producers.ONE, List.of(replaceCount(cSend("NAME", 0, 0, 0), 4)));
    }

    @Test
    void twoJvmsAndTwoCProgramsToOneJvm() throws Exception {
        receiveHere(Producers.MANY, List.of(replaceCount(javaSend("NAME", 0, 0), 3),
                replaceCount(javaSend("NAME", 1, 0), 3), replaceCount(cSend("NAME", 2, 2, 0), 4),
                replaceCount(cSend("NAME", 3, 3, 0), 4)));
    }

    @Test
    void jvmsToC() throws Exception {
        for (int n : new int[] {1, 4}) {
            String name = Support.uniqueName("to-c");
            long each = TOTAL / n;
            try (Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(CAPACITY)
                    .producers(n == 1 ? Producers.ONE : Producers.MANY).maxSenders(n))) {
                assertEquals(n, ch.maxSenders());
                List<ChildProcess> procs = new ArrayList<>();
                try {
                    ChildProcess receiver = Support.start(List.of(cPeer().toString(), "receive", name,
                            String.valueOf(n), String.valueOf(each)));
                    procs.add(receiver);
                    for (int id = 0; id < n; id++) {
                        procs.add(Support.child("send", name, String.valueOf(id), String.valueOf(each),
                                String.valueOf(MAX_LENGTH), String.valueOf(2000 + id)));
                    }
                    for (ChildProcess p : procs) {
                        Support.assertSucceeds(p);
                    }
                    assertEquals("received " + each * n, receiver.awaitLineStartingWith("received"));
                } finally {
                    procs.forEach(ChildProcess::close);
                }
            }
        }
    }

    /** The command with its count argument (at {@code index} after the program) set to the placeholder. */
    private static List<String> replaceCount(List<String> command, int indexAfterMode) {
        List<String> c = new ArrayList<>(command);
        int mode = c.indexOf("send");
        c.set(mode + indexAfterMode, "COUNT");
        c.set(mode + 1, "NAME");
        return c;
    }
}
