/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The channel within one JVM: delivery, wrap-around, claims, blocking, close. */
class ChannelIT {
    @AfterEach
    void nothingLeft() {
        Support.assertNothingLeft();
    }

    private static List<byte[]> drain(Receiver rx) {
        List<byte[]> got = new ArrayList<>();
        rx.poll(m -> {
            byte[] b = new byte[m.remaining()];
            m.get(b);
            got.add(b);
        }, Integer.MAX_VALUE);
        return got;
    }

    @Test
    void deliversMessagesOfEveryLengthInOrderAcrossManyWraps() throws Exception {
        String name = Support.uniqueName("order");
        try (Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(4096));
                Sender tx = ch.sender(); Receiver rx = ch.receiver()) {
            assertEquals(512, tx.maxMessageLength());
            assertEquals(512, ch.maxMessageLength());
            SplittableRandom r = new SplittableRandom(1);
            List<byte[]> sent = new ArrayList<>();
            List<byte[]> got = new ArrayList<>();
            for (int round = 0; round < 5000; round++) {
                int n = 1 + r.nextInt(20);
                for (int k = 0; k < n; k++) {
                    byte[] m = new byte[r.nextInt(513)];
                    r.nextBytes(m);
                    boolean ok = r.nextBoolean() ? tx.offer(m, 0, m.length) : tx.offer(ByteBuffer.wrap(m));
                    if (ok) {
                        sent.add(m);
                    }
                }
                got.addAll(drain(rx));
            }
            assertTrue(sent.size() > 20_000, "sent " + sent.size());
            assertEquals(sent.size(), got.size());
            for (int i = 0; i < sent.size(); i++) {
                assertArrayEquals(sent.get(i), got.get(i), "message " + i);
            }
        }
    }

    @Test
    void offerReturnsFalseWhenFullAndTakesMessagesAgainOnceDrained() {
        String name = Support.uniqueName("full");
        try (Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(1024));
                Sender tx = ch.sender(); Receiver rx = ch.receiver()) {
            // 64-byte records: 15 fit, as the header word after the last record must be free too
            byte[] m = new byte[60];
            int n = 0;
            while (tx.offer(m, 0, m.length)) {
                n++;
            }
            assertEquals(15, n);
            assertNull(tx.tryClaim(m.length), "64 bytes are free, but not the header word after them");
            assertEquals(15, drain(rx).size());
            assertTrue(tx.offer(m, 0, m.length));
        }
    }

    /**
     * Short messages are copied eight bytes at a time and longer ones in bulk: every kind of
     * source buffer (heap, direct, read-only, sliced, either byte order), at an odd
     * position, of every length around the switch, arrives byte for byte and is left as it
     * was.
     */
    @Test
    void copiesMessagesFromEveryKindOfBufferByteForByte() {
        String name = Support.uniqueName("copy");
        try (Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(4096));
                Sender tx = ch.sender(); Receiver rx = ch.receiver()) {
            SplittableRandom r = new SplittableRandom(7);
            int cases = 0;
            for (int length = 0; length <= 280; length++) {
                byte[] m = new byte[length];
                r.nextBytes(m);
                byte[] padded = new byte[length + 11];
                System.arraycopy(m, 0, padded, 5, length);
                List<ByteBuffer> sources = new ArrayList<>();
                for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
                    sources.add(ByteBuffer.wrap(padded, 5, length).order(order));
                    sources.add(ByteBuffer.wrap(padded, 5, length).asReadOnlyBuffer().order(order));
                    ByteBuffer direct = ByteBuffer.allocateDirect(length + 11).order(order);
                    direct.put(padded).position(5).limit(5 + length);
                    sources.add(direct);
                    sources.add(direct.asReadOnlyBuffer().order(order));
                    sources.add(direct.slice().order(order));
                }
                for (ByteBuffer source : sources) {
                    ByteBuffer before = source.duplicate();
                    assertTrue(tx.offer(source));
                    assertEquals(before.position(), source.position(), "position of " + source);
                    assertEquals(before.limit(), source.limit(), "limit of " + source);
                    List<byte[]> got = drain(rx);
                    assertEquals(1, got.size());
                    assertArrayEquals(m, got.get(0), length + " bytes from " + source);
                    cases++;
                }
                assertTrue(tx.offer(padded, 5, length));
                assertArrayEquals(m, drain(rx).get(0), length + " bytes from an array at offset 5");
            }
            assertEquals(281 * 10, cases);
        }
    }

    @Test
    void zeroLengthAndMaxLengthMessages() {
        String name = Support.uniqueName("edges");
        try (Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(1024));
                Sender tx = ch.sender(); Receiver rx = ch.receiver()) {
            assertTrue(tx.offer(new byte[0], 0, 0));
            assertTrue(tx.offer(new byte[128], 0, 128));
            List<byte[]> got = drain(rx);
            assertEquals(2, got.size());
            assertEquals(0, got.get(0).length);
            assertEquals(128, got.get(1).length);
            assertThrows(IllegalArgumentException.class, () -> tx.offer(new byte[129], 0, 129));
            assertThrows(IllegalArgumentException.class, () -> tx.tryClaim(129));
            assertThrows(IllegalArgumentException.class, () -> tx.tryClaim(-1));
            assertThrows(IndexOutOfBoundsException.class, () -> tx.offer(new byte[4], 2, 4));
        }
    }

    @Test
    void claimCommitAbortAndTheirMisuse() {
        String name = Support.uniqueName("claim");
        try (Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(1024));
                Receiver rx = ch.receiver()) {
            Sender tx = ch.sender();
            Claim c = tx.tryClaim(5);
            assertNotNull(c);
            assertEquals(5, c.length());
            assertEquals(5, c.buffer().remaining());
            assertEquals(0, rx.poll(m -> { }, 10), "an open claim is not delivered");
            assertThrows(IllegalStateException.class, () -> tx.tryClaim(1), "one claim at a time");
            assertThrows(IllegalStateException.class, () -> tx.offer(new byte[1], 0, 1));
            c.buffer().put(new byte[] {1, 2, 3, 4, 5});
            c.commit();
            assertThrows(IllegalStateException.class, c::commit, "commit twice");
            assertThrows(IllegalStateException.class, c::abort);
            Claim aborted = tx.tryClaim(3);
            assertNotNull(aborted);
            aborted.buffer().put(0, (byte) 9);
            aborted.abort();
            assertThrows(IllegalStateException.class, aborted::commit);
            assertTrue(tx.offer(new byte[] {7}, 0, 1));
            List<byte[]> got = drain(rx);
            assertEquals(2, got.size());
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, got.get(0));
            assertArrayEquals(new byte[] {7}, got.get(1));
            Claim open = tx.tryClaim(3);
            assertNotNull(open);
            tx.close();
            assertThrows(IllegalStateException.class, open::commit, "commit after close");
        }
    }

    @Test
    void handlerSeesAReadOnlyBufferAndItsExceptionCountsTheMessageDelivered() {
        String name = Support.uniqueName("handler");
        try (Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(1024));
                Sender tx = ch.sender(); Receiver rx = ch.receiver()) {
            tx.offer(new byte[] {1}, 0, 1);
            tx.offer(new byte[] {2}, 0, 1);
            assertThrows(java.nio.ReadOnlyBufferException.class, () -> rx.poll(m -> m.put(m.position(), (byte) 0), 1));
            List<byte[]> got = drain(rx);
            assertEquals(1, got.size());
            assertArrayEquals(new byte[] {2}, got.get(0));
        }
    }

    @Test
    void receiveWaitsForASenderInAnotherThreadAndTimesOut() throws Exception {
        String name = Support.uniqueName("wait");
        try (Channel ch = Channel.create(name); Receiver rx = ch.receiver()) {
            assertEquals(0, rx.receive(m -> { }, 1, Duration.ofMillis(50)));
            Thread t = new Thread(() -> {
                try (Channel other = Channel.open(name); Sender tx = other.sender()) {
                    Thread.sleep(100); // the receiver is parked by then (a wake, not a spin, delivers it)
                    tx.offer(new byte[] {42}, 0, 1);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            t.start();
            byte[] got = new byte[1];
            assertEquals(1, rx.receive(m -> got[0] = m.get(), 1, Duration.ofSeconds(30)));
            assertEquals(42, got[0]);
            t.join();
        }
    }

    @Test
    void sendWaitsWhileFullUntilTheReceiverTakesMessages() throws Exception {
        String name = Support.uniqueName("block");
        try (Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(1024));
                Sender tx = ch.sender(); Receiver rx = ch.receiver()) {
            ByteBuffer m = ByteBuffer.allocate(60);
            while (tx.offer(m)) {
                // fill it
            }
            assertFalse(tx.send(m, Duration.ofMillis(30)), "full, and no one takes");
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(100);
                    rx.poll(x -> { }, 1);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            t.start();
            assertTrue(tx.send(m, Duration.ofSeconds(30)));
            t.join();
        }
    }

    @Test
    void interruptEndsBlockedCalls() throws Exception {
        String name = Support.uniqueName("interrupt");
        try (Channel ch = Channel.create(name); Receiver rx = ch.receiver()) {
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> rx.receive(m -> { }, 1, Duration.ofSeconds(30)));
            assertFalse(Thread.interrupted());
        }
    }

    @Test
    void manyModeGivesEachSenderItsOwnOrderAndRefusesOneTooMany() {
        String name = Support.uniqueName("many");
        try (Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(1024).producers(Producers.MANY)
                .maxSenders(3)); Receiver rx = ch.receiver()) {
            assertEquals(Producers.MANY, ch.producers());
            assertEquals(3, ch.maxSenders());
            Sender a = ch.sender();
            Sender b = ch.sender();
            Sender c = ch.sender();
            AlreadyAttachedException e = assertThrows(AlreadyAttachedException.class, ch::sender);
            assertTrue(e.getMessage().contains("all 3 sender slots"), e.getMessage());
            ByteBuffer m = ByteBuffer.allocate(16);
            int id = 0;
            for (Sender s : List.of(a, b, c)) {
                for (long seq = 0; seq < 10; seq++) {
                    m.clear().limit(Support.fill(m, 0, seq, id, 16));
                    assertTrue(s.offer(m));
                }
                id++;
            }
            long[] next = new long[3];
            assertEquals(30, rx.poll(x -> {
                int sender = x.getInt(x.position() + 8);
                assertEquals(next[sender]++, Support.check(x, sender));
            }, 100));
            b.close();
            Sender again = ch.sender(); // a closed sender's slot is free again
            assertTrue(again.offer(new byte[3], 0, 3));
            assertEquals(1, rx.poll(x -> { }, 100));
        }
    }

    @Test
    void aSecondReceiverOrOneModeSenderIsRefusedUntilTheFirstCloses() {
        String name = Support.uniqueName("second");
        try (Channel ch = Channel.create(name); Channel other = Channel.open(name)) {
            Receiver rx = ch.receiver();
            Sender tx = ch.sender();
            assertThrows(AlreadyAttachedException.class, other::receiver);
            assertThrows(AlreadyAttachedException.class, ch::receiver);
            AlreadyAttachedException e = assertThrows(AlreadyAttachedException.class, other::sender);
            assertTrue(e.getMessage().contains("Producers.ONE"), e.getMessage());
            assertTrue(tx.offer(new byte[] {5}, 0, 1));
            tx.close();
            rx.close();
            try (Receiver rx2 = other.receiver(); Sender tx2 = other.sender()) {
                byte[] got = new byte[2];
                assertTrue(tx2.offer(new byte[] {6}, 0, 1));
                assertEquals(2, rx2.poll(m -> got[m.get(m.position()) - 5] = m.get(m.position()), 10),
                        "the new receiver goes on where the old one stopped");
                assertArrayEquals(new byte[] {5, 6}, got);
            }
        }
    }

    @Test
    void useAfterCloseIsAnIllegalStateException() {
        String name = Support.uniqueName("closed");
        Channel ch = Channel.create(name);
        Sender tx = ch.sender();
        Receiver rx = ch.receiver();
        ch.close();
        assertTrue(tx.isClosed(), "closing the channel closes its ends");
        assertTrue(rx.isClosed());
        assertTrue(ch.isClosed());
        assertThrows(IllegalStateException.class, () -> tx.offer(new byte[1], 0, 1));
        assertThrows(IllegalStateException.class, () -> tx.tryClaim(1));
        assertThrows(IllegalStateException.class, () -> tx.send(ByteBuffer.allocate(1)));
        assertThrows(IllegalStateException.class, () -> rx.poll(m -> { }, 1));
        assertThrows(IllegalStateException.class, () -> rx.receive(m -> { }, 1, Duration.ZERO));
        assertThrows(IllegalStateException.class, ch::sender);
        assertThrows(IllegalStateException.class, ch::receiver);
        ch.close(); // idempotent
        tx.close();
        rx.close();
    }

    /**
     * Receivers parked in {@code receive} on virtual threads, more of them than the
     * scheduler has carriers, leave a carrier to the virtual thread that sends to them
     * (their waits run on shm4j's platform threads). Before, they kept every carrier until
     * their timeout and the sender ran only then. On JDK 17: checks that it runs there.
     */
    @Test
    void receiversParkedOnVirtualThreadsLeaveACarrierToTheirSender() throws Exception {
        java.lang.reflect.Method startVirtual;
        try {
            startVirtual = Thread.class.getMethod("startVirtualThread", Runnable.class);
        } catch (NoSuchMethodException beforeJdk21) {
            assertEquals(17, Runtime.version().feature());
            return;
        }
        int receivers = Runtime.getRuntime().availableProcessors() + 1;
        List<Channel> channels = new ArrayList<>();
        try {
            for (int i = 0; i < receivers; i++) {
                channels.add(Channel.create(Support.uniqueName("vt-" + i), ChannelOptions.defaults().capacity(4096)));
            }
            java.util.concurrent.CountDownLatch parked = new java.util.concurrent.CountDownLatch(receivers);
            java.util.concurrent.atomic.AtomicInteger received = new java.util.concurrent.atomic.AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (Channel ch : channels) {
                threads.add((Thread) startVirtual.invoke(null, (Runnable) () -> {
                    try (Receiver rx = ch.receiver()) {
                        parked.countDown();
                        received.addAndGet(rx.receive(m -> { }, 10, Duration.ofSeconds(8)));
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }));
            }
            threads.add((Thread) startVirtual.invoke(null, (Runnable) () -> {
                try {
                    parked.await();
                    Thread.sleep(200); // let them park (a later one finds the message waiting)
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                for (Channel ch : channels) {
                    try (Sender tx = ch.sender()) {
                        assertTrue(tx.offer(new byte[8], 0, 8));
                    }
                }
            }));
            for (Thread t : threads) {
                t.join(20_000);
                assertFalse(t.isAlive());
            }
            assertEquals(receivers, received.get(), "receivers that got their message (the others timed out)");
        } finally {
            for (Channel ch : channels) {
                ch.close();
            }
        }
    }
}
