/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.testkit;

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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child process driven by a test or a benchmark: a JVM, a C program, a demo.
 *
 * <p>Its stdout is read on a thread of its own, so that a child that writes a lot
 * never blocks, and kept twice: as bytes, for tests that compare a console exactly,
 * and as lines, for tests that talk to the child line by line. Stderr is merged into
 * stdout unless asked for apart. Every wait has a bound ({@link #timeout}) and fails
 * with an {@link AssertionError} that shows what the child printed; closing kills the
 * child and its descendants if they still run.
 */
public final class ChildProcess implements AutoCloseable {
    /** The default bound of every wait. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final String label;
    private final Process process;
    private final Duration timeout;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(); // synchronized
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread outReader;
    private final Thread errReader;

    private ChildProcess(String label, Process process, Duration timeout, boolean separateStderr) {
        this.label = label;
        this.process = process;
        this.timeout = timeout;
        this.outReader = pump(process.getInputStream(), out, true, label + " stdout");
        this.errReader = separateStderr ? pump(process.getErrorStream(), err, false, label + " stderr") : null;
    }

    /** How to start a child. */
    public static final class Builder {
        private final List<String> command;
        private String label;
        private Path dir = Path.of("").toAbsolutePath();
        private Map<String, String> env = Map.of();
        private Duration timeout = DEFAULT_TIMEOUT;
        private boolean separateStderr;

        private Builder(List<String> command) {
            this.command = List.copyOf(command);
            this.label = String.join(" ", command);
        }

        /** The name of the child in failure messages (default: its command). */
        public Builder label(String label) {
            this.label = label;
            return this;
        }

        /** The working folder (default: this process's). */
        public Builder directory(Path dir) {
            this.dir = dir;
            return this;
        }

        /** Variables added to this process's environment. */
        public Builder env(Map<String, String> env) {
            this.env = Map.copyOf(env);
            return this;
        }

        /** The bound of every wait (default {@link #DEFAULT_TIMEOUT}). */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Keeps stderr apart ({@link #err()}) instead of merging it into stdout. */
        public Builder separateStderr() {
            this.separateStderr = true;
            return this;
        }

        public ChildProcess start() {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(!separateStderr);
            pb.environment().putAll(env);
            try {
                return new ChildProcess(label, startProcess(pb), timeout, separateStderr);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + command, e);
            }
        }
    }

    /** Retries of a start that failed with Wine's CreateProcess error 1359. */
    private static final int WINE_START_RETRIES = 3;

    /**
     * Starts {@code pb}. Under Wine, CreateProcess now and then fails with error 1359
     * (ERROR_INTERNAL_ERROR) for a command that starts the next time: a CI run lost a
     * child JVM of NativeLibraryIT to it. On Windows that one error is retried, at most
     * {@value #WINE_START_RETRIES} times, each said on stderr; anything else is thrown.
     */
    public static Process startProcess(ProcessBuilder pb) throws IOException {
        for (int retry = 0;; retry++) {
            try {
                return pb.start();
            } catch (IOException e) {
                String message = String.valueOf(e.getMessage());
                if (retry == WINE_START_RETRIES || !System.getProperty("os.name", "").startsWith("Windows")
                        || !message.contains("error=1359")) {
                    throw e;
                }
                System.err.println("ChildProcess: retrying the start of " + pb.command() + " after: " + message);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    public static Builder of(List<String> command) {
        return new Builder(command);
    }

    /** Starts {@code command} with the defaults. */
    public static ChildProcess start(List<String> command) {
        return of(command).start();
    }

    private Thread pump(InputStream in, ByteArrayOutputStream sink, boolean splitLines, String name) {
        Thread t = new Thread(() -> {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buffer)) != -1; ) {
                    sink.write(buffer, 0, n);
                    for (int i = 0; splitLines && i < n; i++) {
                        if (buffer[i] == '\n') {
                            lines.add(decodeLine(line));
                            line.reset();
                        } else {
                            line.write(buffer[i]);
                        }
                    }
                }
            } catch (IOException e) {
                // the process is gone: its exit status tells the rest
            }
            if (splitLines && line.size() > 0) {
                lines.add(decodeLine(line));
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String decodeLine(ByteArrayOutputStream bytes) {
        String s = bytes.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    // ---- reading -------------------------------------------------------------------

    /** The next line of output; fails if none comes within the timeout or the child ends first. */
    public String nextLine() {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (;;) {
                String l = lines.poll(50, TimeUnit.MILLISECONDS); // short: notices a child that ended
                if (l != null) {
                    return l;
                }
                if (!outReader.isAlive() && lines.isEmpty()) {
                    throw new AssertionError(label + " ended (" + exitDescription() + ") before the next line;"
                            + " output:\n" + out());
                }
                if (System.nanoTime() >= deadline) {
                    throw new AssertionError("no line from " + label + " within " + timeout + "; output so far:\n"
                            + out());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + label, e);
        }
    }

    /** Asserts that the next line is {@code expected}. */
    public void expect(String expected) {
        String got = nextLine();
        if (!got.equals(expected)) {
            throw new AssertionError("expected '" + expected + "' from " + label + ", got '" + got + "'; output:\n"
                    + out());
        }
    }

    /** Skips lines until one equals {@code line}. */
    public void awaitLine(String line) {
        while (!nextLine().equals(line)) {
            // skip
        }
    }

    /** Skips lines until one starts with {@code prefix}; returns that line. */
    public String awaitLineStartingWith(String prefix) {
        for (;;) {
            String l = nextLine();
            if (l.startsWith(prefix)) {
                return l;
            }
        }
    }

    /**
     * Waits until stdout holds at least as many bytes as {@code expected} (or the
     * child exits) and returns all of it: the caller compares.
     */
    public String awaitOutput(String expected) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int want = expected.getBytes(StandardCharsets.UTF_8).length;
        try {
            while (out.size() < want && process.isAlive()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(label + " did not print " + want + " bytes in " + timeout + "; so far:\n"
                            + out() + "\nstderr:\n" + err());
                }
                Thread.sleep(20);
            }
            if (!process.isAlive()) {
                outReader.join(timeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + label, e);
        }
        return out();
    }

    /** All of stdout so far (with stderr, unless kept apart). */
    public String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** All of stderr so far, when kept apart; else empty. */
    public String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    // ---- writing -------------------------------------------------------------------

    /** Writes {@code line} and a line break to stdin. */
    public void send(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + label + " (" + exitDescription() + ")", e);
        }
    }

    /** {@link #send} then {@link #nextLine}: one request, one answer. */
    public String call(String line) {
        send(line);
        return nextLine();
    }

    /** Writes {@code text} to stdin and closes it; a child that exited already is not an error here. */
    public void input(String text) {
        try (OutputStream in = process.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the child exited already; its exit status tells
        }
    }

    /** Closes stdin: end of input. */
    public void closeInput() {
        input("");
    }

    // ---- the end -------------------------------------------------------------------

    /** Waits (bounded) for the exit and all output; returns the exit status. Kills the child if slow. */
    public int awaitExit() {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw new AssertionError(label + " did not exit within " + timeout + "; output:\n" + out()
                        + (errReader == null ? "" : "\nstderr:\n" + err()));
            }
            outReader.join(timeout.toMillis());
            if (errReader != null) {
                errReader.join(timeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + label, e);
        }
        return process.exitValue();
    }

    /** Kills the child (SIGKILL, TerminateProcess) and waits, bounded, until it is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The process, for what this class does not offer (its own streams must not be read). */
    public Process process() {
        return process;
    }

    public String label() {
        return label;
    }

    private String exitDescription() {
        return process.isAlive() ? "still running" : "exit " + process.exitValue();
    }

    /** Kills the child and its descendants if they still run. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return "ChildProcess[" + label + ", " + exitDescription() + "]";
    }
}
