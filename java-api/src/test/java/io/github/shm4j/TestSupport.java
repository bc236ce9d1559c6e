/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.shm4j.testkit.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * What the integration tests share: unique names, child processes that never hang
 * a build, skips that CI turns into failures, and leak counts.
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

    /** The packaged jar of the API that the ITs run against (asserted: not target/classes). */
    static Path packagedApiJar() throws Exception {
        Path p = Path.of(ShmNative.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(p.toString().endsWith(".jar"), "the ITs run against the packaged jar: " + p);
        return p;
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

    /** How long any child process may take, and any single wait in a test. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Output and exit code of a finished process. */
    record Result(int exit, String output) {
        @Override
        public String toString() {
            return "exit " + exit + ", output:\n" + output;
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
        try (ChildProcess child = ChildProcess.of(command).env(env).directory(dir).timeout(TIMEOUT).start()) {
            child.closeInput();
            return result(child);
        }
    }

    /** Waits (at most {@link #TIMEOUT}) for the child's exit and all its output; kills it if slow. */
    static Result result(ChildProcess child) {
        int exit = child.awaitExit();
        return new Result(exit, child.out().trim());
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
    static ChildProcess startChild(String... args) {
        return ChildProcess.of(childCommand(args)).timeout(TIMEOUT).start();
    }

    /** Starts a {@link SyncChild} JVM with {@code args}, which prints one word a line; close it when done. */
    static ChildProcess syncChild(String... args) {
        List<String> cmd = new ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), SyncChild.class.getName()));
        cmd.addAll(List.of(args));
        return ChildProcess.of(cmd).timeout(TIMEOUT).start();
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

    /**
     * Skips a check of a robust mutex's owner death on the emulated aarch64 JVM:
     * qemu-user does not implement {@code set_robust_list} (ENOSYS), so there the
     * kernel never marks a dead owner's mutex. A limit of the emulator, not of the
     * machine: even {@code SHM4J_REQUIRE_ALL=1} skips it.
     */
    static void requireRobustFutexes() {
        if (Boolean.getBoolean("shm4j.test.qemu")) {
            String why = "SKIPPED because qemu-user does not implement set_robust_list: no owner death under emulation";
            System.out.println(why);
            Assumptions.abort(why);
        }
    }

    /** Whether this JVM runs on Linux, where the tests look at /dev/shm and /proc. */
    static boolean linux() {
        return System.getProperty("os.name", "").startsWith("Linux");
    }

    /**
     * Skips a check that is Linux's by nature (not for want of something on this
     * machine), so even {@code SHM4J_REQUIRE_ALL=1} skips it elsewhere: the Windows leg.
     */
    static void requireLinux(String what) {
        if (!linux()) {
            String why = "SKIPPED because " + what + " is a Linux check (this is " + System.getProperty("os.name") + ")";
            System.out.println(why);
            Assumptions.abort(why);
        }
    }

    /** Copies the shm4j jar and the Child classes into {@code dir}, readable by all; returns the class path. */
    static String readableClassPath(Path dir) throws IOException {
        Set<PosixFilePermission> file = PosixFilePermissions.fromString("rw-r--r--");
        Set<PosixFilePermission> folder = PosixFilePermissions.fromString("rwxr-xr-x");
        Files.setPosixFilePermissions(dir, folder);
        Path jar;
        try {
            jar = Path.of(SharedMemory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        Path jarCopy = dir.resolve("shm4j.jar");
        Files.copy(jar, jarCopy);
        Files.setPosixFilePermissions(jarCopy, file);
        Path classes = dir.resolve("classes");
        Path pkg = classes.resolve(Child.class.getPackageName().replace('.', '/'));
        Files.createDirectories(pkg);
        for (Path p = pkg; !p.equals(dir); p = p.getParent()) {
            Files.setPosixFilePermissions(p, folder);
        }
        Path source;
        try {
            source = Path.of(Child.class.getResource(Child.class.getSimpleName() + ".class").toURI()).getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(source, "Child*.class")) {
            for (Path c : children) {
                Path copy = pkg.resolve(c.getFileName().toString());
                Files.copy(c, copy);
                Files.setPosixFilePermissions(copy, file);
            }
        }
        return jarCopy + java.io.File.pathSeparator + classes;
    }
}
