/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The claim/commit protocol under concurrency (a stress test in place of jcstress): many
 * sender threads mixing {@code offer}, {@code tryClaim}+{@code commit} and
 * {@code tryClaim}+{@code abort} on small rings that wrap and fill all the time, and
 * blocking {@code send} against a receiver that parks and wakes. Invariants checked on
 * every message: content intact, per-sender sequence without gap or duplicate, no
 * aborted claim ever delivered, totals equal.
 */
class ChannelStressIT {
    private static final int THREADS = 8;
    private static final long PER_THREAD = 200_000;

    @AfterEach
    void nothingLeft() {
        Support.assertNothingLeft();
    }

    @Test
    void claimCommitAbortAndOfferFromManyThreads() throws Exception {
        String name = Support.uniqueName("stress");
        try (Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(1024).producers(Producers.MANY)
                .maxSenders(THREADS)); Receiver rx = ch.receiver()) {
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            AtomicLong aborted = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int id = t;
                Thread th = new Thread(() -> {
                    try (Sender tx = ch.sender()) {
                        SplittableRandom r = new SplittableRandom(id);
                        ByteBuffer b = ByteBuffer.allocate(128);
                        long seq = 0;
                        while (seq < PER_THREAD) {
                            int length = 12 + r.nextInt(117);
                            int how = r.nextInt(3);
                            if (how == 0) {
                                b.clear().limit(Support.fill(b, 0, seq, id, length));
                                if (r.nextBoolean() ? tx.offer(b) : tx.send(b, Duration.ofSeconds(60))) {
                                    seq++;
                                }
                            } else {
                                Claim c = tx.tryClaim(length);
                                if (c == null) {
                                    Thread.onSpinWait();
                                    continue;
                                }
                                if (how == 1) {
                                    Support.fill(c.buffer(), 0, seq, id, length);
                                    c.commit();
                                    seq++;
                                } else {
                                    Support.fill(c.buffer(), 0, -1, id, length); // must never arrive
                                    c.abort();
                                    aborted.incrementAndGet();
                                }
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "sender-" + t);
                threads.add(th);
                th.start();
            }
            long[] next = new long[THREADS];
            long total = 0;
            while (total < THREADS * PER_THREAD && failures.isEmpty()) {
                int n = rx.receive(m -> {
                    int sender = m.getInt(m.position() + 8);
                    long seq = Support.check(m, sender);
                    if (seq != next[sender]) {
                        throw new AssertionError("sender " + sender + ": " + seq + " where " + next[sender] + " was due");
                    }
                    next[sender]++;
                }, 1 + (int) (total % 50), Duration.ofSeconds(60));
                assertTrue(n > 0, "nothing for 60 s");
                total += n;
            }
            for (Thread th : threads) {
                th.join(60_000);
            }
            assertTrue(failures.isEmpty(), () -> "sender failed: " + failures);
            for (int t = 0; t < THREADS; t++) {
                assertEquals(PER_THREAD, next[t], "sender " + t);
            }
            assertEquals(0, rx.poll(m -> { }, 10), "nothing more");
            assertTrue(aborted.get() > 0, "the mix had aborts");
            assertEquals(0, rx.abandonedClaims());
        }
    }

    @Test
    void parkAndWakeOverAndOverLosesNothing() throws Exception {
        String name = Support.uniqueName("park");
        try (Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(1024)); Receiver rx = ch.receiver()) {
            long count = 20_000;
            Thread sender = new Thread(() -> {
                try (Sender tx = ch.sender()) {
                    ByteBuffer b = ByteBuffer.allocate(64);
                    SplittableRandom r = new SplittableRandom(9);
                    for (long seq = 0; seq < count; seq++) {
                        if (r.nextInt(100) == 0) {
                            Thread.sleep(1); // long enough for the receiver to park
                        } else if (r.nextInt(4) == 0) {
                            for (int k = r.nextInt(2000); k > 0; k--) {
                                Thread.onSpinWait(); // about as long as the receiver spins: the racy window
                            }
                        }
                        b.clear().limit(Support.fill(b, 0, seq, 0, 12 + r.nextInt(53)));
                        tx.send(b);
                    }
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            sender.start();
            long[] next = {0};
            while (next[0] < count) {
                int n = rx.receive(m -> assertEquals(next[0]++, Support.check(m, 0)), 1, Duration.ofSeconds(60));
                assertTrue(n > 0, "nothing for 60 s after " + next[0]);
            }
            sender.join(60_000);
        }
    }
}
