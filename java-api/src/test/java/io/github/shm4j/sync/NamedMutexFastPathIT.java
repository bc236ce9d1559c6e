/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.sync;

import static io.github.shm4j.sync.NamedMutexFastPath.HEAD_LIST;
import static io.github.shm4j.sync.NamedMutexFastPath.HEAD_PENDING;
import static io.github.shm4j.sync.NamedMutexFastPath.HEAD_PREV;
import static io.github.shm4j.sync.NamedMutexFastPath.INT;
import static io.github.shm4j.sync.NamedMutexFastPath.LOCK;
import static io.github.shm4j.sync.NamedMutexFastPath.LONG;
import static io.github.shm4j.sync.NamedMutexFastPath.NEXT;
import static io.github.shm4j.sync.NamedMutexFastPath.OWNER;
import static io.github.shm4j.sync.NamedMutexFastPath.PREV;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The mutex fast path, white-box: where it runs, and that a lock and an unlock through
 * it leave the thread's robust list and the mutex exactly as glibc's own leave them.
 * (Its behaviour, owner death included, is what every mutex test exercises.)
 */
class NamedMutexFastPathIT {
    private static String name(String what) {
        return "shm4j-it-" + ProcessHandle.current().pid() + "-fast-" + what;
    }

    /** x86-64 glibc Linux (this project's CI and the Debian machines it names). */
    @Test
    @EnabledOnOs(OS.LINUX)
    @EnabledIfSystemProperty(named = "os.arch", matches = "amd64")
    void onX86LinuxALockAndUnlockGoThroughTheFastPathAndLinkAsGlibcDoes() {
        try (NamedMutex m = NamedMutex.create(name("links"))) {
            NamedMutexFastPath f = m.fastPath();
            assertNotNull(f, "the mutex has a fast path");
            NamedMutexFastPath.ThreadList t = NamedMutexFastPath.thread(Thread.currentThread(), null);
            assertNotNull(t, "the native probe accepted this thread");
            ByteBuffer h = t.window;
            assertNotNull(h);
            ByteBuffer v = f.view;
            assertEquals(t.head, (long) LONG.get(h, HEAD_LIST), "an empty list links its head to itself");
            assertEquals(SyncNative.threadId(), t.tid);

            // where the fast path writes by address (MappedWords, JDK 17 to 23), these reads
            // through the buffers check that the addresses are the buffers' memory
            m.lock();
            assertEquals(f.entry, (long) LONG.get(h, HEAD_LIST), "the mutex heads the thread's robust list");
            assertEquals(f.entry, (long) LONG.get(h, HEAD_PREV), "glibc's robust_prev");
            assertEquals(0L, (long) LONG.get(h, HEAD_PENDING), "list_op_pending cleared");
            assertEquals(t.tid, (int) INT.get(v, LOCK), "the lock word holds the TID");
            assertEquals(t.tid, (int) INT.get(v, OWNER), "__owner");
            assertEquals(t.head, (long) LONG.get(v, NEXT), "the entry links back to the head");
            assertEquals(t.head, (long) LONG.get(v, PREV));

            m.unlock();
            assertEquals(t.head, (long) LONG.get(h, HEAD_LIST), "empty again");
            assertEquals(t.head, (long) LONG.get(h, HEAD_PREV));
            assertEquals(0L, (long) LONG.get(h, HEAD_PENDING));
            assertEquals(0, (int) INT.get(v, LOCK), "free");
            assertEquals(0, (int) INT.get(v, OWNER));
        }
    }

    /** A nested lock goes through glibc, and each unlock finds the list as the other left it. */
    @Test
    @EnabledOnOs(OS.LINUX)
    @EnabledIfSystemProperty(named = "os.arch", matches = "amd64")
    void nestedMutexesShareTheListWithGlibc() {
        try (NamedMutex a = NamedMutex.create(name("nest-a")); NamedMutex b = NamedMutex.create(name("nest-b"))) {
            NamedMutexFastPath fa = a.fastPath();
            NamedMutexFastPath fb = b.fastPath();
            assertNotNull(fa);
            assertNotNull(fb);
            NamedMutexFastPath.ThreadList t = NamedMutexFastPath.thread(Thread.currentThread(), null);
            assertNotNull(t);
            ByteBuffer h = t.window;
            assertNotNull(h);
            a.lock();
            b.lock(); // the list is not empty: glibc links b in front of a
            assertEquals(fb.entry, (long) LONG.get(h, HEAD_LIST));
            assertEquals(fa.entry, (long) LONG.get(fb.view, NEXT));
            assertEquals(fb.entry, (long) LONG.get(fa.view, PREV), "glibc set a's back link");
            a.unlock(); // not the only entry: glibc unlinks it
            assertEquals(fb.entry, (long) LONG.get(h, HEAD_LIST));
            assertEquals(t.head, (long) LONG.get(fb.view, NEXT), "b alone now");
            assertEquals(0, (int) INT.get(fa.view, LOCK));
            b.unlock(); // the only entry: the fast path
            assertEquals(t.head, (long) LONG.get(h, HEAD_LIST));
            assertEquals(t.head, (long) LONG.get(h, HEAD_PREV));
            assertEquals(0, (int) INT.get(fb.view, LOCK));
            assertTrue(a.tryLock());
            a.unlock();
        }
    }

