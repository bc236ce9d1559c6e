/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promises of README.md ("What the API promises"), each by a test that fails
 * when the promise breaks. Linux-only checks (modes, links, /dev/shm) say so and skip
 * elsewhere (a failure under {@code SHM4J_REQUIRE_ALL=1}).
 */
class ReadmePromisesIT {

    private static Set<PosixFilePermission> mode(String name) throws IOException {
        return Files.getPosixFilePermissions(TestSupport.DEV_SHM.resolve(name), LinkOption.NOFOLLOW_LINKS);
    }

    // ---- errors you can act on ----------------------------------------------------------

    /** The README's example message, with the OS's text taken from the exception (it depends on the locale). */
    @Test
    void aMissingObjectGivesTheMessageTheReadmeShows() {
        String name = "Local\\" + TestSupport.uniqueName("missing");
        NotFoundException e = assertThrows(NotFoundException.class, () -> SharedMemory.open(name, Access.READ_ONLY));
        boolean windows = io.github.shm4j.internal.Platform.isWindows();
        String code = windows ? "ERROR_FILE_NOT_FOUND, error 2" : "ENOENT, errno 2";
        assertFalse(e.errorText().isBlank(), "the OS's text");
        assertEquals("cannot open shared memory '" + name + "': no such object (" + code + ": " + e.errorText() + ")",
                e.getMessage());
        assertEquals("open", e.operation());
        assertEquals(name, e.objectName());
        assertEquals(2, e.errorCode());
        assertEquals(windows ? "ERROR_FILE_NOT_FOUND" : "ENOENT", e.errorName());
        assertFalse(e.systemCall().isEmpty());
    }

    @Test
    void eachOsFailureHasItsTypeAndAMessageOfTheSameShape() {
        TestSupport.requireLinux("errno values");
        String name = TestSupport.uniqueName("exists");
        try (SharedMemory shm = SharedMemory.create(name, 4096)) {
            AlreadyExistsException e = assertThrows(AlreadyExistsException.class, () -> SharedMemory.create(name, 4096));
            assertEquals("cannot create shared memory '" + name + "': object already exists (EEXIST, errno 17: "
                    + e.errorText() + ")", e.getMessage());
            assertEquals(17, e.errorCode());
            assertEquals("create", e.operation());
            assertEquals(4096, shm.size());
        }
        NotFoundException gone = assertThrows(NotFoundException.class, () -> SharedMemory.remove(name));
        assertEquals("cannot remove shared memory '" + name + "': no such object (ENOENT, errno 2: "
                + gone.errorText() + ")", gone.getMessage());
        assertEquals("remove", gone.operation());
    }

    // ---- nothing leaked: close ------------------------------------------------------------

    @Test
    void closeIsIdempotentAndClosesTheViews() {
        String name = TestSupport.uniqueName("close");
        SharedMemory shm = SharedMemory.create(name, 4096);
        MappedView view = shm.map(0, 4096, Access.READ_WRITE);
        MappedView second = shm.map(0, 64, Access.READ_ONLY);
        view.close();
        view.close();
        assertTrue(view.isClosed());
        assertFalse(second.isClosed());
        assertFalse(shm.isClosed());
        shm.close();
        assertTrue(shm.isClosed());
        assertTrue(second.isClosed(), "closing the object closes its views");
        assertThrows(IllegalStateException.class, () -> second.getByte(0));
        assertFalse(TestSupport.exists(name), "the creator's close removed the name");
        shm.close();
        second.close();
        assertTrue(shm.isClosed());
        // a new object of the same name is not touched by the old one's extra closes
        try (SharedMemory again = SharedMemory.create(name, 4096)) {
            shm.close();
            view.close();
            assertTrue(again.isCreator() && !again.isClosed());
            assertTrue(TestSupport.exists(name));
            try (SharedMemory reader = SharedMemory.open(name, Access.READ_ONLY)) {
                assertEquals(4096, reader.size());
            }
        }
    }

    @Test
    void concurrentClosesOfObjectAndViewsAllReturnAndReleaseOnce() throws Exception {
        for (int round = 0; round < 50; round++) {
            String name = TestSupport.uniqueName("close-race");
            SharedMemory shm = SharedMemory.create(name, 8192);
            List<MappedView> views = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                views.add(shm.map(i * 1024L, 1024, Access.READ_WRITE));
            }
            CountDownLatch go = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int id = t;
                Thread thread = new Thread(() -> {
                    try {
                        go.await();
                        if (id % 2 == 0) {
                            shm.close();
                        } else {
                            views.get(id / 2).close();
                            shm.close();
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                threads.add(thread);
                thread.start();
            }
            go.countDown();
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(60));
                assertFalse(thread.isAlive());
            }
            assertNull(failure.get(), "every close returns normally");
            assertTrue(shm.isClosed());
            assertTrue(views.stream().allMatch(MappedView::isClosed));
            assertFalse(TestSupport.exists(name), "round " + round + ": the name is removed");
        }
    }

