/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.channel;

import static io.github.shm4j.channel.Layout.INT;
import static io.github.shm4j.channel.Layout.LONG;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Objects;

/** The receiver: drains the slots' rings in turn; see {@link Layout} for the protocol. */
final class ShmReceiver implements Receiver {
    /**
     * Spin this long with nothing to read before parking: 50 us, or the system property
     * {@code io.github.shm4j.channel.spinMicros} (see {@link Channel}).
     */
    static final long SPIN_NANOS = Math.max(0, Long.getLong("io.github.shm4j.channel.spinMicros", 50)) * 1000;

    private final Channel channel;
    private final Party.Hold hold;
    private final ByteBuffer buf;
    private final int slots;
    private final int capacity;
    private final int mask;
    private final int maxMessage;
    /** Per slot: the ring in native order (length words), and a read-only view for handlers. */
    private final ByteBuffer[] rings;
    private final ByteBuffer[] messages;
    private final long[] heads;
    private final long[] tails;
    /** Per slot: the deaths counted in the header that this receiver has reported. */
    private final int[] seenDeaths;
    private int next;
    private int calls;
    private long lastProbe = System.nanoTime();
    private volatile boolean closed;

    ShmReceiver(Channel channel, Party.Hold hold) {
        this.channel = channel;
        this.hold = hold;
        this.buf = channel.buffer;
        this.slots = channel.slots;
        this.capacity = channel.capacity;
        this.mask = capacity - 1;
        this.maxMessage = channel.maxMessageLength;
        rings = new ByteBuffer[slots];
        messages = new ByteBuffer[slots];
        heads = new long[slots];
        tails = new long[slots];
        seenDeaths = new int[slots];
        for (int i = 0; i < slots; i++) {
            ByteBuffer r = buf.slice(Layout.ring(slots, capacity, i), capacity);
            messages[i] = r.asReadOnlyBuffer();
            rings[i] = r.order(ByteOrder.nativeOrder());
            int s = Layout.slot(i);
            heads[i] = (long) LONG.getVolatile(buf, s + Layout.S_HEAD);
            tails[i] = heads[i];
            // a death whose messages are all delivered is old news for a new receiver
            int deaths = (int) INT.getVolatile(buf, s + Layout.S_DEATHS);
            long deathTail = (long) LONG.getVolatile(buf, s + Layout.S_DEATH_TAIL);
            seenDeaths[i] = heads[i] >= deathTail ? deaths : deaths - 1;
        }
    }

    @Override
    public int poll(MessageHandler handler, int limit) {
        Objects.requireNonNull(handler, "handler");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        if (closed) {
            throw new IllegalStateException("receiver of channel '" + channel.name + "' is closed");
        }
        int count = 0;
        int start = next;
        for (int k = 0; k < slots && count < limit; k++) {
            int i = start + k < slots ? start + k : start + k - slots;
            count += drain(i, handler, limit - count);
        }
        next = next + 1 < slots ? next + 1 : 0;
        return count;
    }

    private int drain(int i, MessageHandler handler, int limit) {
        long head = heads[i];
        long tail = tails[i];
        int s = Layout.slot(i);
        if (head == tail) {
            tail = (long) LONG.getAcquire(buf, s + Layout.S_TAIL);
            tails[i] = tail;
            if (head == tail) {
                checkDeath(i, head);
                return 0;
            }
        }
        ByteBuffer ring = rings[i];
        ByteBuffer message = messages[i];
        int count = 0;
        try {
            while (head < tail && count < limit) {
                int at = (int) head & mask;
                int length = ring.getInt(at);
                if (length == Layout.PADDING) {
                    head += capacity - at;
                    continue;
                }
                if (length < 0 || length > maxMessage) {
                    throw new IncompatibleChannelException(channel.name, "corrupt record at position " + head
                            + " of sender slot " + i + ": length " + length);
                }
                head += Layout.record(length); // before the handler: if it throws, the message was delivered
                count++;
                message.clear().position(at + Layout.RECORD_HEADER).limit(at + Layout.RECORD_HEADER + length);
                handler.onMessage(message);
            }
        } finally {
            heads[i] = head;
            release(i, s);
        }
        return count;
    }

