/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.shm4j.Access;
import io.github.shm4j.MappedView;
import io.github.shm4j.MemoryFaultException;
import io.github.shm4j.SharedMemory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A careless or hostile user of one JVM: handlers that poll again or close, a channel
 * closed while other threads send and receive, interrupts, buffers of every kind, an
 * interrupted open, and headers and records full of nonsense. Each gets a typed error
 * or the documented behaviour; no message is delivered twice, none that was not sent.
 */
class ChannelMisuseIT {
    @AfterEach
    void nothingLeft() {
        Support.assertNothingLeft();
    }

    private static ByteBuffer numbered(int i) {
        ByteBuffer b = ByteBuffer.allocate(4);
        b.putInt(0, i);
        return b;
    }

    @Test
    void aHandlerThatPollsAgainIsRefusedAndNoMessageIsDeliveredTwice() throws Exception {
        String name = Support.uniqueName("reenter");
        try (Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(4096));
                Sender tx = ch.sender(); Receiver rx = ch.receiver()) {
            for (int i = 0; i < 5; i++) {
                assertTrue(tx.offer(numbered(i)));
            }
            List<Integer> seen = new ArrayList<>();
            AtomicReference<RuntimeException> inner = new AtomicReference<>();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> rx.poll(m -> {
                seen.add(m.getInt(m.position()));
                try {
                    rx.poll(again -> seen.add(again.getInt(again.position())), 10);
                } catch (RuntimeException x) {
                    inner.set(x);
                    throw x;
                }
            }, 10));
            assertTrue(e.getMessage().contains("another one runs"), e.getMessage());
            assertEquals(e, inner.get(), "the nested poll threw, and ended the outer one");
            assertThrows(IllegalStateException.class, () -> rx.receive(m -> {
                seen.add(m.getInt(m.position()));
                rx.poll(x -> seen.add(x.getInt(x.position())), 10);
            }, 1, Duration.ofSeconds(5)), "poll from a receive's handler too");
            // the receiver goes on; every message once, in order
            while (rx.poll(m -> seen.add(m.getInt(m.position())), 10) > 0) {
                // drain
            }
            assertEquals(List.of(0, 1, 2, 3, 4), seen);
        }
    }

    @Test
    void aHandlerThatClosesTheReceiverStopsDeliveryAndTheNextReceiverGetsTheRest() {
        String name = Support.uniqueName("close-in-handler");
        try (Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(4096)); Sender tx = ch.sender()) {
            for (int i = 0; i < 5; i++) {
                assertTrue(tx.offer(numbered(i)));
            }
            List<Integer> seen = new ArrayList<>();
            Receiver rx = ch.receiver();
            assertEquals(2, rx.poll(m -> {
                seen.add(m.getInt(m.position()));
                if (seen.size() == 2) {
                    rx.close();
                }
            }, 10), "the poll stops after the message whose handler closed it");
            assertTrue(rx.isClosed());
            assertThrows(IllegalStateException.class, () -> rx.poll(m -> { }, 10));
            try (Receiver next = ch.receiver()) { // the closed one let go of the channel when its poll returned
                while (next.poll(m -> seen.add(m.getInt(m.position())), 10) > 0) {
                    // drain
                }
            }
            assertEquals(List.of(0, 1, 2, 3, 4), seen, "each message once");
        }
    }

    /**
     * A receiver closed by another thread while its own thread polls: whichever finishes
     * the close (the closing thread, or the poll as it returns) does it once and only when
     * no poll runs any more, so the next receiver can attach and no message is delivered
     * twice or lost. Many rounds, each closing at another moment of the polls.
     */
    @Test
    void aReceiverClosedFromAnotherThreadWhileItPollsLetsTheNextOneGetEachMessageOnce() throws Exception {
        int rounds = 300;
        int messages = 400;
        Random random = new Random(42);
        Map<String, Integer> endings = new TreeMap<>();
        for (int r = 0; r < rounds; r++) {
            String name = Support.uniqueName("close-while-polling");
            try (Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(1 << 14));
                    Sender tx = ch.sender()) {
                for (int i = 0; i < messages; i++) {
                    assertTrue(tx.offer(numbered(i)));
                }
                List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
                Receiver rx = ch.receiver();
                AtomicReference<Throwable> end = new AtomicReference<>();
                AtomicInteger delivered = new AtomicInteger();
                Thread poller = new Thread(() -> {
                    try {
                        for (;;) {
                            rx.poll(m -> {
                                seen.add(m.getInt(m.position()));
                                delivered.incrementAndGet();
                                long until = System.nanoTime() + 2_000; // a handler that takes a while
                                while (System.nanoTime() < until) {
                                    Thread.onSpinWait();
                                }
                            }, 1 + (seen.size() & 3));
                        }
                    } catch (Throwable e) {
                        end.set(e);
                    }
                });
                poller.start();
                while (delivered.get() == 0 && poller.isAlive()) {
                    Thread.onSpinWait();
                }
                long until = System.nanoTime() + random.nextInt(messages * 2_000); // the polls take about that
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                rx.close();
                // at once, while the poll may still run: refused until the close is finished,
                // which the poll does as it returns (its last head published)
                Receiver next = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (next == null) {
                    try {
                        next = ch.receiver();
                    } catch (AlreadyAttachedException stillPolling) {
                        if (System.nanoTime() > deadline) {
                            fail("round " + r + ": the closed receiver never let go (" + stillPolling + ")");
                        }
                        Thread.onSpinWait();
                    }
                }
                try (Receiver n = next) {
                    while (n.poll(m -> seen.add(m.getInt(m.position())), 64) > 0) {
                        // drain
                    }
                }
                poller.join(TimeUnit.SECONDS.toMillis(30));
                assertFalse(poller.isAlive(), "round " + r + ": the poll goes on after close");
                assertTrue(end.get() instanceof IllegalStateException, "round " + r + ": " + end.get());
                endings.merge(delivered.get() == messages ? "after the last message" : "while messages were left",
                        1, Integer::sum);
                for (int i = 0; i < messages; i++) {
                    if (seen.size() != messages || seen.get(i) != i) {
                        fail("round " + r + ": each message once and in order, got " + seen);
                    }
                }
            }
        }
        System.out.println("receivers closed while polling: " + endings);
    }

    @Test
    void aHandlerThatClosesTheChannelEndsThePollCleanly() {
        String name = Support.uniqueName("close-ch-in-handler");
        Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(4096));
        Sender tx = ch.sender();
        for (int i = 0; i < 3; i++) {
            assertTrue(tx.offer(numbered(i)));
        }
        Receiver rx = ch.receiver();
        List<Integer> seen = new ArrayList<>();
        assertEquals(1, rx.poll(m -> {
            seen.add(m.getInt(m.position()));
            ch.close();
            assertEquals(seen.get(0), m.getInt(m.position()), "the message stays readable during its handler");
        }, 10));
        assertTrue(ch.isClosed() && rx.isClosed() && tx.isClosed());
        assertEquals(List.of(0), seen);
    }

    /**
     * Channel.close in a third thread while a sender and a receiver run: the receiver must
     * not deliver a message that was never sent (the mapping released under it reads as
     * zeros), and both ends must end with IllegalStateException, not hang.
     */
    @Test
    void closingTheChannelWhileOtherThreadsSendAndReceiveDeliversNothingThatWasNotSent() throws Exception {
        int rounds = 200;
        int phantoms = 0;
        Map<String, Integer> endings = new TreeMap<>();
        for (int r = 0; r < rounds; r++) {
            String name = Support.uniqueName("close-race");
            Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(1 << 16));
            Sender tx = ch.sender();
            Receiver rx = ch.receiver();
            AtomicInteger phantom = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> txEnd = new AtomicReference<>();
            AtomicReference<Throwable> rxEnd = new AtomicReference<>();
            Thread sender = new Thread(() -> {
                ByteBuffer b = ByteBuffer.allocate(16);
                long seq = 0;
                try {
                    while (!stop.get()) {
                        seq++;
                        b.putLong(0, seq).putLong(8, ~seq);
                        if (!tx.offer(b)) {
                            Thread.onSpinWait();
                        }
                    }
                } catch (Throwable e) {
                    txEnd.set(e);
                }
            });
            Thread receiver = new Thread(() -> {
                try {
                    for (;;) {
                        rx.receive(m -> {
                            int p = m.position();
                            if (m.remaining() != 16 || m.getLong(p) != ~m.getLong(p + 8) || m.getLong(p) == 0) {
                                phantom.incrementAndGet();
                            }
                        }, 256, Duration.ofMillis(50));
                    }
                } catch (Throwable e) {
                    rxEnd.set(e);
                }
            });
            sender.start();
            receiver.start();
            Thread.sleep(2 + r % 7);
            ch.close();
            stop.set(true);
            sender.join(TimeUnit.SECONDS.toMillis(30));
            receiver.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(sender.isAlive() || receiver.isAlive(), "round " + r + ": a thread hangs after close");
            phantoms += phantom.get();
            assertTrue(rxEnd.get() instanceof IllegalStateException, "round " + r + ": " + rxEnd.get());
            endings.merge("receiver: " + rxEnd.get().getClass().getSimpleName(), 1, Integer::sum);
            if (txEnd.get() != null) {
                assertTrue(txEnd.get() instanceof IllegalStateException, "round " + r + ": " + txEnd.get());
            }
        }
        System.out.println("close races: " + endings);
        assertEquals(0, phantoms, "messages delivered that no sender sent (zeros of a released mapping)");
    }

    @Test
    void interruptsEndBlockedSendAndReceivePromptlyAndTheChannelGoesOn() throws Exception {
        String name = Support.uniqueName("interrupts");
        try (Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(1024));
                Sender tx = ch.sender(); Receiver rx = ch.receiver()) {
            ByteBuffer m = ByteBuffer.allocate(100);
            int sent = 0;
            while (tx.offer(m)) {
                sent++;
            }
            Thread me = Thread.currentThread();
            for (int i = 0; i < 10; i++) {
                Thread interrupter = interruptLater(me);
                long start = System.nanoTime();
                assertThrows(InterruptedException.class, () -> tx.send(m, Duration.ofSeconds(60)));
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "promptly");
                interrupter.join();
                assertFalse(Thread.interrupted(), "InterruptedException clears the status");
            }
            int[] got = {0};
            while (rx.poll(x -> got[0]++, 100) > 0) {
                // drain
            }
            assertEquals(sent, got[0], "no interrupted send left a message behind");
            for (int i = 0; i < 10; i++) {
                Thread interrupter = interruptLater(me);
                long start = System.nanoTime();
                assertThrows(InterruptedException.class, () -> rx.receive(x -> got[0]++, 1, Duration.ofSeconds(60)));
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "promptly");
                interrupter.join();
                assertFalse(Thread.interrupted());
            }
            assertTrue(tx.send(m, Duration.ofSeconds(5)));
            assertEquals(1, rx.receive(x -> got[0]++, 10, Duration.ofSeconds(5)), "both ends work after interrupts");
        }
    }

    private static Thread interruptLater(Thread target) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                return;
            }
            target.interrupt();
        });
        t.start();
        return t;
    }

    @Test
    void buffersOfEveryKindSendTheirBytesBetweenPositionAndLimit() {
        String name = Support.uniqueName("buffers");
        try (Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(1024));
                Sender tx = ch.sender(); Receiver rx = ch.receiver()) {
            int max = tx.maxMessageLength();
            ByteBuffer readOnly = ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6}).asReadOnlyBuffer();
            readOnly.position(2).limit(5);
            assertTrue(tx.offer(readOnly));
            assertEquals(2, readOnly.position(), "position unchanged");
            ByteBuffer direct = ByteBuffer.allocateDirect(10);
            direct.put(3, (byte) 7).position(3).limit(4);
            assertTrue(tx.offer(direct));
            ByteBuffer slice = ByteBuffer.wrap(new byte[] {0, 1, 2, 3, 4, 5, 6, 7}, 2, 3).slice();
            assertTrue(tx.offer(slice));
            assertTrue(tx.offer(ByteBuffer.allocate(0)));
            assertTrue(tx.offer(ByteBuffer.allocateDirect(max)));
            assertThrows(IllegalArgumentException.class, () -> tx.offer(ByteBuffer.allocate(max + 1)));
            assertThrows(IllegalArgumentException.class, () -> tx.offer(new byte[max + 1], 0, max + 1));
            assertThrows(IllegalArgumentException.class, () -> tx.tryClaim(max + 1));
            assertThrows(IllegalArgumentException.class, () -> tx.tryClaim(-1));
            assertThrows(IndexOutOfBoundsException.class, () -> tx.offer(new byte[4], 0, -1));
            List<byte[]> got = new ArrayList<>();
            while (rx.poll(m -> {
                byte[] x = new byte[m.remaining()];
                m.get(x);
                got.add(x);
            }, 10) > 0) {
                // drain
            }
            assertEquals(5, got.size());
            assertArrayEquals(new byte[] {3, 4, 5}, got.get(0));
            assertArrayEquals(new byte[] {7}, got.get(1));
            assertArrayEquals(new byte[] {2, 3, 4}, got.get(2));
            assertEquals(0, got.get(3).length);
            assertEquals(max, got.get(4).length);
        }
    }

    @Test
    void anInterruptedOpenOfAnUnfinishedChannelNamesTheChannel() {
        String name = Support.uniqueName("open-interrupted");
        try (SharedMemory shm = SharedMemory.create(name, 4096)) {
            assertTrue(shm.isCreator());
            Thread.currentThread().interrupt();
            IncompatibleChannelException e;
            try {
                e = assertThrows(IncompatibleChannelException.class, () -> Channel.open(name));
            } finally {
                assertTrue(Thread.interrupted(), "the interrupt status is kept");
            }
            assertEquals(name, e.objectName());
            assertTrue(e.getMessage().contains("'" + name + "'") && e.getMessage().contains("interrupted"),
                    e.getMessage());
        }
    }

    @Test
    void aRecordThatRunsPastTheRingsEndIsACorruptRecord() {
        String name = Support.uniqueName("past-end");
        try (Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(1024));
                SharedMemory raw = SharedMemory.open(name, Access.READ_WRITE);
                MappedView v = raw.map(0, raw.size(), Access.READ_WRITE)) {
            int slot = Layout.slot(0);
            int ring = Layout.ring(1, 1024, 0);
            v.putLongVolatile(slot + Layout.S_HEAD, 1016);
            // a message of 100 bytes: within maxMessageLength (128), but 1016 + 4 + 100 > 1024
            v.putIntVolatile(ring + 1016, Layout.header(100));
            try (Receiver rx = ch.receiver()) {
                IncompatibleChannelException e = assertThrows(IncompatibleChannelException.class,
                        () -> rx.receive(m -> fail("delivered " + m.remaining() + " bytes"), 10, Duration.ofSeconds(1)));
                assertTrue(e.getMessage().contains("corrupt record"), e.getMessage());
            }
        }
    }

    /** The blocks /dev/shm/NAME takes (stat %b, 512 bytes each). */
    private static long blocks(Path file) throws Exception {
        Process p = new ProcessBuilder("stat", "-c", "%b", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim();
        assertEquals(0, p.waitFor(), out);
        return Long.parseLong(out);
    }

    /**
     * A peer shrinks the channel's object to nothing under a sender and a receiver whose
     * paths are compiled: their calls fail (the JDK's InternalError for the fault, or
     * MemoryFaultException), the JVM lives on, and close still releases every object, so
     * that the name can be created again.
     */
    @Test
    @org.junit.jupiter.api.condition.EnabledOnOs(org.junit.jupiter.api.condition.OS.LINUX)
    void aChannelShrunkByAPeerFailsItsCallsAndStillReleasesEverything() throws Exception {
        String name = Support.uniqueName("shrunk");
        Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(1 << 16));
        Sender tx = ch.sender();
        Receiver rx = ch.receiver();
        ByteBuffer b = ByteBuffer.allocateDirect(32);
        long[] sum = {0};
        for (int i = 0; i < 200_000; i++) { // hot enough to be compiled
            b.putLong(0, i);
            while (!tx.offer(b)) {
                rx.poll(m -> sum[0] += m.getLong(m.position()), 1000);
            }
        }
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile("/dev/shm/" + name, "rw")) {
            f.setLength(0);
        }
        Throwable sent = assertThrows(Throwable.class, () -> {
            for (int i = 0; i < 100_000; i++) {
                tx.offer(b);
            }
        });
        assertTrue(sent instanceof InternalError || sent instanceof MemoryFaultException, sent.toString());
        Throwable polled = assertThrows(Throwable.class, () -> {
            for (int i = 0; i < 100_000; i++) {
                rx.poll(m -> { }, 10);
            }
        });
        assertTrue(polled instanceof InternalError || polled instanceof MemoryFaultException, polled.toString());
        MemoryFaultException closed = assertThrows(MemoryFaultException.class, ch::close);
        assertTrue(closed.getMessage().contains("channel '" + name + "'"), closed.getMessage());
        assertTrue(ch.isClosed() && tx.isClosed() && rx.isClosed());
        assertEquals(List.of(), Support.ourShmEntries(), "every object released");
        try (Channel again = Channel.create(name, ChannelOptions.defaults().capacity(1 << 16));
                Sender tx2 = again.sender(); Receiver rx2 = again.receiver()) {
            assertTrue(tx2.offer(b));
            assertEquals(1, rx2.poll(m -> { }, 10), "the name works again");
        }
        assertTrue(sum[0] > 0);
    }

    /**
     * A large sparse object under the name, not a channel (or a channel grown far past
     * its header's size): open says so, and does not first reserve the object's memory
     * (a READ_WRITE open fills the holes: 256 MiB of /dev/shm for a 256 MiB sparse file,
     * or InsufficientSpaceException instead of the truth for a 1 TiB one).
     */
    @Test
    @org.junit.jupiter.api.condition.EnabledOnOs(org.junit.jupiter.api.condition.OS.LINUX)
    void aLargeSparseObjectIsRefusedWithoutReservingItsMemory() throws Exception {
        String name = Support.uniqueName("sparse");
        Path file = Path.of("/dev/shm", name);
        try {
            for (long size : new long[] {256L << 20, 1L << 40}) {
                try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
                    f.setLength(size);
                    f.write("garbage!".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                }
                IncompatibleChannelException e = assertThrows(IncompatibleChannelException.class,
                        () -> Channel.open(name), "size " + size);
                assertTrue(e.getMessage().contains("not a channel"), e.getMessage());
                assertTrue(blocks(file) < 1024, "the holes were filled: " + blocks(file) + " blocks");
                Files.delete(file);
            }
        } finally {
            Files.deleteIfExists(file);
        }
        String grown = Support.uniqueName("grown");
        try (Channel ch = Channel.create(grown, ChannelOptions.defaults().capacity(1024))) {
            assertTrue(ch.isCreator());
            Path f = Path.of("/dev/shm", grown);
            try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(f.toFile(), "rw")) {
                raf.setLength(256L << 20);
            }
            IncompatibleChannelException e = assertThrows(IncompatibleChannelException.class, () -> Channel.open(grown));
            assertTrue(e.getMessage().contains("far more than"), e.getMessage());
            assertTrue(blocks(f) < 1024, "the holes were filled: " + blocks(f) + " blocks");
        }
    }

    @Test
    void absurdHeadersAndGarbageAreIncompatible() throws Exception {
        List<Consumer<MappedView>> edits = List.of(
                v -> v.putInt(Layout.H_CAPACITY, -1024),
                v -> v.putInt(Layout.H_CAPACITY, Integer.MIN_VALUE),
                v -> v.putInt(Layout.H_CAPACITY, 1 << 30),
                v -> v.putInt(Layout.H_CAPACITY, 1536),
                v -> v.putInt(Layout.H_SLOTS, 0),
                v -> v.putInt(Layout.H_SLOTS, -1),
                v -> v.putInt(Layout.H_SLOTS, 65),
                v -> v.putInt(Layout.H_SLOTS, 1_000_000),
                v -> v.putInt(Layout.H_MODE, 9),
                v -> v.putInt(Layout.H_MAX_MESSAGE, 1 << 20),
                v -> v.putLong(Layout.H_TOTAL_SIZE, 1L << 62),
                v -> v.putLong(Layout.H_TOTAL_SIZE, -1));
        for (int i = 0; i < edits.size(); i++) {
            String name = Support.uniqueName("absurd");
            try (Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(1024));
                    SharedMemory raw = SharedMemory.open(name, Access.READ_WRITE);
                    MappedView v = raw.map(0, Layout.HEADER_SIZE, Access.READ_WRITE)) {
                assertTrue(ch.isCreator());
                edits.get(i).accept(v);
                IncompatibleChannelException e = assertThrows(IncompatibleChannelException.class,
                        () -> Channel.open(name), "edit " + i);
                assertTrue(e.getMessage().contains("contradicts itself"), e.getMessage());
            }
        }
        if (!Support.WINDOWS) {
            String name = Support.uniqueName("garbage");
            Path file = Path.of("/dev/shm", name);
            Files.write(file, new byte[0]);
            try {
                assertThrows(IncompatibleChannelException.class, () -> Channel.open(name), "zero length");
                byte[] random = new byte[(int) Layout.totalSize(1, 1024)];
                new Random(42).nextBytes(random);
                Files.write(file, random);
                assertThrows(IncompatibleChannelException.class, () -> Channel.open(name), "random bytes");
            } finally {
                Files.delete(file);
            }
        }
    }
}