    @Test
    @EnabledOnOs(OS.WINDOWS)
    void onWindowsThereIsNoFastPath() {
        try (NamedMutex m = NamedMutex.create(name("win"))) {
            assertNull(m.fastPath(), "a Win32 mutex is a kernel object");
            assertNull(NamedMutexFastPath.thread(Thread.currentThread(), null));
            m.lock();
            assertTrue(m.isHeldByCurrentThread());
            m.unlock();
        }
    }

    /** The inode of /dev/shm/NAME (created in an unnamed file, it shows in the maps by inode). */
    private static long inode(String name) throws IOException {
        return ((Number) Files.getAttribute(Path.of("/dev/shm", name), "unix:ino")).longValue();
    }

    /** Whether this process maps a /dev/shm file of this inode. */
    private static boolean mapped(long inode) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().map(l -> l.split("\\s+"))
                .anyMatch(f -> f.length > 5 && f[5].startsWith("/dev/shm/") && f[4].equals(Long.toString(inode)));
    }

    private static void collect(WeakReference<?> ref) throws InterruptedException {
        for (int i = 0; i < 200 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(ref.get(), "collected");
        for (int i = 0; i < 20; i++) { // and its cleaners ran
            System.gc();
            Thread.sleep(10);
        }
    }

    /** The fast path's mapping handle is gone: its cleaner unmapped the range. */
    private static void assertUnmapped(long mapping) {
        assertThrows(io.github.shm4j.internal.NativeException.class, () -> SyncNative.mappingAddress(mapping),
                "the mapping handle is gone: unmapped");
    }

    /** A new mutex, locked and unlocked once through the fast path. */
    private static NamedMutex lockedAndUnlocked(String name) {
        NamedMutex m = NamedMutex.create(name);
        m.lock();
        m.unlock();
        return m;
    }

    /** close() lets the file's pages go at once, though the fast path keeps its address range. */
    @Test
    @EnabledOnOs(OS.LINUX)
    @EnabledIfSystemProperty(named = "os.arch", matches = "amd64")
    void aClosedMutexNoLongerMapsItsFile() throws Exception {
        String name = name("closed");
        NamedMutex m = lockedAndUnlocked(name);
        long inode = inode(name);
        assertTrue(mapped(inode));
        m.close();
        assertFalse(mapped(inode), "the file is no longer mapped");
        assertThrows(IllegalStateException.class, m::lock);
    }

    /** A forgotten mutex is closed by its cleaner, and its address range unmapped once collected. */
    @Test
    @EnabledOnOs(OS.LINUX)
    @EnabledIfSystemProperty(named = "os.arch", matches = "amd64")
    void aForgottenMutexIsClosedAndUnmapped() throws Exception {
        String name = name("forgotten");
        NamedMutex m = lockedAndUnlocked(name);
        long inode = inode(name);
        NamedMutexFastPath f = m.fastPath();
        assertNotNull(f);
        long mapping = f.mapping;
        assertTrue(mapped(inode));
        WeakReference<NamedMutex> ref = new WeakReference<>(m);
        WeakReference<NamedMutexFastPath> fastRef = new WeakReference<>(f);
        m = null;
        f = null;
        collect(ref);
        collect(fastRef);
        assertFalse(mapped(inode), "closed by the cleaner");
        assertUnmapped(mapping);
    }

    /**
     * A mutex closed while another thread holds it is released at that thread's unlock,
     * and nothing keeps its address range after: it is unmapped once collected.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    @EnabledIfSystemProperty(named = "os.arch", matches = "amd64")
    void aMutexClosedWhileAnotherThreadHoldsItIsReleasedAtTheUnlockAndThenUnmapped() throws Exception {
        String name = name("closed-held");
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            NamedMutex m = NamedMutex.create(name);
            thread.submit(m::lock).get();
            long inode = inode(name);
            m.close();
            assertTrue(mapped(inode), "held by the other thread: the handle stays");
            thread.submit(m::unlock).get();
            assertFalse(mapped(inode), "released at the unlock");
            NamedMutexFastPath f = m.fastPath();
            assertNotNull(f);
            long mapping = f.mapping;
            WeakReference<NamedMutexFastPath> fastRef = new WeakReference<>(f);
            f = null;
            m = null;
            collect(fastRef);
            assertUnmapped(mapping);
        } finally {
            thread.shutdown();
        }
    }

    /**
     * A mutex forgotten while a thread holds it stays mapped: it is linked into that
     * thread's robust list, which glibc writes through when the thread locks another one.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    @EnabledIfSystemProperty(named = "os.arch", matches = "amd64")
    void aMutexForgottenWhileHeldStaysMapped() throws Exception {
        String held = name("held-forgotten");
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (NamedMutex other = NamedMutex.create(name("other"))) {
            WeakReference<NamedMutex> ref = thread.submit(() -> {
                NamedMutex m = NamedMutex.create(held);
                m.lock();
                return new WeakReference<>(m);
            }).get();
            long inode = inode(held);
            assertTrue(mapped(inode));
            collect(ref);
            assertTrue(mapped(inode), "still mapped");
            thread.submit(() -> {
                other.lock(); // glibc links it in front of the forgotten one, writing into its mapping
                other.unlock();
            }).get();
            assertTrue(mapped(inode));
        } finally {
            thread.shutdown();
            // the forgotten handle stays open until this JVM ends, and with it the name
            Files.deleteIfExists(Path.of("/dev/shm", held));
        }
    }
}