    /** Forgotten objects are released with a warning on the io.github.shm4j System.Logger. */
    @Test
    void theCleanerLogsAWarningForAForgottenObject() throws Exception {
        String name = TestSupport.uniqueName("forgotten-warning");
        try (LogCapture log = LogCapture.start()) {
            List<LogRecord> records = log.records();
            forget(name);
            String object = "shared memory '" + name + "'";
            String view = "a view of " + object + " (further ones are not reported)";
            String tail = " was not closed and has been released by the garbage collector; close it"
                    + " (try-with-resources, Kotlin's use) to release it on time";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!(logged(records, object + tail) && logged(records, view + tail))
                    && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(20);
            }
            for (String message : List.of(object + tail, view + tail)) {
                LogRecord record = records.stream().filter(r -> r.getMessage().equals(message)).findFirst()
                        .orElseThrow(() -> new AssertionError("no warning '" + message + "' among " + records.stream()
                                .map(LogRecord::getMessage).toList()));
                assertEquals(Level.WARNING, record.getLevel());
                assertEquals("io.github.shm4j", record.getLoggerName());
            }
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (TestSupport.exists(name) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(TestSupport.exists(name), "and the cleaner removed the name");
        } finally {
            TestSupport.removeQuietly(name);
        }
    }

    private static boolean logged(List<LogRecord> records, String message) {
        return records.stream().anyMatch(r -> r.getMessage().equals(message));
    }

    private static void forget(String name) {
        SharedMemory.create(name, 4096).map(0, 64, Access.READ_WRITE).putInt(0, 1);
    }

    // ---- no SIGBUS -------------------------------------------------------------------------

    /** More than all of /dev/shm: refused at create (the memory is reserved), and no name is left. */
    @Test
    void anObjectLargerThanDevShmFailsAtCreate() throws IOException {
        TestSupport.requireLinux("the size of /dev/shm");
        String name = TestSupport.uniqueName("too-big");
        long size = Files.getFileStore(TestSupport.DEV_SHM).getTotalSpace() + (64 << 20);
        InsufficientSpaceException e = assertThrows(InsufficientSpaceException.class,
                () -> SharedMemory.create(name, size));
        assertEquals("ENOSPC", e.errorName(), e.getMessage());
        assertTrue(e.getMessage().startsWith("cannot create shared memory '" + name + "': insufficient space (ENOSPC"),
                e.getMessage());
        assertFalse(TestSupport.exists(name), "no half-made object is left");
    }

    // ---- secure defaults ------------------------------------------------------------------

    @Test
    void newObjectsAreOwnerOnlyWhateverTheUmask() throws IOException {
        TestSupport.requireLinux("POSIX mode bits in /dev/shm");
        String name = TestSupport.uniqueName("mode");
        try (SharedMemory shm = SharedMemory.create(name, 4096)) {
            assertEquals(PosixFilePermissions.fromString("rw-------"), mode(name), shm.toString());
        }
        try (SharedMemory shm = SharedMemory.openOrCreate(name, 4096)) {
            assertTrue(shm.isCreator());
            assertEquals(PosixFilePermissions.fromString("rw-------"), mode(name));
        }
        // bits a usual umask (022) removes, and none: applied exactly either way
        for (String wanted : List.of("rw-rw-rw-", "rw-rw----", "r--------", "rw----r--")) {
            try (SharedMemory shm = SharedMemory.create(name, 4096,
                    CreateOptions.defaults().withPermissions(PosixFilePermissions.fromString(wanted)))) {
                assertEquals(PosixFilePermissions.fromString(wanted), mode(name), shm.toString());
            }
        }
    }