    /** Publishes the slot's head, then wakes its sender if it said it parks. */
    private void release(int i, int s) {
        LONG.getAndSet(buf, s + Layout.S_HEAD, heads[i]); // release, then a store-load barrier (pairs with the sender's)
        if ((int) INT.getVolatile(buf, s + Layout.S_TX_PARKED) != 0
                && INT.compareAndSet(buf, s + Layout.S_TX_PARKED, 1, 0)) {
            channel.txEvents[i].set();
        }
    }

    /** Slot {@code i} is drained up to {@code head}: report a death whose messages are all delivered. */
    private void checkDeath(int i, long head) {
        int s = Layout.slot(i);
        int deaths = (int) INT.getVolatile(buf, s + Layout.S_DEATHS);
        if (deaths != seenDeaths[i] && head >= (long) LONG.getVolatile(buf, s + Layout.S_DEATH_TAIL)) {
            seenDeaths[i] = deaths;
            throw new PeerDiedException("receive", channel.name,
                    channel.producers == Producers.ONE ? "sender" : "sender in slot " + i);
        }
    }

    private boolean anyReady() {
        for (int i = 0; i < slots; i++) {
            int s = Layout.slot(i);
            if ((long) LONG.getAcquire(buf, s + Layout.S_TAIL) != heads[i]
                    || (int) INT.getVolatile(buf, s + Layout.S_DEATHS) != seenDeaths[i]) {
                return true;
            }
        }
        return false;
    }

    /** Probes every attached sender; a dead one is recorded (and reported by the next poll). */
    private void probeSenders() {
        for (int i = 0; i < slots; i++) {
            int s = Layout.slot(i);
            if ((int) INT.getVolatile(buf, s + Layout.S_STATE) == Layout.ATTACHED) {
                int slot = i;
                Party.probe(channel.txProbes[i], () -> {
                    if ((int) INT.getVolatile(buf, s + Layout.S_STATE) == Layout.ATTACHED) {
                        channel.senderDied(slot);
                    }
                });
            }
        }
    }

    @Override
    public int receive(MessageHandler handler, int limit, Duration timeout) throws InterruptedException {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative timeout: " + timeout);
        }
        if ((++calls & 1023) == 0 && System.nanoTime() - lastProbe > ShmSender.SLICE_NANOS) {
            // a busy channel never parks: still notice a dead sender (and count its open claim)
            lastProbe = System.nanoTime();
            probeSenders();
        }
        int n = poll(handler, limit);
        if (n > 0) {
            return n;
        }
        long start = System.nanoTime();
        long budget;
        try {
            budget = timeout.toNanos();
        } catch (ArithmeticException e) {
            budget = Long.MAX_VALUE;
        }
        long spin = Math.min(SPIN_NANOS, budget);
        for (int k = 1;; k++) { // check every turn (latency), the clock every 64th (cost)
            if (anyReady()) {
                n = poll(handler, limit);
                if (n > 0) {
                    return n;
                }
            }
            Thread.onSpinWait();
            if ((k & 63) == 0 && System.nanoTime() - start >= spin) {
                break;
            }
        }
        try {
            for (;;) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                INT.setVolatile(buf, Layout.H_RX_PARKED, 1); // then re-check (pairs with the sender's fence)
                n = poll(handler, limit);
                if (n > 0) {
                    return n;
                }
                probeSenders();
                n = poll(handler, limit); // reports a death the probe found
                if (n > 0) {
                    return n;
                }
                long left = budget - (System.nanoTime() - start);
                if (left <= 0) {
                    return 0;
                }
                channel.rxEvent.await(Duration.ofNanos(Math.min(left, ShmSender.PARK_SLICE_NANOS)));
                if (closed) {
                    throw new IllegalStateException("receiver of channel '" + channel.name + "' is closed");
                }
            }
        } finally {
            INT.setRelease(buf, Layout.H_RX_PARKED, 0);
        }
    }

    @Override
    public long abandonedClaims() {
        long sum = 0;
        for (int i = 0; i < slots; i++) {
            sum += (int) INT.getVolatile(buf, Layout.slot(i) + Layout.S_ABANDONED);
        }
        return sum;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        INT.setVolatile(buf, Layout.H_RX_STATE, Layout.CLOSED);
        channel.rxEvent.set(); // a receive parked in another thread sees the close now, not a slice later
        channel.unregister(this);
        Party.detach(hold);
    }

    @Override
    public String toString() {
        return "Receiver[" + channel.name + (closed ? ", closed]" : "]");
    }
}
