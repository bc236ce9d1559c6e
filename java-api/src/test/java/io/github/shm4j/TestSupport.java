/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * What the integration tests share: unique names, child processes that never hang
 * a build, skips that CI turns into failures, and leak counts.
 */
final class TestSupport {
    static final long PID = ProcessHandle.current().pid();
    /** Every object a test creates has a name starting with this. */
    static final String PREFIX = "shm4j-it-" + PID + "-";
    static final Path DEV_SHM = Path.of("/dev/shm");
    private static final AtomicInteger COUNTER = new AtomicInteger();

    static {
        // What a failed test (or, under PIT, a mutant) left behind: this JVM's own names only.
        if (linux()) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (String name : ourShmEntries()) {
                    try {
                        Files.deleteIfExists(DEV_SHM.resolve(name));
                    } catch (IOException e) {
                        // nothing more to do at exit
                    }
                }
            }, "shm4j-test-cleanup"));
        }
    }

    private TestSupport() {}

    /** A name no other test (or test run) uses. */
    static String uniqueName(String what) {
        return PREFIX + what + "-" + COUNTER.incrementAndGet();
    }

    /** The README's name, which a running demo server also uses. */
    static final String SAMPLE_NAME = "Local\\SampleMap";

    /**
     * For tests whose point is the README's fixed name: waits (at most {@link #TIMEOUT})
     * while another process holds it (a demo server running beside the build), and
     * skips, saying so, if it stays taken. Such tests never remove the name themselves:
     * their creator's close does, and only while the name is still theirs.
     */
    static void awaitSampleNameFree() {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (sampleNameTaken() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        require(!sampleNameTaken(), SAMPLE_NAME + " stayed taken by another process (a demo server?) for "
                + TIMEOUT);
    }

    private static boolean sampleNameTaken() {
        try {
            SharedMemory.open(SAMPLE_NAME, Access.READ_ONLY).close();
            return true;
        } catch (NotFoundException e) {
            return false;
        } catch (PermissionDeniedException e) {
            return true; // another user's
        }
    }

    /** Removes {@code name} if it exists; for finally blocks. */
    static void removeQuietly(String name) {
        try {
            SharedMemory.remove(name);
        } catch (NotFoundException ignored) {
            // already gone: fine
        }
    }

    static boolean exists(String name) {
        return Files.exists(DEV_SHM.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /** The entries of /dev/shm that this test JVM created (by prefix). */
    static Set<String> ourShmEntries() {
        try (Stream<Path> s = Files.list(DEV_SHM)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(PREFIX))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int openFds() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of /proc/self/maps that map a file in /dev/shm/. */
    static List<String> shmMappings() {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.contains("/dev/shm/"))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code java … Child args}: a JVM on this test's class path running {@link Child}. */
    static List<String> childCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Child.class.getName()));
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    /** How long any child process may take, and any single wait in a test. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Output and exit code of a finished process. */
    record Result(int exit, String output) {
        @Override
        public String toString() {
            return "exit " + exit + ", output:\n" + output;
        }
    }

    /**
     * A running child process, stdout and stderr merged, read line by line on its
     * own thread so that a child that writes a lot never blocks, and every wait for
     * it has a bound. Closing it kills the child (and its children) if it still runs.
     */
    static final class Proc implements AutoCloseable {
        private final List<String> command;
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final StringBuffer output = new StringBuffer();
        private final Thread reader;

        private Proc(List<String> command, Process process) {
            this.command = command;
            this.process = process;
            this.reader = new Thread(this::pump, "child-output-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        /** Starts {@code command} with {@code env} added to this JVM's environment. */
        static Proc start(List<String> command, Map<String, String> env) {
            return start(command, env, Path.of("").toAbsolutePath());
        }

        /** {@link #start(List, Map)} in the working folder {@code dir}. */
        static Proc start(List<String> command, Map<String, String> env, Path dir) {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile());
            pb.environment().putAll(env);
            try {
                return new Proc(List.copyOf(command), pb.start());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + command, e);
            }
        }

        private void pump() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String l; (l = in.readLine()) != null; ) {
                    output.append(l).append('\n');
                    lines.add(l);
                }
            } catch (IOException e) {
                // the process is gone: its exit status tells the rest
            }
        }

        /** Waits (at most {@link #TIMEOUT}) for a line equal to {@code line}; fails if the child ends or is slow. */
        void awaitLine(String line) {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            try {
                while (true) {
                    String l = lines.poll(100, TimeUnit.MILLISECONDS); // short: notices a child that ended
                    if (l != null && l.equals(line)) {
                        return;
                    }
                    if (l == null && (System.nanoTime() >= deadline || !reader.isAlive() && lines.isEmpty())) {
                        fail((reader.isAlive() ? "no line '" + line + "' within " + TIMEOUT
                                : "the child ended without printing '" + line + "'") + " from " + command
                                + "; output so far:\n" + output);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for '" + line + "'", e);
            }
        }

        /** Writes {@code text} to the child's stdin and closes it. */
        void input(String text) {
            try (OutputStream in = process.getOutputStream()) {
                in.write(text.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the child exited already; its exit status tells
            }
        }

        /** Waits (at most {@link #TIMEOUT}) for the child's exit and all its output; kills it if slow. */
        Result finish() {
            try {
                if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    close();
                    fail("timed out after " + TIMEOUT + ": " + command + "; output so far:\n" + output);
                }
                reader.join(TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + command, e);
            }
            return new Result(process.exitValue(), output.toString().trim());
        }

        Process process() {
            return process;
        }

        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs {@code command} to its end ({@link #TIMEOUT} at most), stdout and stderr merged, stdin empty. */
    static Result run(List<String> command) {
        return run(command, Map.of());
    }

    /** {@link #run(List)} with {@code env} added to the child's environment. */
    static Result run(List<String> command, Map<String, String> env) {
        return run(command, env, Path.of("").toAbsolutePath());
    }

    /** {@link #run(List, Map)} in the working folder {@code dir}. */
    static Result run(List<String> command, Map<String, String> env, Path dir) {
        try (Proc child = Proc.start(command, env, dir)) {
            child.input("");
            return child.finish();
        }
    }

    /** Runs {@code command}, which must exit 0, and returns its output. */
    static String runOk(List<String> command) {
        Result r = run(command);
        assertTrue(r.exit() == 0, () -> command + " failed: " + r);
        return r.output();
    }

    /** Runs a {@link Child} JVM with {@code args} to its end. */
    static Result runChild(String... args) {
        return run(childCommand(args));
    }

    /** Runs a child that must exit 0, and returns its output. */
    static String runChildOk(String... args) {
        Result r = runChild(args);
        assertTrue(r.exit() == 0, () -> "child " + Arrays.toString(args) + " failed: " + r);
        return r.output();
    }

    /** Starts a {@link Child} JVM with {@code args}; close it when done. */
    static Proc startChild(String... args) {
        return Proc.start(childCommand(args), Map.of());
    }

    /** Set by CI: every check that would skip for want of something on this machine fails instead. */
    static final boolean REQUIRE_ALL = "1".equals(System.getenv("SHM4J_REQUIRE_ALL"));

    /**
     * Skips the calling test, printing {@code reason}, unless {@code condition} holds;
     * under {@code SHM4J_REQUIRE_ALL=1} it fails instead, so that CI runs everything.
     */
    static void require(boolean condition, String reason) {
        if (!condition) {
            String why = "SKIPPED because " + reason;
            System.out.println(why);
            if (REQUIRE_ALL) {
                fail("SHM4J_REQUIRE_ALL=1 forbids skipping: " + reason);
            }
            Assumptions.abort(why);
        }
    }

    /** Whether this JVM runs on Linux, where the tests look at /dev/shm and /proc. */
    static boolean linux() {
        return System.getProperty("os.name", "").startsWith("Linux");
    }

    /** Skips (see {@link #require}) unless on Linux. */
    static void requireLinux(String what) {
        require(linux(), what + " is a Linux check (this is " + System.getProperty("os.name") + ")");
    }
}
