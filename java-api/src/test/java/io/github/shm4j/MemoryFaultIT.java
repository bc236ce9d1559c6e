/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Memory that vanishes under a view never crashes the JVM: a peer that shrinks the
 * object makes copies and accessors throw, and a sparse foreign object on a full
 * /dev/shm is refused when opened for writing instead of faulting later. Linux only:
 * both need /dev/shm (Windows cannot shrink a mapped section).
 */
@EnabledOnOs(OS.LINUX)
class MemoryFaultIT {
    @Test
    void aPeerThatShrinksTheObjectMakesCopiesAndAccessorsThrow() {
        String name = TestSupport.uniqueName("shrunk");
        try {
            // In a child JVM: before the fix, the bulk copy died with SIGBUS in memcpy.
            TestSupport.Result r = TestSupport.runChild("shrunk-copy", name);
            assertEquals(0, r.exit(), "the JVM survives: " + r);
            // JDK 17 reports the fault asynchronously, as InternalError just after the call;
            // where the JDK reports it at once, shm4j's copies turn it into its own type.
            String copies = Runtime.version().feature() >= 25 ? "MemoryFaultException"
                    : "(MemoryFaultException|InternalError)";
            assertTrue(r.output().matches("(?s).*get " + copies + ".*"), r.output());
            assertTrue(r.output().matches("(?s).*put " + copies + ".*"), r.output());
            assertTrue(r.output().matches("(?s).*getLong (MemoryFaultException|InternalError).*"), r.output());
            assertTrue(r.output().matches("(?s).*buffer (MemoryFaultException|InternalError).*"), r.output());
        } finally {
            TestSupport.removeQuietly(name);
        }
    }

    @Test
    void aSparseForeignObjectOnAFullDevShmIsRefusedAtOpen() {
        List<String> probe = List.of("unshare", "-m", "--propagation", "private", "true");
        TestSupport.Result works = TestSupport.run(probe);
        org.junit.jupiter.api.Assumptions.assumeTrue(works.exit() == 0,
                "needs a private mount namespace (unshare -m: root or CAP_SYS_ADMIN): " + works);
        String name = TestSupport.uniqueName("sparse");
        // An 8 MiB /dev/shm of its own: a 6 MiB sparse object made the way C's shm_open +
        // ftruncate (or Python's SharedMemory) makes it, then a filler that leaves 4 MiB.
        List<String> cmd = new ArrayList<>(List.of("unshare", "-m", "--propagation", "private", "sh", "-c",
                "mount -t tmpfs -o size=8m tmpfs /dev/shm && truncate -s 6M /dev/shm/" + name
                        + " && fallocate -l 4M /dev/shm/filler && exec \"$@\"", "sh"));
        cmd.addAll(TestSupport.childCommand("open", name));
        TestSupport.Result r = TestSupport.run(cmd);
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.output().startsWith("EXCEPTION InsufficientSpaceException ENOSPC: cannot open shared memory '"
                + name + "': insufficient space"), r.output());
    }
}
