/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * How a thread waits on a mutex, an event or a semaphore. Where native waits are cancellable
 * (Linux 5.16+: futex_waitv), it sleeps in the kernel once for the whole wait, and an
 * interrupt or a close wakes it; elsewhere (older kernels, qemu-user) it wakes every
 * 5 ms slice to look. Told apart by the waiting thread's own count of voluntary
 * context switches ({@code /proc/thread-self/status}): each sleep adds one. Linux only.
 */
class CancellableWaitIT {
    private static final ExecutorService WAITER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "shm4j-test-waiter");
        t.setDaemon(true);
        return t;
    });
    private static final Path STATUS = Path.of("/proc/thread-self/status");
    private static int names;

    @AfterAll
    static void stop() {
        WAITER.shutdownNow();
    }

    private static String name(String what) {
        return "shm4j-it-" + ProcessHandle.current().pid() + "-cw-" + what + "-" + names++;
    }

    /** The calling thread's voluntary context switches so far. */
    private static long sleeps() throws IOException {
        for (String line : Files.readAllLines(STATUS)) {
            if (line.startsWith("voluntary_ctxt_switches:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        throw new IOException("no voluntary_ctxt_switches in " + STATUS);
    }

    /** Runs a wait that ends by timing out after 1 s on the waiter thread; returns its sleeps. */
    private static long sleepsOf(Callable<Boolean> oneSecondWait) throws Exception {
        return WAITER.submit(() -> {
            sleeps(); // loaded and compiled before counting
            long before = sleeps();
            assertFalse(oneSecondWait.call(), "nothing ended the wait but its timeout");
            return sleeps() - before;
        }).get(60, TimeUnit.SECONDS);
    }

    private static void assertSleptAsThePlatformWaits(long sleeps, String what) {
        if (SyncNative.cancellable()) {
            assertTrue(sleeps <= 5, what + " slept " + sleeps + " times in 1 s: one sleep expected");
        } else {
            assertTrue(sleeps >= 50, what + " slept " + sleeps + " times in 1 s: 5 ms slices expected");
        }
    }

    @Test
    void anEventWaitSleepsOnceWhereWaitsAreCancellable() throws Exception {
        assumeTrue(Files.isReadable(STATUS), "Linux /proc/thread-self");
        try (NamedEvent e = NamedEvent.create(name("event"), EventReset.AUTO, false)) {
            assertSleptAsThePlatformWaits(sleepsOf(() -> e.await(Duration.ofSeconds(1))), "await(1 s)");
        }
    }

    @Test
    void aSemaphoreWaitSleepsOnceWhereWaitsAreCancellable() throws Exception {
        assumeTrue(Files.isReadable(STATUS), "Linux /proc/thread-self");
        try (NamedSemaphore s = NamedSemaphore.create(name("semaphore"), 0, 1)) {
            assertSleptAsThePlatformWaits(sleepsOf(() -> s.tryAcquire(Duration.ofSeconds(1))), "tryAcquire(1 s)");
        }
    }

    @Test
    void aMutexWaitSleepsOnceWhereWaitsAreCancellable() throws Exception {
        assumeTrue(Files.isReadable(STATUS), "Linux /proc/thread-self");
        try (NamedMutex m = NamedMutex.create(name("mutex"))) {
            m.lock(); // held by this thread; the waiter thread waits for it
            try {
                assertSleptAsThePlatformWaits(sleepsOf(() -> m.tryLock(Duration.ofSeconds(1))), "tryLock(1 s)");
            } finally {
                m.unlock();
            }
        }
    }

    @Test
    void anInterruptOrACloseEndsAWaitWithoutLimit() throws Exception {
        try (NamedSemaphore s = NamedSemaphore.create(name("interrupt"), 0, 1)) {
            Future<?> waiting = WAITER.submit(() -> {
                s.acquire();
                return null;
            });
            Thread.sleep(100);
            assertFalse(waiting.isDone(), "acquire() waits for a unit");
            waiting.cancel(true); // interrupts the waiter thread
            // The waiter thread runs this only once the interrupted acquire has ended.
            Future<Boolean> after = WAITER.submit(() -> s.tryAcquire(Duration.ZERO));
            assertFalse(after.get(60, TimeUnit.SECONDS), "the interrupted acquire took no unit");
            assertEquals(0, s.release(), "the count is 0 before this release");
            assertTrue(s.tryAcquire(Duration.ZERO));
        }
        NamedEvent e = NamedEvent.create(name("close"), EventReset.MANUAL, false);
        Future<?> waiting = WAITER.submit(() -> {
            e.await();
            return null;
        });
        Thread.sleep(100);
        assertFalse(waiting.isDone(), "await() waits for a set");
        e.close();
        try {
            waiting.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException x) {
            assertTrue(x.getCause() instanceof IllegalStateException, () -> "thrown: " + x.getCause());
            assertTrue(x.getCause().getMessage().contains("was closed while await waited"), x.getCause().getMessage());
            return;
        }
        throw new AssertionError("await() returned normally after close");
    }
}
