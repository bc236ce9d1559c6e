/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Another process of a sync test (a {@link SyncChild} JVM or the C {@code sync_peer}),
 * its output read line by line in the background so that a test can wait for a
 * line with a timeout. Closing kills it.
 */
final class Peer implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder seen = new StringBuilder();

    private Peer(List<String> command) {
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    lines.add(l);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "peer-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** A {@link SyncChild} JVM. */
    static Peer java(String... args) {
        List<String> cmd = new ArrayList<>(List.of(TestSupport.java(), "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), SyncChild.class.getName()));
        cmd.addAll(List.of(args));
        return new Peer(cmd);
    }

    /** Any program. */
    static Peer of(List<String> command) {
        return new Peer(command);
    }

    /** The next line, within 30 s. */
    String next() {
        try {
            String l = lines.poll(30, TimeUnit.SECONDS);
            assertTrue(l != null, () -> "no line from the peer within 30 s; seen:\n" + seen);
            seen.append(l).append('\n');
            return l;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Asserts that the next line is {@code expected}. */
    void expect(String expected) {
        assertEquals(expected, next(), () -> "from the peer; seen so far:\n" + seen);
    }

    /** Sends a line to its stdin. */
    void send(String line) {
        try {
            OutputStream out = process.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the end (30 s at most) and returns the exit code. */
    int exit() throws InterruptedException {
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the peer did not end");
        return process.exitValue();
    }

    /** kill -9, and waits for the process to be gone. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
