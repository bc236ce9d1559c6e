/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.channel;

import static io.github.shm4j.channel.Layout.INT;
import static io.github.shm4j.channel.Layout.LONG;

import io.github.shm4j.internal.MappedWords;
import io.github.shm4j.internal.ProcessBarrier;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/** The receiver: drains the slots' rings in turn; see {@link Layout} for the protocol. */
final class ShmReceiver implements Receiver {
    /**
     * The per-message and per-poll accesses to the rings and slots: by address where the
     * JVM allows it. Each is made in a method that then reads a field of this receiver,
     * which so stays reachable, and with it {@code buf} and {@code rings}, whose memory
     * the addresses name.
     */
    private static final MappedWords WORDS = MappedWords.INSTANCE;
    /**
     * Spin this long with nothing to read before parking: 50 us, or the system property
     * {@code io.github.shm4j.channel.spinMicros} (see {@link Channel}).
     */
    static final long SPIN_NANOS = Math.max(0, Long.getLong("io.github.shm4j.channel.spinMicros", 50)) * 1000;

    private final Channel channel;
    private final Party.Hold hold;
    private final ByteBuffer buf;
    /** The address of {@code buf}'s index 0. */
    private final long bufAddress;
    private final int slots;
    private final int capacity;
    private final int mask;
    private final int maxMessage;
    /**
     * Publishes its head without a full barrier (see {@link Layout}, {@code rxNoFence}),
     * and stores {@link #busy} without one.
     */
    private final boolean noFence = ProcessBarrier.lightPublisher();
    /** Per slot: the ring in native order (length words), and a read-only view for handlers. */
    private final ByteBuffer[] rings;
    /** Per slot: the address of its ring's index 0. */
    private final long[] ringAddresses;
    private final ByteBuffer[] messages;
    private final long[] heads;
    /** Per slot: the deaths counted in the header that this receiver has reported. */
    private final int[] seenDeaths;
    private int next;
    private int calls;
    /**
     * For tests: how often receive parked, and how often a park ended at the end of its
     * slice with messages to read (a wake-up that no sender gave: lost, or never due).
     */
    long parks;
    long lateWakes;
    private long lastProbe = System.nanoTime();
    /** Set first by {@link #close()}: a drain stops before its next message. */
    private volatile boolean closed;
    /**
     * 1 while poll or receive runs, through {@link #BUSY}: written by the receiving
     * thread only, read by {@link #close()} in any thread. A close while busy (from the
     * handler, or from another thread through {@link Channel#close()}) is finished by the
     * busy call as it returns, so that the head is published and the mapping stays valid
     * until the last message is handled. Each side stores its word ({@code busy},
     * {@code closed}) and then reads the other's: a store-load pair, one of the two sees
     * the other. The receiving thread stores without a barrier where {@link #noFence},
     * and close gives it one ({@code ProcessBarrier.all()}): an atomic instruction on each
     * call cost a poll about 12 ns here (2026-12-07).
     */
    @SuppressWarnings("unused") // through BUSY
    private int busy;
    private static final VarHandle BUSY;