    @Test
    void aNewMappedFileIsOwnerOnly(@TempDir Path dir) throws IOException {
        TestSupport.requireLinux("POSIX mode bits");
        Path file = dir.resolve("new.bin");
        try (SharedMemory shm = SharedMemory.openFile(file, 4096, Access.READ_WRITE)) {
            assertEquals(PosixFilePermissions.fromString("rw-------"),
                    Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
            assertEquals(4096, Files.size(file));
            assertEquals(4096, shm.size());
        }
    }

    /** A link planted at the name is never followed: neither create nor open reaches its target. */
    @Test
    void aSymbolicLinkAtTheNameIsNotFollowed() throws IOException {
        TestSupport.requireLinux("symbolic links in /dev/shm");
        String name = TestSupport.uniqueName("link");
        String targetName = TestSupport.uniqueName("link-target");
        Path link = TestSupport.DEV_SHM.resolve(name);
        Path target = TestSupport.DEV_SHM.resolve(targetName);
        Path dangling = TestSupport.DEV_SHM.resolve(TestSupport.uniqueName("link-nowhere"));
        Files.write(target, "victim".getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        Files.createSymbolicLink(link, target);
        try {
            assertThrows(AlreadyExistsException.class, () -> SharedMemory.create(name, 4096));
            SharedMemoryException open = assertThrows(SharedMemoryException.class,
                    () -> SharedMemory.open(name, Access.READ_WRITE));
            assertEquals("ELOOP", open.errorName(), open.getMessage());
            assertThrows(SharedMemoryException.class, () -> SharedMemory.openOrCreate(name, 4096));
            assertEquals("victim", Files.readString(target), "the target is untouched");
            assertEquals(PosixFilePermissions.fromString("rw-------"), mode(targetName));
            assertTrue(Files.isSymbolicLink(link), "and the link is left alone");

            // a dangling link: create must not make its target
            Files.delete(link);
            Files.createSymbolicLink(link, dangling);
            assertThrows(AlreadyExistsException.class, () -> SharedMemory.create(name, 4096));
            assertFalse(Files.exists(dangling, LinkOption.NOFOLLOW_LINKS), "no file created through the link");
        } finally {
            Files.deleteIfExists(link);
            Files.deleteIfExists(target);
            Files.deleteIfExists(dangling);
        }
    }

    // ---- openOrCreate -----------------------------------------------------------------------

    @Test
    void openOrCreateOpensAnExistingObjectForWriting() {
        String name = TestSupport.uniqueName("ooc");
        try (SharedMemory creator = SharedMemory.create(name, 8192);
                MappedView seen = creator.map(0, 64, Access.READ_ONLY)) {
            try (SharedMemory opened = SharedMemory.openOrCreate(name, 4096);
                    MappedView view = opened.map(0, 64, Access.READ_WRITE)) {
                assertFalse(opened.isCreator());
                assertEquals(Access.READ_WRITE, opened.access());
                assertEquals(8192, opened.size(), "an existing object keeps its own size");
                view.putInt(0, 1234);
                assertEquals(1234, seen.getInt(0), "its writes reach the object");
            }
            assertTrue(TestSupport.exists(name), "an opener's close leaves the name");
        }
        assertFalse(TestSupport.exists(name));
        try (SharedMemory made = SharedMemory.openOrCreate(name, 4096,
                CreateOptions.defaults().withLifetime(NameLifetime.PERSISTENT))) {
            assertTrue(made.isCreator());
            assertEquals(4096, made.size());
            assertEquals(Access.READ_WRITE, made.access());
        }
        if (TestSupport.linux()) { // Windows: a name always dies with its last handle
            assertTrue(TestSupport.exists(name), "the options were applied: the name outlives its creator");
        }
        SharedMemory.remove(name);
    }

    /**
     * openOrCreate against a peer that keeps creating and removing the name: whenever it
     * loses a race (exists at create, gone at open) it tries again, so it never reports
     * that the name exists, and gives up with NotFoundException only after
     * {@code OpenOrCreate.ROUNDS} lost races in a row.
     */
    @Test
    void openOrCreateRetriesWhenTheNameVanishesBetweenCreateAndOpen() throws Exception {
        TestSupport.requireLinux("a peer that removes the name (Windows names cannot be removed)");
        String name = TestSupport.uniqueName("ooc-race");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread peer = new Thread(() -> {
            while (!stop.get()) {
                try (SharedMemory shm = SharedMemory.create(name, 8192)) {
                    assertEquals(8192, shm.size());
                } catch (AlreadyExistsException e) {
                    // ours exists: fine
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }
        });
        peer.start();
        int created = 0;
        int opened = 0;
        int gaveUp = 0;
        try {
            for (int i = 0; i < 3000; i++) {
                try (SharedMemory shm = SharedMemory.openOrCreate(name, 4096)) {
                    assertEquals(Access.READ_WRITE, shm.access());
                    long size = shm.size();
                    assertTrue(shm.isCreator() ? size == 4096 : size == 8192, "never a half-made object: size " + size);
                    if (shm.isCreator()) {
                        created++;
                    } else {
                        opened++;
                    }
                } catch (NotFoundException e) {
                    gaveUp++;
                }
            }
        } finally {
            stop.set(true);
            peer.join(TimeUnit.SECONDS.toMillis(60));
            TestSupport.removeQuietly(name);
        }
        assertNull(failure.get());
        System.out.println("openOrCreate against a racing peer: created " + created + ", opened " + opened
                + ", gave up " + gaveUp);
        assertTrue(created > 0 && opened > 0, "both branches ran: created " + created + ", opened " + opened);
        assertTrue(gaveUp < 3000 / 20, "gave up only after many lost races in a row: " + gaveUp + " of 3000");
    }

    // ---- names ----------------------------------------------------------------------------

    @Test
    void theLongestNameWorksAndOneByteMoreIsRefused() {
        TestSupport.requireLinux("NAME_MAX of /dev/shm (255 bytes)");
        String prefix = TestSupport.uniqueName("long") + "-";
        String longest = prefix + "x".repeat(255 - prefix.length());
        String multiByte = prefix + "é".repeat((255 - prefix.length()) / 2) + "x".repeat((255 - prefix.length()) % 2);
        assertEquals(255, multiByte.getBytes(StandardCharsets.UTF_8).length);
        for (String name : List.of(longest, "Local\\" + longest, multiByte)) {
            try (SharedMemory shm = SharedMemory.create(name, 4096)) {
                assertTrue(shm.isCreator());
                try (SharedMemory again = SharedMemory.open(name, Access.READ_ONLY)) {
                    assertEquals(4096, again.size());
                }
            }
        }
        for (String name : List.of(longest + "x", "Global\\" + longest + "x", multiByte + "x")) {
            InvalidNameException e = assertThrows(InvalidNameException.class, () -> SharedMemory.create(name, 4096));
            assertEquals("cannot create shared memory '" + name + "': invalid name (longer than 255 bytes in UTF-8)",
                    e.getMessage());
        }
        assertFalse(TestSupport.exists(longest));
        assertNotEquals(longest, multiByte);
    }

    // ---- force ----------------------------------------------------------------------------

    /**
     * force() of a file-backed view syncs it: seen as the system call it makes, since a
     * file shares its pages with every mapping and reader, so nothing short of a crash
     * would show a force that did nothing.
     */
    @Test
    void forceSyncsTheViewToTheFile(@TempDir Path dir) throws IOException {
        TestSupport.requireLinux("strace");
        TestSupport.require(TestSupport.run(List.of("strace", "-f", "-o", "/dev/null", "true")).exit() == 0,
                "strace is missing or may not trace here (CI installs it)");
        Path file = dir.resolve("forced.bin");
        Path trace = dir.resolve("trace.txt");
        List<String> command = new ArrayList<>(List.of("strace", "-f", "-e", "trace=msync", "-o", trace.toString()));
        command.addAll(TestSupport.childCommand("file", file.toString(), "forced"));
        TestSupport.Result r = TestSupport.run(command);
        assertEquals(0, r.exit(), r::toString);
        List<String> lines = Files.readAllLines(trace);
        // the child maps 8192 bytes at offset 0 and forces them: one synchronous msync of that range,
        // in one line, or split in two when another thread's event came between its start and its
        // end ("PID msync(... <unfinished ...>", then "PID <... msync resumed>) = 0")
        String call = "msync\\(0x[0-9a-f]+, 8192, MS_SYNC";
        boolean whole = lines.stream().anyMatch(l -> l.matches(".*" + call + "\\) += 0.*"));
        boolean split = lines.stream().filter(l -> l.matches("\\d+ +" + call + " <unfinished \\.\\.\\.>"))
                .map(l -> l.substring(0, l.indexOf(' ')))
                .anyMatch(pid -> lines.stream().anyMatch(l -> l.matches(pid + " +<\\.\\.\\. msync resumed>\\) += 0.*")));
        assertTrue(whole || split, "msync calls: " + lines);
        byte[] content = Files.readAllBytes(file);
        assertEquals("forced", new String(content, 4096, 6, StandardCharsets.UTF_8));
    }

    // ---- cross-process ordering: see AtomicsIT and CrossProcessAtomicsIT -----------------

    /** A READ_ONLY object really is opened read-only: even the buffer refuses writes. */
    @Test
    void readOnlyMeansReadOnly() {
        String name = TestSupport.uniqueName("ro");
        AtomicInteger refused = new AtomicInteger();
        try (SharedMemory shm = SharedMemory.create(name, 4096);
                SharedMemory ro = SharedMemory.open(name, Access.READ_ONLY);
                MappedView view = ro.map(0, 4096, Access.READ_ONLY)) {
            assertEquals(Access.READ_ONLY, ro.access());
            assertThrows(IllegalArgumentException.class, () -> ro.map(0, 1, Access.READ_WRITE));
            assertTrue(view.buffer().isReadOnly());
            try {
                view.putInt(0, 1);
            } catch (java.nio.ReadOnlyBufferException e) {
                refused.incrementAndGet();
            }
            assertEquals(1, refused.get());
            try (MappedView cow = ro.map(0, 4096, Access.COPY_ON_WRITE);
                    MappedView check = shm.map(0, 4096, Access.READ_ONLY)) {
                cow.putInt(0, 99);
                assertEquals(99, cow.getInt(0), "a copy-on-write view sees its own write");
                assertEquals(0, check.getInt(0), "which never reaches the object");
            }
        }
    }
}
