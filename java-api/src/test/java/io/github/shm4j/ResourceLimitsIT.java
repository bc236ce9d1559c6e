/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Issue 3, point 5: a full /dev/shm (a private 8 MiB tmpfs) fails at create with
 * InsufficientSpaceException, and another user cannot open a 0600 object.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "Linux-only: a private /dev/shm (unshare -m) and another user (setpriv)")
class ResourceLimitsIT {
    private static final long MIB = 1024 * 1024;

    /** Runs {@code probe}; if it fails, says why on stdout and skips the test (visibly). */
    private static void requireWorking(String what, List<String> probe) {
        TestSupport.Result r;
        try {
            r = TestSupport.run(probe);
        } catch (RuntimeException e) {
            r = new TestSupport.Result(-1, e.toString());
        }
        if (r.exit() != 0) {
            String why = "SKIPPED because " + what + " does not work here (" + String.join(" ", probe) + ": " + r
                    + ")";
            System.out.println(why);
            Assumptions.assumeTrue(false, why);
        }
    }

    @Test
    void createOnAFullDevShmThrowsInsufficientSpace() {
        requireWorking("unshare -m (private mount namespace, needs root or CAP_SYS_ADMIN)",
                List.of("unshare", "-m", "--propagation", "private", "sh", "-c",
                        "mount -t tmpfs -o size=8m tmpfs /dev/shm"));
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

    @Test
    void anotherUserCannotOpenAnOwnerOnlyObject() {
        Assumptions.assumeTrue(TestSupport.runOk(List.of("id", "-u")).equals("0") || notRoot());
        requireWorking("setpriv (another user, needs root)",
                List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "true"));
        String name = TestSupport.uniqueName("perm");
        try (SharedMemory shm = SharedMemory.create(name, 4096)) {
            List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534",
                    "--clear-groups"));
            cmd.addAll(TestSupport.childCommand("open", name));
            TestSupport.Result r = TestSupport.run(cmd);
            System.out.println("child as uid 65534: " + r);
            assertEquals(3, r.exit(), r::toString);
            assertTrue(r.output().startsWith("EXCEPTION PermissionDeniedException EACCES: cannot open shared memory '"
                    + name + "'"), r::toString);
            assertEquals(4096, shm.size());
        } finally {
            TestSupport.removeQuietly(name);
        }
    }

    private static boolean notRoot() {
        String why = "SKIPPED because this test must run as root to switch to another user";
        System.out.println(why);
        Assumptions.assumeTrue(false, why);
        return false;
    }
}
