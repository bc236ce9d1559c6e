/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.shm4j.modulepath.ModulePathProbe;
import io.github.shm4j.testkit.ChildProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The library as a named module, as a modular application sees it (the other tests use the class path). */
class ModuleIT {
    /**
     * The module resolves with what it requires, and the mutex fast path gets the way of
     * access that it gets on the class path (Unsafe, through {@code jdk.unsupported}, before
     * JDK 24).
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void onTheModulePathAMutexLocksWithTheSameWayOfAccessAsOnTheClassPath() throws Exception {
        Path api = TestSupport.packagedApiJar();
        Path probe = Path.of(ModulePathProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> command = List.of(TestSupport.java(), "--enable-native-access=io.github.shm4j",
                "--module-path", api.toString(), "--add-modules", "io.github.shm4j",
                "--add-exports", "io.github.shm4j/io.github.shm4j.internal=ALL-UNNAMED",
                "-cp", probe.toString(), ModulePathProbe.class.getName(), TestSupport.uniqueName("module"));
        Process p = ChildProcess.startProcess(new ProcessBuilder(command).redirectErrorStream(true));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe ended");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("module io.github.shm4j\n"), "the library ran as its named module: " + out);
        String expected = Runtime.version().feature() < 24 ? "unsafe" : "buffer";
        assertTrue(out.contains("words " + expected + "\n"), "expected " + expected + ": " + out);
    }
}
