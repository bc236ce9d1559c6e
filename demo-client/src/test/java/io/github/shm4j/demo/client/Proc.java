/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.demo.client;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A child process whose stdout and stderr are collected as they come. */
final class Proc implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String label;
    private final Process process;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(); // synchronized
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Thread outReader;
    private final Thread errReader;

    private Proc(String label, Process process) {
        this.label = label;
        this.process = process;
        this.outReader = pump(process.getInputStream(), out, label + " stdout");
        this.errReader = pump(process.getErrorStream(), err, label + " stderr");
    }

    static Proc start(String label, List<String> command, Path dir, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().putAll(env);
        try {
            return new Proc(label, pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    static Proc start(String label, List<String> command, Path dir) {
        return start(label, command, dir, Map.of());
    }

    private static Thread pump(InputStream in, OutputStream sink, String name) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[4096];
            try (in) {
                for (int n; (n = in.read(buffer)) != -1; ) {
                    sink.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Waits until stdout holds at least {@code expected}'s length (or the process
     * exits) and returns it: the caller compares it with {@code expected}.
     */
    String awaitOutput(String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        int want = expected.getBytes(StandardCharsets.UTF_8).length;
        while (out.size() < want && process.isAlive()) {
            if (System.nanoTime() > deadline) {
                fail(label + " did not print " + want + " bytes in " + TIMEOUT + "; so far:\n" + out()
                        + "\nstderr:\n" + err());
            }
            Thread.sleep(20);
        }
        if (!process.isAlive()) {
            outReader.join(TIMEOUT.toMillis());
        }
        return out();
    }

    /** Presses ENTER: writes a line break and closes stdin. */
    void enter() {
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write('\n');
        } catch (IOException e) {
            // the process may have exited already; its exit status tells
        }
    }

    /** Closes stdin (end of input) without writing. */
    void closeInput() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // as above
        }
    }

    /** Waits for the exit and for all output; returns the exit status. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            fail(label + " did not exit in " + TIMEOUT + "; stdout:\n" + out() + "\nstderr:\n" + err());
        }
        outReader.join(TIMEOUT.toMillis());
        errReader.join(TIMEOUT.toMillis());
        return process.exitValue();
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    String label() {
        return label;
    }

    /** Kills the process (and its children) if it still runs. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