    static {
        try {
            BUSY = MethodHandles.lookup().findVarHandle(ShmReceiver.class, "busy", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Set by whoever finishes the close: the closing thread, or the busy call as it returns. */
    private final AtomicBoolean finished = new AtomicBoolean();

    ShmReceiver(Channel channel, Party.Hold hold) {
        this.channel = channel;
        this.hold = hold;
        this.buf = channel.buffer;
        this.bufAddress = channel.address;
        this.slots = channel.slots;
        this.capacity = channel.capacity;
        this.mask = capacity - 1;
        this.maxMessage = channel.maxMessageLength;
        rings = new ByteBuffer[slots];
        ringAddresses = new long[slots];
        messages = new ByteBuffer[slots];
        heads = new long[slots];
        seenDeaths = new int[slots];
        INT.setVolatile(buf, Layout.H_RX_NO_FENCE, noFence ? 1 : 0); // before the first release
        for (int i = 0; i < slots; i++) {
            int ringAt = Layout.ring(slots, capacity, i);
            ByteBuffer r = buf.slice(ringAt, capacity);
            ringAddresses[i] = bufAddress + ringAt;
            messages[i] = r.asReadOnlyBuffer();
            rings[i] = r.order(ByteOrder.nativeOrder());
            int s = Layout.slot(i);
            heads[i] = (long) LONG.getVolatile(buf, s + Layout.S_HEAD);
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
        enter();
        try {
            return pollNow(handler, limit);
        } finally {
            exit();
        }
    }

    /** Marks this receiver busy; refuses a closed one and a second call while one runs. */
    private void enter() {
        if ((int) BUSY.getOpaque(this) != 0) { // sure from a handler, likely from a second thread
            throw new IllegalStateException("receiver of channel '" + channel.name + "': poll or receive was"
                    + " called while another one runs (from its own handler, or from a second thread); a"
                    + " receiver is for one thread, and its handler must not poll it again");
        }
        if (noFence) {
            BUSY.setOpaque(this, 1);
        } else {
            BUSY.setVolatile(this, 1);
        }
        if (closed) { // after the store: see busy
            exit();
            throw closedException();
        }
    }

    /** Ends a busy call; finishes a close that came meanwhile. */
    private void exit() {
        if (noFence) {
            BUSY.setRelease(this, 0);
        } else {
            BUSY.setVolatile(this, 0);
        }
        if (closed) { // after the store: see busy
            finishCloseOnce();
        }
    }

    private IllegalStateException closedException() {
        return new IllegalStateException("receiver of channel '" + channel.name + "' is closed");
    }

    private int pollNow(MessageHandler handler, int limit) {
        if (closed) {
            throw closedException();
        }
        int count = 0;
        int start = next;
        for (int k = 0; k < slots && count < limit; k++) {
            int i = start + k < slots ? start + k : start + k - slots;
            if (!quiet(i)) {
                count += drain(i, handler, limit - count);
            }
        }
        next = next + 1 < slots ? next + 1 : 0;
        return count;
    }

    /**
     * Whether slot {@code i} has nothing to deliver or report: no record at its head and
     * no death since the last one reported; read in the order {@link #drain} reads them.
     * Small enough to be inlined where {@code drain} is not: a turn of receive's spin loop
     * on an empty ring took 17 ns through {@code drain}, 3-4 ns with this check first
     * (2026-12-07, measured without poll's busy mark).
     */
    private boolean quiet(int i) {
        return WORDS.getIntAcquire(rings[i], ringAddresses[i], (int) heads[i] & mask) == Layout.UNWRITTEN
                && WORDS.getIntVolatile(buf, bufAddress, Layout.slot(i) + Layout.S_DEATHS) == seenDeaths[i];
    }

    private int drain(int i, MessageHandler handler, int limit) {
        long head = heads[i];
        int s = Layout.slot(i);
        ByteBuffer ring = rings[i];
        long ringAddress = ringAddresses[i];
        int at = (int) head & mask;
        int header = WORDS.getIntAcquire(ring, ringAddress, at);
        // A death not yet reported: deliver the dead sender's messages, report it, and only
        // then those of a sender that took the slot since. Read after the header: a new
        // sender commits records only after its attach recorded the death.
        long end = Long.MAX_VALUE;
        int deaths = (int) INT.getVolatile(buf, s + Layout.S_DEATHS);
        if (deaths != seenDeaths[i]) {
            end = (long) LONG.getVolatile(buf, s + Layout.S_DEATH_TAIL);
            if (head >= end) {
                seenDeaths[i] = deaths;
                throw new PeerDiedException("receive", channel.name,
                        channel.producers == Producers.ONE ? "sender" : "sender in slot " + i);
            }
        }
        if (header == Layout.UNWRITTEN) {
            return 0;
        }
        ByteBuffer message = messages[i];
        int count = 0;
        try {
            // closed: by the handler, or Channel.close
            while (header != Layout.UNWRITTEN && head < end && count < limit && !closed) {
                if (header == Layout.PADDING) {
                    head += capacity - at;
                } else {
                    int length = Layout.length(header);
                    if (!Layout.isMessage(header, at, capacity, maxMessage)) {
                        throw new IncompatibleChannelException(channel.name, "corrupt record at position " + head
                                + " of sender slot " + i + ": header word " + header + (header > 0
                                        && length <= maxMessage ? ", past the end of the ring" : ""));
                    }
                    head += Layout.record(length); // before the handler: if it throws, the message was delivered
                    count++;
                    message.clear().position(at + Layout.RECORD_HEADER).limit(at + Layout.RECORD_HEADER + length);
                    handler.onMessage(message);
                }
                at = (int) head & mask;
                header = WORDS.getIntAcquire(ring, ringAddress, at);
            }
        } finally {
            heads[i] = head;
            release(i, s);
        }
        return count;
    }

    /** Publishes the slot's head, then wakes its sender if it said it parks. */
    private void release(int i, int s) {
        if (noFence) {
            WORDS.setLongRelease(buf, bufAddress, s + Layout.S_HEAD, heads[i]); // a parking sender gives this process its barrier
        } else {
            LONG.getAndSet(buf, s + Layout.S_HEAD, heads[i]); // release, then a store-load barrier (pairs with the sender's)
        }
        if (WORDS.getIntVolatile(buf, bufAddress, s + Layout.S_TX_PARKED) != 0 // after the publication: see Layout
                && INT.compareAndSet(buf, s + Layout.S_TX_PARKED, 1, 0)) {
            channel.txEvents[i].set();
        }
    }

    /** Whether a slot's sender (attached now or before) commits without a full barrier. */
    private boolean sendersWithoutFence() {
        for (int i = 0; i < slots; i++) {
            if ((int) INT.getVolatile(buf, Layout.slot(i) + Layout.S_NO_FENCE) == 1) {
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
        Objects.requireNonNull(handler, "handler");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        enter();
        try {
            return receiveNow(handler, limit, timeout);
        } finally {
            exit();
        }
    }

    private int receiveNow(MessageHandler handler, int limit, Duration timeout) throws InterruptedException {
        if ((++calls & 1023) == 0 && System.nanoTime() - lastProbe > ShmSender.SLICE_NANOS) {
            // a busy channel never parks: still notice a dead sender (and count its open claim)
            lastProbe = System.nanoTime();
            probeSenders();
        }
        int n = pollNow(handler, limit);
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
        // Poll every turn (latency), read the clock every 64th (cost). Polling itself, rather
        // than a check first and a poll once it says yes, hands a message over 10-20 ns sooner
        // a round trip (ping-pong, measured 2026-12-06).
        for (int k = 1;; k++) {
            n = pollNow(handler, limit);
            if (n > 0) {
                return n;
            }
            Thread.onSpinWait();
            if ((k & 63) == 0 && System.nanoTime() - start >= spin) { // a close: pollNow throws
                break;
            }
        }
        boolean sliceEnded = false;
        try {
            for (;;) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                if (closed) {
                    throw closedException();
                }
                // then re-check: pairs with the sender's fence, or with the barrier that
                // barrierForPeer gives a sender that commits without one
                INT.setVolatile(buf, Layout.H_RX_PARKED, 1);
                long slice = ShmSender.barrierForPeer(sendersWithoutFence());
                n = pollNow(handler, limit);
                if (n == 0) {
                    probeSenders();
                    n = pollNow(handler, limit); // reports a death the probe found
                }
                if (n > 0) {
                    if (sliceEnded) {
                        lateWakes++;
                    }
                    return n;
                }
                long left = budget - (System.nanoTime() - start);
                if (left <= 0) {
                    return 0;
                }
                parks++;
                sliceEnded = !channel.rxEvent.await(Duration.ofNanos(Math.min(left, slice))) && left > slice;
                if (closed) {
                    throw closedException();
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

    /**
     * Closes; if poll or receive runs meanwhile (the handler closed this receiver, or
     * another thread closed its channel), that call stops before its next message,
     * publishes what it consumed and finishes the close as it returns.
     */
    @Override
    public void close() {
        closed = true;
        if (noFence && !ProcessBarrier.all()) {
            // No barrier for the receiving thread: let its store of busy reach memory (a
            // store buffer drains within microseconds) before reading it.
            long end = System.nanoTime() + 1_000_000;
            for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
        }
        if ((int) BUSY.getVolatile(this) == 0) {
            finishCloseOnce(); // or the call that came since does, as it backs out
        } else {
            wakeParked();
        }
    }

    /** Wakes a receive parked in another thread, so that it sees the close now. */
    private void wakeParked() {
        try {
            channel.rxEvent.set();
        } catch (RuntimeException alreadyClosed) {
            // it then wakes at the end of its slice
        }
    }

    private void finishCloseOnce() {
        if (finished.compareAndSet(false, true)) {
            finishClose();
        }
    }

    private void finishClose() {
        try {
            channel.checkIntact();
            INT.setVolatile(buf, Layout.H_RX_STATE, Layout.CLOSED);
        } catch (InternalError fault) { // a peer shrank the object: release the rest all the same
            throw channel.fault(fault);
        } finally {
            leave();
        }
    }

    /**
     * Once the close is finished (not while a call that will finish it runs): lets go of
     * the channel; idempotent, touches no shared memory.
     */
    void leave() {
        if (finished.get()) {
            try {
                Party.detach(hold);
            } finally {
                channel.unregister(this);
            }
        }
    }

    @Override
    public String toString() {
        return "Receiver[" + channel.name + (closed ? ", closed]" : "]");
    }
}
