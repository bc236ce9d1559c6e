/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A process whose uid has no passwd entry ({@code docker run -u 12345}, OpenShift)
 * loads the library and uses shm4j: its {@code user.name} is "?", so nothing may look
 * the user up by name. Linux only, and needs root to switch to that uid (setpriv).
 */
@EnabledOnOs(OS.LINUX)
class ContainerUidIT {
    private static final int UID = 12345; // no passwd entry on any test machine we know

    @Test
    void aUidWithoutAPasswdEntryLoadsTheLibraryAndCreates() throws Exception {
        TestSupport.Result probe = TestSupport.run(List.of("setpriv", "--reuid=" + UID, "--regid=" + UID,
                "--clear-groups", "true"));
        Assumptions.assumeTrue(probe.exit() == 0, "needs setpriv and root to run as uid " + UID + ": " + probe);
        Assumptions.assumeTrue(TestSupport.run(List.of("getent", "passwd", String.valueOf(UID))).exit() != 0,
                "uid " + UID + " has a passwd entry on this machine");
        Path copy = Files.createTempDirectory("shm4j-classpath");
        Path tmp = Files.createTempDirectory("shm4j-uid");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        String name = TestSupport.uniqueName("uid");
        try {
            String classPath = TestSupport.readableClassPath(copy);
            List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + UID, "--regid=" + UID,
                    "--clear-groups", TestSupport.java(), "--enable-native-access=ALL-UNNAMED",
                    "-Djava.io.tmpdir=" + tmp, "-cp", classPath, Child.class.getName(), "create", name, "4096"));
            assertEquals("created 4096", TestSupport.runOk(cmd));
            assertEquals(UID, (Integer) Files.getAttribute(tmp.resolve("shm4j-" + UID), "unix:uid"),
                    "extracted into a folder named by, and owned by, the numeric uid");
        } finally {
            deleteTree(tmp);
            deleteTree(copy);
            TestSupport.removeQuietly(name);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
