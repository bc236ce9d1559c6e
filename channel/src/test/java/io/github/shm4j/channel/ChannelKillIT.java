/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.shm4j.testkit.ChildProcess;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of either side: the receiver gets every committed message, then one
 * {@link PeerDiedException}; a blocked send throws it; a MANY sender killed between
 * claim and commit is skipped and counted; a restarted process attaches again. The
 * time from the kill to the exception is printed (the benchmark measures it).
 */
class ChannelKillIT {
    @AfterEach
    void nothingLeft() {
        Support.assertNothingLeft();
    }

    /** What a receiver saw: "SENDER:SEQ" per message, "died" per PeerDiedException. */
    static final class Seen {
        final List<String> events = new ArrayList<>();
        long diedAtNanos;

        /** Receives until {@code stop} returns true or nothing comes for 30 s. */
        void until(Receiver rx, java.util.function.Predicate<Seen> stop) throws InterruptedException {
            while (!stop.test(this)) {
                try {
                    int n = rx.receive(Support.recordInto(events), 100, Duration.ofSeconds(30));
                    if (n == 0) {
                        throw new AssertionError("nothing for 30 s; seen " + events.size() + ": " + tail());
                    }
                } catch (PeerDiedException e) {
                    diedAtNanos = System.nanoTime();
                    assertTrue(e.getMessage().contains("died"), e.getMessage());
                    events.add("died");
                }
            }
        }

        long count(String prefix) {
            return events.stream().filter(e -> e.startsWith(prefix)).count();
        }

        String tail() {
            return events.subList(Math.max(0, events.size() - 5), events.size()).toString();
        }
    }

