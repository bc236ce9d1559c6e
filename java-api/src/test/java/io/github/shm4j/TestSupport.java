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

/**
 * What the integration tests share: unique names, child JVMs and leak counts.
 *
 * <p>The same tests run on Linux and, in the Windows leg, on a Windows JVM under Wine.
 * Checks of names have a meaning on both ({@link #exists}, {@link #ourShmEntries});
 * checks of descriptors and mappings read {@code /proc} and run on Linux only
 * ({@link #onLinux}), because the JDK cannot count a Windows process's handles or
 * list its mapped views. On Windows a leaked handle still shows: it keeps its name
 * alive, which the name checks see. Tests that are Linux-only as a whole say so with
 * {@code @EnabledOnOs(value = OS.LINUX, disabledReason = ...)}.
 */
final class TestSupport {
    static final boolean WINDOWS = System.getProperty("os.name").startsWith("Windows");
    static final long PID = ProcessHandle.current().pid();
    /** Every object a test creates has a name starting with this. */
    static final String PREFIX = "shm4j-it-" + PID + "-";
    static final Path DEV_SHM = Path.of("/dev/shm");
    private static final AtomicInteger COUNTER = new AtomicInteger();
    /** Every name {@link #uniqueName} gave out: Windows cannot list named objects. */
    private static final Set<String> GIVEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private TestSupport() {}

    /** A name no other test (or test run) uses. */
    static String uniqueName(String what) {
        String name = PREFIX + what + "-" + COUNTER.incrementAndGet();
        GIVEN.add(name);
        return name;
    }

    /** {@code posix} on Linux, {@code windows} on Windows: an OS's name for the same thing. */
    static String posixOrWindows(String posix, String windows) {
        return WINDOWS ? windows : posix;
    }

    /**
     * Runs {@code checks} on Linux only; on Windows prints why they do not apply, so
     * that the log of the Windows leg shows every check it leaves out.
     */
    static void onLinux(String whyNotOnWindows, Runnable checks) {
        if (WINDOWS) {
            System.out.println("NOT CHECKED on Windows: " + whyNotOnWindows);
        } else {
            checks.run();
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

    /**
     * Whether an object has this name: on Linux, whether /dev/shm has the entry; on
     * Windows, whether the name opens (it lives as long as some handle to it).
     */
    static boolean exists(String name) {
        if (WINDOWS) {
            try {
                SharedMemory.open(name, Access.READ_ONLY).close();
                return true;
            } catch (NotFoundException e) {
                return false;
            }
        }
        return Files.exists(DEV_SHM.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * The objects this test JVM created that still have a name: on Linux, its entries
     * of /dev/shm (by prefix); on Windows, the names it gave out that still open.
     */
    static Set<String> ourShmEntries() {
        if (WINDOWS) {
            return GIVEN.stream().filter(TestSupport::exists).collect(Collectors.toCollection(TreeSet::new));
        }
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

    /** What the leak checks compare on Linux: this JVM's descriptors and /dev/shm mappings. */
    record ProcState(Map<Integer, String> fds, List<String> mappings) {}

    /** This JVM's descriptors and /dev/shm mappings now; nothing on Windows (see {@link #onLinux}). */
    static ProcState procState() {
        return WINDOWS ? new ProcState(Map.of(), List.of()) : new ProcState(openFds(), shmMappings());
    }

    /**
     * On Linux, that no mapping mentions {@code name} and that there are no more
     * /dev/shm mappings and descriptors than {@code before}; on Windows, says why not.
     */
    static void assertNoProcLeaks(ProcState before, String name) {
        onLinux("mappings and descriptors are read from /proc", () -> {
            List<String> mappings = shmMappings();
            assertTrue(mappings.stream().noneMatch(l -> l.contains(name)), () -> String.join("\n", mappings));
            assertTrue(mappings.size() <= before.mappings().size(),
                    () -> "before " + before.mappings() + ", after " + mappings);
            List<String> opened = fdsOpenedSince(before.fds());
            assertTrue(opened.isEmpty(), () -> "descriptors left open: " + opened);
        });
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

    /**
     * {@code java … Child args}: a JVM on this test's class path running {@link Child},
     * printing UTF-8 (a Windows JVM would print its ANSI code page).
     */
    static List<String> childCommand(String... args) {
        return childCommandOn(java(), args);
    }

    /** {@link #childCommand} on the JVM {@code java} (a path to its java program). */
    static List<String> childCommandOn(String java, String... args) {
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-Dsun.stdout.encoding=UTF-8", "-Dstdout.encoding=UTF-8", "-cp",
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
