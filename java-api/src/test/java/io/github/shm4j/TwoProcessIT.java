/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** A second JVM, and Python, see what this one wrote, and the other way round. */
class TwoProcessIT {

    @Test
    void aSecondJvmOpensReadsAndWritesANamedObject() {
        String name = TestSupport.uniqueName("two-jvm");
        try (SharedMemory shm = SharedMemory.create(name, 65536);
                MappedView view = shm.map(0, 4096, Access.READ_WRITE)) {
            view.putString(0, "Grüße from JVM one", StandardCharsets.UTF_16LE);
            view.putIntVolatile(1024, 41);

            assertEquals("read Grüße from JVM one", TestSupport.runChildOk("read-string", name));
            assertEquals("before 41", TestSupport.runChildOk("write-string", name, "reply from JVM two"));

            assertEquals("reply from JVM two", view.getString(512, StandardCharsets.UTF_8));
            assertEquals(42, view.getIntVolatile(1024));
        } finally {
            TestSupport.removeQuietly(name);
        }
        assertFalse(TestSupport.exists(name));
    }

    @Test
    void aSecondJvmSharesAFileBackedObject(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("shared.bin");
        try (SharedMemory shm = SharedMemory.openFile(file, 8192, Access.READ_WRITE);
                MappedView view = shm.map(0, 8192, Access.READ_WRITE)) {
            assertEquals(8192, Files.size(file));
            view.putString(0, "from the parent", StandardCharsets.UTF_8);

            assertEquals("read from the parent", TestSupport.runChildOk("file", file.toString(), "from the child"));

            // the child's write is in our mapping (same pages) and in the file (it forced it)
            assertEquals("from the child", view.getString(4096, StandardCharsets.UTF_8));
            byte[] content = Files.readAllBytes(file);
            assertEquals("from the child", new String(content, 4096, "from the child".length(),
                    StandardCharsets.UTF_8));
            assertEquals(8192, content.length);
        }
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "Linux-only: needs python3 on the PATH, which the Wine prefix has not")
    void pythonReadsWhatJavaWrote() {
        String name = TestSupport.uniqueName("python");
        String message = "Message from Java to Python ✓";
        try (SharedMemory shm = SharedMemory.create(name, 4096);
                MappedView view = shm.map(0, 4096, Access.READ_WRITE)) {
            view.putString(0, message, StandardCharsets.UTF_16LE);
            String script = String.join("\n",
                    "import sys",
                    "sys.stdout.reconfigure(encoding='utf-8')",
                    "from multiprocessing import shared_memory, resource_tracker",
                    "if sys.version_info >= (3, 13):",
                    "    s = shared_memory.SharedMemory(name=sys.argv[1], track=False)",
                    "else:",
                    "    s = shared_memory.SharedMemory(name=sys.argv[1])",
                    "    resource_tracker.unregister(s._name, 'shared_memory')",
                    "print(bytes(s.buf[:128]).decode('utf-16-le').split('\\0')[0])",
                    "print(s.size >= 4096)",
                    "s.close()");
            TestSupport.Result r = TestSupport.run(List.of("python3", "-c", script, name));
            assertEquals(0, r.exit(), r::toString);
            assertEquals(message + "\nTrue", r.output());
            // Python did not unlink it: a new open still works
            try (SharedMemory again = SharedMemory.open(name, Access.READ_ONLY)) {
                assertEquals(4096, again.size());
            }
        } finally {
            TestSupport.removeQuietly(name);
        }
    }
}