    @Test
    void aKilledSendersCommittedMessagesAllArriveThenPeerDiedOnceAndARestartedSenderAttaches() throws Exception {
        String name = Support.uniqueName("kill-tx");
        try (Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(1 << 16));
                Receiver rx = ch.receiver()) {
            try (ChildProcess child = Support.child("send-hang", name, "0", "1000")) {
                child.awaitLineStartingWith("sent 1000");
                long killed = System.nanoTime();
                child.kill();
                Seen seen = new Seen();
                seen.until(rx, s -> s.events.contains("died"));
                List<String> want = Support.expected(0, 1000);
                want.add("died");
                assertEquals(want, seen.events, "every committed message, then the death");
                System.out.printf("kill -9 of the sender -> PeerDiedException: %.1f ms%n",
                        (seen.diedAtNanos - killed) / 1e6);
            }
            assertEquals(0, rx.receive(m -> { }, 10, Duration.ofMillis(100)), "the death is reported once");
            try (ChildProcess again = Support.child("send-hang", name, "0", "10")) {
                again.awaitLineStartingWith("sent 10");
                Seen seen = new Seen();
                seen.until(rx, s -> s.events.size() == 10);
                assertEquals(Support.expected(0, 10), seen.events, "a restarted sender attaches to the same channel");
            }
        }
    }

    @Test
    void aSenderKilledMidStreamLeavesNoGapAndNoTornMessage() throws Exception {
        String name = Support.uniqueName("kill-stream");
        try (Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(4096));
                Receiver rx = ch.receiver()) {
            Seen seen = new Seen();
            try (ChildProcess child = Support.child("send-forever", name, "0")) {
                child.awaitLineStartingWith("sending");
                seen.until(rx, s -> s.events.size() >= 20_000);
                child.kill();
                seen.until(rx, s -> s.events.contains("died"));
            }
            int died = seen.events.indexOf("died");
            assertEquals(seen.events.size() - 1, died, "the death comes last");
            assertEquals(Support.expected(0, died), seen.events.subList(0, died), "contiguous from 0, each checked");
        }
    }

    @Test
    void aBlockedSendThrowsWhenTheReceiverIsKilledAndANewReceiverTakesOver() throws Exception {
        String name = Support.uniqueName("kill-rx");
        try (Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(1024)); Sender tx = ch.sender()) {
            ByteBuffer m = ByteBuffer.allocate(60);
            int sent = 0;
            try (ChildProcess child = Support.child("receive-hang", name)) {
                child.awaitLineStartingWith("attached");
                while (tx.offer(m)) {
                    sent++;
                }
                CompletableFuture<Long> blocked = CompletableFuture.supplyAsync(() -> {
                    try {
                        tx.send(m);
                        return -1L;
                    } catch (PeerDiedException e) {
                        return System.nanoTime();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                });
                Thread.sleep(200);
                assertFalse(blocked.isDone(), "send waits while the receiver lives");
                long killed = System.nanoTime();
                child.kill();
                long threw = blocked.get(30, TimeUnit.SECONDS);
                assertTrue(threw > 0, "send threw PeerDiedException");
                System.out.printf("kill -9 of the receiver -> PeerDiedException in send: %.1f ms%n",
                        (threw - killed) / 1e6);
            }
            assertThrows(PeerDiedException.class, () -> tx.send(m, Duration.ofSeconds(5)),
                    "no receiver since the dead one: a blocking send says so at once");
            try (Receiver rx = ch.receiver()) { // takes over where the dead one stopped
                int[] n = {0};
                while (rx.poll(x -> n[0]++, 100) > 0) {
                    // drain
                }
                assertEquals(sent, n[0]);
                assertTrue(tx.send(m, Duration.ofSeconds(5)));
            }
        }
    }

    @Test
    void aManySenderKilledBetweenClaimAndCommitIsSkippedAndCounted() throws Exception {
        String name = Support.uniqueName("kill-claim");
        try (Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(1 << 14).producers(Producers.MANY)
                .maxSenders(4)); Receiver rx = ch.receiver()) {
            try (ChildProcess a = Support.child("claim-hang", name, "0", "100");
                    ChildProcess b = Support.child("send-hang", name, "1", "100")) {
                a.awaitLineStartingWith("claimed");
                b.awaitLineStartingWith("sent 100");
                a.kill();
                Seen seen = new Seen();
                seen.until(rx, s -> s.events.contains("died") && s.count("1:") == 100);
                assertEquals(Support.expected(0, 100), seen.events.stream().filter(e -> e.startsWith("0:"))
                        .collect(java.util.stream.Collectors.toList()), "the dead sender's committed messages");
                assertEquals(Support.expected(1, 100), seen.events.stream().filter(e -> e.startsWith("1:"))
                        .collect(java.util.stream.Collectors.toList()), "the live sender's");
                assertEquals(1, seen.count("died"));
                assertEquals(1, rx.abandonedClaims(), "the open claim counted as abandoned");
                // the channel goes on: the live child and a new sender here
                try (Sender here = ch.sender()) {
                    ByteBuffer m = ByteBuffer.allocate(16);
                    here.offer(m.limit(Support.fill(m, 0, 0, 2, 16)));
                    Seen more = new Seen();
                    more.until(rx, s -> s.events.size() == 1);
                    assertEquals(List.of("2:0"), more.events);
                }
                assertTrue(b.isAlive());
            }
            try (ChildProcess restarted = Support.child("claim-hang", name, "0", "5")) {
                restarted.awaitLineStartingWith("claimed");
                Seen seen = new Seen();
                seen.until(rx, s -> s.events.size() >= 5);
                assertEquals(Support.expected(0, 5), seen.events.subList(0, 5));
            }
        }
    }

    /**
     * A receiver killed while its handler works through a backlog: the next receiver gets
     * every message from the first one the dead receiver's last call was handed (at most
     * that call's limit again, as the dead one could not say how far its handler got), in
     * order, to the last; none is lost.
     */
    @Test
    void aReceiverKilledMidStreamLosesNothingAndHandsAtMostItsLastCallsMessagesAgain() throws Exception {
        String name = Support.uniqueName("kill-rx3");
        int count = 5000;
        int limit = 16;
        try (Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(1 << 20)); Sender tx = ch.sender()) {
            ByteBuffer b = ByteBuffer.allocate(64);
            SplittableRandom r = new SplittableRandom(3);
            for (long seq = 0; seq < count; seq++) {
                b.clear().limit(Support.fill(b, 0, seq, 0, 12 + r.nextInt(53)));
                assertTrue(tx.offer(b), "the ring holds the whole backlog");
            }
            long last;
            try (ChildProcess child = Support.child("receive-slow", name, String.valueOf(limit))) {
                child.awaitLineStartingWith("attached");
                child.awaitLineStartingWith("got " + (1000 + r.nextInt(1000)));
                child.kill();
                List<String> got = child.awaitOutput("").lines().filter(l -> l.startsWith("got ")).toList();
                for (int i = 0; i < got.size(); i++) {
                    assertEquals("got " + i, got.get(i), "the dead receiver's messages, in order");
                }
                last = got.size() - 1;
                assertTrue(last < count - limit, "killed mid-stream: " + last);
            }
            try (Receiver rx = ch.receiver()) {
                List<Long> seqs = new ArrayList<>();
                while (seqs.isEmpty() || seqs.get(seqs.size() - 1) < count - 1) {
                    rx.receive(m -> seqs.add(Support.check(m, 0)), 100, Duration.ofSeconds(10));
                }
                long first = seqs.get(0);
                assertTrue(first <= last + 1, "nothing lost: the dead receiver printed up to " + last
                        + ", the next one starts at " + first);
                assertTrue(first > last - limit, "at most the last call's " + limit + " messages again: printed up to "
                        + last + ", the next one starts at " + first);
                for (int i = 0; i < seqs.size(); i++) {
                    assertEquals(first + i, seqs.get(i).longValue(), "in order, each once");
                }
                assertEquals(0, rx.poll(m -> { }, 10));
            }
        }
    }

    @Test
    void aReceiverKilledWhileAttachedIsReplacedByTheNextOne() throws Exception {
        String name = Support.uniqueName("kill-rx2");
        try (Channel ch = Channel.create(name)) {
            try (ChildProcess child = Support.child("receive-hang", name)) {
                child.awaitLineStartingWith("attached");
                assertThrows(AlreadyAttachedException.class, ch::receiver);
                child.kill();
            }
            try (Receiver rx = ch.receiver(); Sender tx = ch.sender()) {
                assertNotNull(rx);
                assertTrue(tx.offer(new byte[1], 0, 1));
                assertEquals(1, rx.poll(m -> { }, 10));
            }
        }
    }

}
