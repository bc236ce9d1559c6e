/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A receive parked in one thread (past its spin, asleep on the receiver's event) and
 * what ends it from another: a send, an interrupt, a close of the receiver. Each ends
 * it long before its own timeout (1 min), and the channel goes on working after the
 * first two.
 */
class ParkedReceiveIT {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "shm4j-test-parked-receiver");
        t.setDaemon(true);
        return t;
    });

    @AfterEach
    void nothingLeft() {
        thread.shutdownNow();
        Support.assertNothingLeft();
    }

    private Future<Integer> parkedReceive(Receiver rx, int[] got) throws InterruptedException {
        Future<Integer> f = thread.submit(() -> rx.receive(m -> got[0] = m.getInt(), 1, Duration.ofMinutes(1)));
        Thread.sleep(100); // far past the 50 µs spin: parked
        assertFalse(f.isDone(), "receive waits for a message");
        return f;
    }

    @Test
    @SuppressWarnings("try") // the receiver is closed inside its try, on purpose
    void aSendAnInterruptAndACloseEachEndAParkedReceive() throws Exception {
        String name = Support.uniqueName("parked");
        try (Channel ch = Channel.create(name); Sender tx = ch.sender(); Receiver rx = ch.receiver()) {
            int[] got = {0};
            Future<Integer> sent = parkedReceive(rx, got);
            assertTrue(tx.offer(new byte[] {0, 0, 0, 42}, 0, 4));
            assertEquals(1, sent.get(30, TimeUnit.SECONDS), "the send woke it with one message");
            assertEquals(42, got[0]);

            Future<Integer> interrupted = parkedReceive(rx, got);
            interrupted.cancel(true);
            // the thread takes the next task only once the interrupted receive has ended
            Future<Integer> after = thread.submit(() -> rx.poll(m -> got[0] = m.getInt(), 1));
            assertEquals(0, after.get(30, TimeUnit.SECONDS), "nothing was lost or invented");
            assertTrue(tx.offer(new byte[] {0, 0, 0, 7}, 0, 4));
            assertEquals(1, thread.submit(() -> rx.receive(m -> got[0] = m.getInt(), 1, Duration.ofMinutes(1)))
                    .get(30, TimeUnit.SECONDS), "the receiver works after the interrupt");
            assertEquals(7, got[0]);

            Future<Integer> closed = parkedReceive(rx, got);
            rx.close();
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> closed.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof IllegalStateException, () -> "thrown: " + e.getCause());
            assertTrue(e.getCause().getMessage().contains("is closed"), e.getCause().getMessage());
        }
    }
}
