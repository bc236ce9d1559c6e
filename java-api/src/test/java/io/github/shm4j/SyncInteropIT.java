/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.shm4j.testkit.ChildProcess;
import io.github.shm4j.sync.EventReset;
import io.github.shm4j.sync.NamedEvent;
import io.github.shm4j.sync.NamedMutex;
import io.github.shm4j.sync.NamedSemaphore;
import io.github.shm4j.sync.OwnerDiedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Java against a C program that knows only the documented Linux layout
 * (native/src/main/c/shm4j_sync.h): native/src/test/c/sync_peer.c, compiled here.
 */
@EnabledOnOs(OS.LINUX)
class SyncInteropIT {
    private static final Path NATIVE = Path.of("..", "native", "src");
    private static Path peer;

    @BeforeAll
    static void compile() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "sync-interop"));
        peer = dir.resolve("sync_peer");
        TestSupport.runOk(List.of("gcc", "-std=c11", "-O2", "-Wall", "-Wextra", "-Werror",
                "-I" + NATIVE.resolve("main/c"), "-o", peer.toString(),
                NATIVE.resolve("test/c/sync_peer.c").toString(), "-lpthread"));
    }

    private static ChildProcess c(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(peer.toString()));
        cmd.addAll(List.of(args));
        return ChildProcess.start(cmd);
    }

    @Test
    void mutexWithC() throws Exception {
        TestSupport.requireRobustFutexes();
        String name = TestSupport.uniqueName("mutex");
        try (NamedMutex m = NamedMutex.create(name)) {
            try (ChildProcess holder = c("hold", name)) {
                holder.expect("locked");
                assertFalse(m.tryLock());
                holder.send("go");
                holder.expect("unlocked");
                assertTrue(m.tryLock(Duration.ofSeconds(10)));
            }
            try (ChildProcess waiter = c("lock", name)) {
                Thread.sleep(100);
                m.unlock();
                waiter.expect("locked");
                waiter.expect("unlocked");
            }
            try (ChildProcess holder = c("hold", name)) { // C dies holding it: Java sees it
                holder.expect("locked");
                holder.kill();
            }
            assertThrows(OwnerDiedException.class, m::lock);
            m.unlock();
            Thread t = new Thread(m::lock); // a Java thread ends holding it: C sees a dead owner
            t.start();
            t.join();
            try (ChildProcess next = c("lock", name)) {
                next.expect("owner-died");
                next.expect("unlocked");
            }
            assertTrue(m.tryLock(), "C repaired it"); // and this ends the dead thread's hold
            m.unlock();
        }
        assertFalse(TestSupport.exists(name), "the last close removed the name");
    }

    @Test
    void eventWithC() throws Exception {
        String name = TestSupport.uniqueName("event");
        try (NamedEvent e = NamedEvent.create(name, EventReset.AUTO, false)) {
            try (ChildProcess waiter = c("wait", name, "30000")) {
                Thread.sleep(100);
                e.set();
                waiter.expect("set");
            }
            try (ChildProcess setter = c("set", name)) {
                assertTrue(e.await(Duration.ofSeconds(30)));
                assertEquals(0, setter.awaitExit());
            }
            try (ChildProcess waiter = c("wait", name, "50")) {
                waiter.expect("timeout");
            }
        }
        String made = TestSupport.uniqueName("event");
        try (ChildProcess creator = c("create-event", made)) { // created by C, set by Java
            creator.expect("ready");
            try (NamedEvent e = NamedEvent.open(made)) {
                e.set();
            }
            creator.expect("set");
            assertEquals(0, creator.awaitExit());
        }
        assertFalse(TestSupport.exists(made), "the last user (C) removed the name");
    }

    @Test
    void semaphoreWithC() throws Exception {
        String name = TestSupport.uniqueName("sem");
        try (NamedSemaphore s = NamedSemaphore.create(name, 0, 2)) {
            try (ChildProcess waiter = c("acquire", name, "30000")) {
                Thread.sleep(100);
                assertEquals(0, s.release());
                waiter.expect("acquired");
            }
            try (ChildProcess releaser = c("release", name, "2")) {
                releaser.expect("0");
            }
            try (ChildProcess releaser = c("release", name, "1")) {
                releaser.expect("full");
            }
            assertTrue(s.tryAcquire());
            assertTrue(s.tryAcquire());
            assertFalse(s.tryAcquire());
        }
    }
}
