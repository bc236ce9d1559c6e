/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A full /dev/shm (a private 8 MiB tmpfs) fails at create with
 * InsufficientSpaceException, and another user cannot open a 0600 object. Both need
 * root; elsewhere they skip saying why ({@code SHM4J_REQUIRE_ALL=1} makes that a failure).
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "Linux-only: a private /dev/shm (unshare -m) and another user (setpriv)")
class ResourceLimitsIT {
    private static final long MIB = 1024 * 1024;

    /** Runs {@code probe}; if it fails, skips the test saying why (fails under SHM4J_REQUIRE_ALL=1). */
    private static void requireWorking(String what, List<String> probe, Path dir) {
        TestSupport.Result r = TestSupport.run(probe, Map.of(), dir);
        TestSupport.require(r.exit() == 0, what + " does not work here (" + String.join(" ", probe) + ": " + r + ")");
    }

    private static final Path HERE = Path.of("").toAbsolutePath();

    @Test
    void createOnAFullDevShmThrowsInsufficientSpace() {
        TestSupport.requireLinux("a private /dev/shm (unshare)");
        requireWorking("unshare -m (private mount namespace, needs root or CAP_SYS_ADMIN)",
                List.of("unshare", "-m", "--propagation", "private", "sh", "-c",
                        "mount -t tmpfs -o size=8m tmpfs /dev/shm"), HERE);
        String name = "big-" + TestSupport.PID;
        List<String> cmd = new ArrayList<>(List.of("unshare", "-m", "--propagation", "private", "sh", "-c",
                "mount -t tmpfs -o size=8m tmpfs /dev/shm && exec \"$@\"", "sh"));
        cmd.addAll(TestSupport.childCommand("create", name, Long.toString(64 * MIB)));
        TestSupport.Result r = TestSupport.run(cmd);
        System.out.println("child on an 8 MiB /dev/shm: " + r);
        assertEquals(3, r.exit(), r::toString);
        assertTrue(r.output().startsWith("EXCEPTION InsufficientSpaceException ENOSPC: cannot create shared memory '"
                + name + "'"), r::toString);
        assertTrue(!TestSupport.exists(name), "the private tmpfs was the child's only");

        // the same child, 4 MiB: fits, so the failure above was the space and nothing else
        List<String> small = new ArrayList<>(cmd.subList(0, cmd.size() - 1));
        small.add(Long.toString(4 * MIB));
        TestSupport.Result ok = TestSupport.run(small);
        assertEquals(0, ok.exit(), ok::toString);
        assertEquals("created " + 4 * MIB, ok.output());
    }

    /**
     * Another user (uid 65534) cannot open an owner-only object. That user's JVM gets
     * a copy of what it needs (the shm4j jar and the Child classes) in a folder anyone
     * can read, since the checkout itself may be private (a 0700 home folder).
     */
    @Test
    void anotherUserCannotOpenAnOwnerOnlyObject() throws IOException {
        TestSupport.requireLinux("setpriv");
        TestSupport.require(TestSupport.runOk(List.of("id", "-u")).equals("0"),
                "switching to another user needs root (this is uid " + TestSupport.runOk(List.of("id", "-u")) + ")");
        Path dir = Files.createTempDirectory("shm4j-other-user");
        try {
            List<String> asNobody = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
            List<String> java = new ArrayList<>(asNobody);
            java.addAll(List.of(TestSupport.java(), "--enable-native-access=ALL-UNNAMED", "-cp", TestSupport.readableClassPath(dir),
                    Child.class.getName()));
            requireWorking("a JVM as uid 65534 (setpriv, and a JDK that user may run)",
                    concat(java, "probe"), dir);
            String name = TestSupport.uniqueName("perm");
            try (SharedMemory shm = SharedMemory.create(name, 4096)) {
                TestSupport.Result r = TestSupport.run(concat(java, "open", name), Map.of(), dir);
                System.out.println("child as uid 65534: " + r);
                assertEquals(3, r.exit(), r::toString);
                assertTrue(r.output().startsWith("EXCEPTION PermissionDeniedException EACCES: cannot open shared"
                        + " memory '" + name + "'"), r::toString);
                assertEquals(4096, shm.size());
            }
            assertFalse(TestSupport.exists(name));
        } finally {
            deleteTree(dir);
        }
    }

    private static List<String> concat(List<String> command, String... args) {
        List<String> all = new ArrayList<>(command);
        all.addAll(List.of(args));
        return all;
    }


    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
