/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.shm4j.sync.EventReset;
import io.github.shm4j.sync.NamedEvent;
import io.github.shm4j.sync.NamedMutex;
import io.github.shm4j.sync.NamedSemaphore;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Lifecycle paths in one JVM (PIT mutates in-process): the garbage collector's part
 * (forgotten sync objects, a buffer that outlives its view and object, the bound on
 * ranges waiting for a collection) and force(). Waits for the collector are bounded
 * (60 s) and end as soon as what they wait for has happened.
 */
class LifecycleInProcessIT {
    private static final String FORGOTTEN_TAIL = " was not closed and has been released by the garbage collector;"
            + " close it (try-with-resources, Kotlin's use) to release it on time";

    /** Collects (System.gc) until {@code done}, 60 s at most; returns whether it happened. */
    private static boolean collectUntil(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TestSupport.TIMEOUT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            System.gc();
            Thread.sleep(20);
        }
        return true;
    }

    /** The records logged on io.github.shm4j while {@code body} runs. */
    private static List<LogRecord> logDuring(Attempt.Body body) throws Exception {
        try (LogCapture log = LogCapture.start()) {
            body.run();
            return log.records();
        }
    }

    private static boolean gone(String name) {
        return !TestSupport.exists(name);
    }

    private static void forgetSyncObjects(String mutex, String event, String semaphore) {
        NamedMutex.create(mutex);
        NamedEvent.create(event, EventReset.AUTO, false);
        NamedSemaphore.create(semaphore, 0, 1);
    }

    @Test
    void forgottenSyncObjectsAreReleasedWithAWarning() throws Exception {
        TestSupport.requireLinux("a sync object's name is a file in /dev/shm"); // on Windows it cannot be seen
        String mutex = TestSupport.uniqueName("forgotten-mutex");
        String event = TestSupport.uniqueName("forgotten-event");
        String semaphore = TestSupport.uniqueName("forgotten-sem");
        List<LogRecord> records = logDuring(() -> {
            forgetSyncObjects(mutex, event, semaphore);
            assertTrue(TestSupport.exists(mutex) && TestSupport.exists(event) && TestSupport.exists(semaphore));
            assertTrue(collectUntil(() -> gone(mutex) && gone(event) && gone(semaphore)),
                    "the cleaner closed the forgotten objects, which removed their names");
        });
        for (String what : List.of("mutex '" + mutex + "'", "event '" + event + "'", "semaphore '" + semaphore + "'")) {
            LogRecord record = records.stream().filter(r -> r.getMessage().equals(what + FORGOTTEN_TAIL)).findFirst()
                    .orElseThrow(() -> new AssertionError("no warning for " + what + " among "
                            + records.stream().map(LogRecord::getMessage).toList()));
            assertEquals(Level.WARNING, record.getLevel());
        }
    }

    @Test
    void aClosedSyncObjectIsNotReportedAsForgotten() throws Exception {
        String name = TestSupport.uniqueName("closed-event");
        NamedEvent[] event = {NamedEvent.create(name, EventReset.MANUAL, false)};
        WeakReference<NamedEvent> ref = new WeakReference<>(event[0]);
        List<LogRecord> records = logDuring(() -> {
            event[0].close();
            event[0] = null;
            assertTrue(collectUntil(() -> ref.get() == null));
            // What the cleaner would log, it would log at once: give it a few collections.
            for (int i = 0; i < 5; i++) {
                System.gc();
                Thread.sleep(20);
            }
        });
        assertTrue(records.stream().noneMatch(r -> r.getMessage().contains(name)), () -> records.stream()
                .map(LogRecord::getMessage).toList().toString());
    }

    /**
     * A buffer that outlives its view and its SharedMemory keeps the object, and its
     * name, until the buffer too is unreachable; the last of them to go closes it.
     */
    @Test
    void aBufferKeepsItsObjectUntilItIsCollectedToo() throws Exception {
        TestSupport.requireLinux("the name of a held object disappears with its last handle, seen in /dev/shm");
        String name = TestSupport.uniqueName("buffer-keeps");
        ByteBuffer[] buffer = new ByteBuffer[1];
        WeakReference<SharedMemory> shm = createAndKeepOnlyTheBuffer(name, buffer);
        assertTrue(collectUntil(() -> shm.get() == null), "the SharedMemory and the view are unreachable");
        for (int i = 0; i < 5; i++) { // let its cleaner run (which leaves the object to the buffer)
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(TestSupport.exists(name), "the reachable buffer keeps the object open");
        assertEquals(42, buffer[0].getInt(0), "and mapped");
        buffer[0] = null;
        assertTrue(collectUntil(() -> gone(name)), "the buffer's cleaner, the last user, closed the object");
    }

    private static WeakReference<SharedMemory> createAndKeepOnlyTheBuffer(String name, ByteBuffer[] keep) {
        SharedMemory shm = SharedMemory.create(name, 4096);
        MappedView view = shm.map(0, 4096, Access.READ_WRITE);
        view.putInt(0, 42);
        keep[0] = view.buffer();
        return new WeakReference<>(shm);
    }

    /**
     * Placeholders waiting for the collector are bounded: mapping and closing views in
     * a loop (each leaves a placeholder until its buffer is collected) makes the budget
     * ask for a collection (System.gc(), seen as the cause of a collection the JVM
     * reports) once {@link MappingBudget#PLACEHOLDER_FLOOR} of them wait. Where the heap's
     * own collections free them first (the Windows JVM's smaller heap does), the budget
     * need not ask: then they never reach the floor. Either way, no more than the floor
     * ever waits without a System.gc() having been asked for.
     */
    @Test
    void placeholdersOfAMapCloseLoopNeverPassTheFloorWithoutACollection() throws Exception {
        Assumptions.assumeFalse(ManagementFactory.getRuntimeMXBean().getInputArguments().contains(
                "-XX:+DisableExplicitGC"), "-XX:+DisableExplicitGC turns the budget's help off, as documented");
        String name = TestSupport.uniqueName("budget");
        int views = MappingBudget.PLACEHOLDER_FLOOR + MappingBudget.FLOOR;
        int liveBefore = MappingBudget.live();
        int before = MappingBudget.placeholders();
        int most = 0;
        try (ExplicitCollections collections = new ExplicitCollections();
             SharedMemory shm = SharedMemory.create(name, 4096)) {
            for (int i = 0; i < views; i++) {
                shm.map(0, 16, Access.READ_WRITE).close();
                most = Math.max(most, MappingBudget.placeholders() - before);
                assertTrue(MappingBudget.live() <= liveBefore, "a closed view is no longer a live mapping");
            }
            assertTrue(most > 0, "the placeholders are counted");
            if (most >= MappingBudget.PLACEHOLDER_FLOOR) {
                // The JVM reports collections on a thread of its own: wait for the report.
                long deadline = System.nanoTime() + TestSupport.TIMEOUT.toNanos();
                while (collections.count.get() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertTrue(collections.count.get() > 0, most + " placeholders waited, and no System.gc() was asked for");
            }
            assertTrue(most <= MappingBudget.PLACEHOLDER_FLOOR + 1,
                    "at most the floor waits before the next map asks for a collection: " + most);
        }
    }

    /**
     * And the budget frees what the collection found before it goes on, so closed
     * views mapped in a loop never leave more than a fraction of themselves waiting.
     * (The heap's own collections can keep this bound too; the test above sees that
     * the budget asks for them.)
     */
    @Test
    void closedViewsMappedInALoopNeverPileUp() {
        String name = TestSupport.uniqueName("budget");
        int views = 3 * MappingBudget.PLACEHOLDER_FLOOR;
        int before = MappingBudget.placeholders();
        int most = 0;
        try (SharedMemory shm = SharedMemory.create(name, 4096)) {
            for (int i = 0; i < views; i++) {
                shm.map(0, 16, Access.READ_WRITE).close();
                most = Math.max(most, MappingBudget.placeholders() - before);
            }
        }
        assertTrue(most < views / 2, "at most " + most + " placeholders waited for the collector, of " + views);
    }

    /** Counts the collections whose cause is System.gc(), while open. */
    private static final class ExplicitCollections implements NotificationListener, AutoCloseable {
        final AtomicInteger count = new AtomicInteger();
        private final List<NotificationEmitter> emitters = new ArrayList<>();

        ExplicitCollections() {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof NotificationEmitter) {
                    NotificationEmitter emitter = (NotificationEmitter) gc;
                    emitter.addNotificationListener(this, null, null);
                    emitters.add(emitter);
                }
            }
            assertFalse(emitters.isEmpty(), "this JVM reports no collections");
        }

        @Override
        public void handleNotification(Notification notification, Object handback) {
            if (notification.getType().equals("com.sun.management.gc.notification")
                    && notification.getUserData() instanceof CompositeData
                    && "System.gc()".equals(((CompositeData) notification.getUserData()).get("gcCause"))) {
                count.incrementAndGet();
            }
        }

        @Override
        public void close() throws ListenerNotFoundException {
            for (NotificationEmitter emitter : emitters) {
                emitter.removeNotificationListener(this);
            }
        }
    }

    /**
     * force() writes a file-backed view's dirty pages back: /proc/self/smaps shows the
     * mapping's pages dirty after a write and clean after force() (msync MS_SYNC
     * cleans them). Needs a file system with writeback (on tmpfs nothing is written).
     */
    @Test
    void forceCleansTheDirtyPagesOfAFileView() throws IOException {
        TestSupport.requireLinux("/proc/self/smaps");
        Path dir = Files.createTempDirectory(Files.isDirectory(Path.of("target")) ? Path.of("target") : Path.of("."),
                "force-");
        Path file = dir.resolve("forced.bin");
        String type = Files.getFileStore(dir).type();
        TestSupport.require(!type.equals("tmpfs") && !type.equals("ramfs"),
                "the build directory is on " + type + ", which has no writeback for force() to do");
        try (SharedMemory shm = SharedMemory.openFile(file, 8192, Access.READ_WRITE);
             MappedView view = shm.map(0, 8192, Access.READ_WRITE)) {
            view.putLong(0, 0x1122334455667788L);
            view.putLong(4096, 0x0102030405060708L);
            assertTrue(dirtyKb(file) > 0, "written pages are dirty before force()");
            view.force();
            assertEquals(0, dirtyKb(file), "force() wrote them back");
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /** The dirty kilobytes of this process's mappings of {@code file}, from /proc/self/smaps. */
    private static long dirtyKb(Path file) throws IOException {
        String path = file.toRealPath().toString();
        long kb = 0;
        boolean ours = false;
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                ours = line.endsWith(" " + path);
            } else if (ours && (line.startsWith("Shared_Dirty:") || line.startsWith("Private_Dirty:"))) {
                kb += Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return kb;
    }

    @Test
    void theNumberOfMappedRangesFollowsMapCloseAndCollection() throws Exception {
        String name = TestSupport.uniqueName("ranges");
        List<MappedView> views = new ArrayList<>();
        int liveBefore = MappingBudget.live();
        int before = MappingBudget.placeholders();
        try (SharedMemory shm = SharedMemory.create(name, 4096)) {
            for (int i = 0; i < 100; i++) {
                views.add(shm.map(0, 4096, Access.READ_ONLY));
            }
            // Other tests' ranges may be freed meanwhile, never added: at least ours are counted.
            assertTrue(MappingBudget.live() >= 100, "live " + MappingBudget.live());
        }
        assertTrue(views.stream().allMatch(MappedView::isClosed));
        assertTrue(MappingBudget.live() <= liveBefore, "closed views are no longer live mappings");
        assertTrue(MappingBudget.placeholders() >= 100, "they are placeholders, held by their buffers");
        views.clear();
        // Ours freed, and others' only ever freed meanwhile: back to at most where it was.
        assertTrue(collectUntil(() -> MappingBudget.placeholders() <= before),
                "the placeholders of the 100 closed views were freed: " + MappingBudget.placeholders() + ", was "
                        + before);
    }

    /** Views never closed are live mappings until their buffers are collected; then they are unmapped and uncounted. */
    @Test
    void forgottenViewsAreLiveUntilCollectedThenFreed() throws Exception {
        String name = TestSupport.uniqueName("forgotten");
        try (SharedMemory shm = SharedMemory.create(name, 4096)) {
            int before = MappingBudget.live();
            List<MappedView> views = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                views.add(shm.map(0, 4096, Access.READ_ONLY));
            }
            // Other tests' ranges may be freed meanwhile, never added: at least ours are counted.
            assertTrue(MappingBudget.live() >= 100, "live " + MappingBudget.live());
            views.clear(); // forgotten, never closed, while their object stays open
            assertTrue(collectUntil(() -> MappingBudget.live() <= before),
                    "the 100 forgotten views were unmapped: live " + MappingBudget.live() + ", was " + before);
        }
    }
}
