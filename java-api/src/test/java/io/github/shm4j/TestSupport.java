/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What the integration tests share: unique names, child JVMs and leak counts. */
final class TestSupport {
    static final long PID = ProcessHandle.current().pid();
    /** Every object a test creates has a name starting with this. */
    static final String PREFIX = "shm4j-it-" + PID + "-";
    static final Path DEV_SHM = Path.of("/dev/shm");
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestSupport() {}

    /** A name no other test (or test run) uses. */
    static String uniqueName(String what) {
        return PREFIX + what + "-" + COUNTER.incrementAndGet();
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

    /** This process's open descriptors: number -> what it points to (/proc/self/fd/N). */
    static Map<Integer, String> openFds() {
        Map<Integer, String> fds = new TreeMap<>();
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) s::iterator) {
                try {
                    fds.put(Integer.valueOf(fd.getFileName().toString()), Files.readSymbolicLink(fd).toString());
                } catch (IOException closedMeanwhile) {
                    // the listing's own descriptor, or one closed by another thread: not open
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fds;
    }

    /**
     * The descriptors open now that were not open at {@code before} (same number, same
     * target), without the device nodes the JDK opens lazily on first use and keeps
     * (/dev/random and /dev/urandom for SecureRandom, e.g. when Files.createTempFile
     * names a file) and without /proc (the listing itself): shm4j opens only shared
     * memory objects (/dev/shm) and the files it is given, never a device.
     */
    static List<String> fdsOpenedSince(Map<Integer, String> before) {
        List<String> opened = new ArrayList<>();
        openFds().forEach((fd, target) -> {
            boolean jdkOwn = (target.startsWith("/dev/") && !target.startsWith("/dev/shm/"))
                    || target.startsWith("/proc/");
            if (!target.equals(before.get(fd)) && !jdkOwn) {
                opened.add(fd + " -> " + target);
            }
        });
        return opened;
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
        return childCommandOn(java(), args);
    }

    /** {@link #childCommand} on the JVM {@code java} (a path to its java program). */
    static List<String> childCommandOn(String java, String... args) {
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Child.class.getName()));
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    /** Output and exit code of a finished process. */
    record Result(int exit, String output) {
        @Override
        public String toString() {
            return "exit " + exit + ", output:\n" + output;
        }
    }

    /** Runs {@code command} to its end (60 s at most), stdout and stderr merged. */
    static Result run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("timed out: " + command);
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
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

    /** Reads lines of a running process's stdout until one equals {@code line}. */
    static void awaitLine(Process p, String line) throws IOException {
        StringBuilder seen = new StringBuilder();
        var reader = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8));
        String l;
        while ((l = reader.readLine()) != null) {
            if (l.equals(line)) {
                return;
            }
            seen.append(l).append('\n');
        }
        fail("the child ended without printing '" + line + "':\n" + seen);
    }
}
