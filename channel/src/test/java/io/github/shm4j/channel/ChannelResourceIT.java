/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.shm4j.SharedMemory;
import io.github.shm4j.testkit.ChildProcess;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A full /dev/shm (a private tmpfs, at every number of free pages from none to enough)
 * and a user without a passwd entry: typed errors, nothing left behind, and a channel
 * of one's own works. Both need root (unshare -m, setpriv) and skip elsewhere.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "a private /dev/shm (unshare -m) and another uid (setpriv)")
class ChannelResourceIT {
    @AfterEach
    void nothingLeft() {
        Support.assertNothingLeft();
    }

    private static String run(List<String> command) {
        try (ChildProcess p = Support.start(command)) {
            p.closeInput();
            int exit = p.awaitExit();
            String out = p.out().trim();
            assertEquals(0, exit, () -> String.join(" ", command) + ":\n" + out);
            return out;
        }
    }

    private static void requireRoot() {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root) {
            System.out.println("SKIPPED because unshare -m and setpriv need root");
        }
        Assumptions.assumeTrue(root, "needs root");
    }

    private static List<String> child(String classPath, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx128m", "-cp", classPath, AbuseChild.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    void aFullDevShmFailsEachCreateWithInsufficientSpaceAndLeavesNothing() {
        requireRoot();
        String name = Support.uniqueName("full");
        List<String> cmd = new ArrayList<>(List.of("unshare", "-m", "--propagation", "private", "sh", "-c",
                "mount -t tmpfs -o size=1m tmpfs /dev/shm && exec \"$@\"", "sh"));
        cmd.addAll(child(System.getProperty("java.class.path"), "full-shm", name));
        String out = run(cmd);
        System.out.println(out);
        Pattern line = Pattern.compile("(\\d+) mutex (\\w+) channel (\\w+) left \\[(.*)\\]");
        int firstChannel = -1;
        for (String l : out.lines().filter(l -> l.matches("\\d+ mutex.*")).collect(Collectors.toList())) {
            Matcher m = line.matcher(l);
            assertTrue(m.matches(), l);
            int free = Integer.parseInt(m.group(1));
            assertTrue(m.group(2).equals("ok") || m.group(2).equals("InsufficientSpaceException"), l);
            assertTrue(m.group(3).equals("ok") || m.group(3).equals("InsufficientSpaceException"), l);
            assertEquals("", m.group(4), "a failed (or closed) create leaves nothing: " + l);
            if (free == 0) {
                assertEquals("InsufficientSpaceException", m.group(2), l);
                assertEquals("InsufficientSpaceException", m.group(3), l);
            }
            if (m.group(3).equals("ok") && firstChannel < 0) {
                firstChannel = free;
            } else if (firstChannel >= 0) {
                assertEquals("ok", m.group(3), "more room than enough still works: " + l);
            }
        }
        assertTrue(firstChannel > 1, "a channel needs several pages (object and four sync objects): " + out);
    }

    @Test
    void aUidWithoutAPasswdEntryIsDeniedAnotherUsersChannelAndUsesItsOwn() throws IOException {
        requireRoot();
        Path dir = Files.createTempDirectory("shm4j-uid");
        try {
            String classPath = readableClassPath(dir);
            String name = Support.uniqueName("uid");
            try (Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(1024))) {
                List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=12345", "--regid=12345",
                        "--clear-groups"));
                cmd.addAll(child(classPath, "other-user", name));
                String out = run(cmd);
                assertEquals(List.of("channel PermissionDeniedException", "mutex PermissionDeniedException", "own ok"),
                        out.lines().filter(l -> !l.startsWith("WARNING")).collect(Collectors.toList()), out);
                try (Sender tx = ch.sender(); Receiver rx = ch.receiver()) { // untouched
                    assertTrue(tx.offer(new byte[1], 0, 1));
                    assertEquals(1, rx.poll(m -> { }, 1));
                }
            }
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Copies the core, the channel and these test classes into {@code dir}, readable by all. */
    private static String readableClassPath(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (Class<?> c : List.of(SharedMemory.class, Channel.class, AbuseChild.class,
                io.github.shm4j.testkit.ChildProcess.class)) {
            Path source;
            try {
                source = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            } catch (URISyntaxException e) {
                throw new IOException(e);
            }
            Path target = dir.resolve("cp" + i++ + (Files.isDirectory(source) ? "" : ".jar"));
            try (Stream<Path> s = Files.walk(source)) {
                for (Path p : s.collect(Collectors.toList())) {
                    Path t = target.resolve(source.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(t);
                        Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rwxr-xr-x"));
                    } else {
                        Files.copy(p, Files.isDirectory(source) ? t : target);
                        Files.setPosixFilePermissions(Files.isDirectory(source) ? t : target,
                                PosixFilePermissions.fromString("rw-r--r--"));
                    }
                }
            }
            entries.add(target.toString());
        }
        return String.join(File.pathSeparator, entries);
    }
}
