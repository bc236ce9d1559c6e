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
import org.jspecify.annotations.Nullable;

/** A sender on one slot's ring (single producer): see {@link Layout} for the protocol. */
final class ShmSender implements Sender {
    /**
     * The per-message accesses to the ring and the tail: by address where the JVM allows
     * it. Each is made in a method whose caller then reads a field of this sender, which
     * so stays reachable, and with it {@code buf} and {@code ring}, whose memory the
     * addresses name.
     */
    private static final MappedWords WORDS = MappedWords.INSTANCE;
    private static final VarHandle ARRAY_LONG = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.nativeOrder());
    /** Spin this long on a full ring before parking. */
    private static final long SPIN_NANOS = 20_000;
    /** A busy side probes its peer this often. */
    static final long SLICE_NANOS = 10_000_000;
    /**
     * A parked side wakes this often to probe its peer, whose death it so sees within
     * one slice (the goal is 100 ms). Interrupts end the wait at once; each wake-up
     * costs a parked thread CPU (about 0.1 to 0.2 ms here, mostly in the interpreter:
     * a parked loop never gets hot), so 10 ms slices cost 1-2% of a core.
     */
    static final long PARK_SLICE_NANOS = 40_000_000;
    /** The slice when a peer that publishes without a full barrier could not be given one. */
    static final long SHORT_PARK_SLICE_NANOS = 1_000_000;

    private final Channel channel;
    private final int slot;
    private final Party.Hold hold;
    private final ByteBuffer buf;
    /** The ring, native order, for the record's length word and bytes. */
    private final ByteBuffer ring;
    /** The address of {@code ring}'s index 0 and of {@code buf}'s, for {@link #WORDS}. */
    private final long ringAddress;
    private final long bufAddress;
    private final int capacity;
    private final int mask;
    private final int maxMessage;
    private final int tailAt;
    private final int headAt;
    private final int txParkedAt;
    private final int claimOpenAt;
    /** Commits without a full barrier (see {@link Layout}, {@code noFence}). */
    private final boolean noFence = ProcessBarrier.lightPublisher();
    private long tail;
    private long headCache;
    private @Nullable ClaimImpl claim;
    private volatile boolean closed;

    ShmSender(Channel channel, int slot, Party.Hold hold) {
        this.channel = channel;
        this.slot = slot;
        this.hold = hold;
        this.buf = channel.buffer;
        this.capacity = channel.capacity;
        this.mask = capacity - 1;
        this.maxMessage = channel.maxMessageLength;
        int s = Layout.slot(slot);
        this.tailAt = s + Layout.S_TAIL;
        this.headAt = s + Layout.S_HEAD;
        this.txParkedAt = s + Layout.S_TX_PARKED;
        this.claimOpenAt = s + Layout.S_CLAIM_OPEN;
        int ringAt = Layout.ring(channel.slots, capacity, slot);
        this.ring = buf.slice(ringAt, capacity).order(ByteOrder.nativeOrder());
        this.bufAddress = channel.address;
        this.ringAddress = channel.address + ringAt;
        this.tail = channel.committedTail(slot);
        INT.setVolatile(buf, s + Layout.S_NO_FENCE, noFence ? 1 : 0); // before the first commit
        LONG.setVolatile(buf, tailAt, tail);
        this.headCache = (long) LONG.getAcquire(buf, headAt);
        INT.setVolatile(buf, claimOpenAt, 0);
    }

    @Override
    public int maxMessageLength() {
        return maxMessage;
    }

    @Override
    public boolean offer(ByteBuffer message) {
        int length = message.remaining();
        int at = reserve(length);
        if (at < 0) {
            return false;
        }
        copy(at + Layout.RECORD_HEADER, message, message.position(), length);
        commit(at, length);
        return true;
    }

    @Override
    public boolean offer(byte[] src, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, src.length);
        int at = reserve(length);
        if (at < 0) {
            return false;
        }
        copy(at + Layout.RECORD_HEADER, src, offset, length);
        commit(at, length);
        return true;
    }

    /**
     * Copies a message of up to this many bytes eight at a time, read through a var handle
     * and written through {@link #WORDS} in the same byte order (so the bytes land as they
     * are), a longer one in bulk, through the JVM's copy stub. The figures that follow were
     * measured with var handles on both sides (by address, see the README, the offer is
     * 3 ns cheaper again). In one thread the two cost about the same (32
     * bytes: 4-6 ns, the stub 5-7), but with the stub a 1 to 1 channel between far cores
     * (a cache-line round trip of 450 ns here) carried 32-byte messages at 0.9x Agrona's
     * rate, against 1.14x this way; between near cores (100 ns) the stub made 0.8x, and
     * words copied through ByteBuffer.getLong and putLong (twice the instructions of
     * these) 0.6x (2026-12-07, hundreds of alternating runs in one JVM, medians). With
     * 128-byte messages the stub gave 0.8x the rate of word copies, with 256 about the same.
     */
    private static final int SMALL = 256;

    /** Copies {@code length} bytes of {@code message} from index {@code from} to ring index {@code to}. */
    private void copy(int to, ByteBuffer message, int from, int length) {
        if (length > SMALL) {
            ring.put(to, message, from, length);
            return;
        }
        int i = 0;
        for (; i <= length - Long.BYTES; i += Long.BYTES) { // the same order both ways: bytes as they are
            WORDS.setLong(ring, ringAddress, to + i, (long) LONG.get(message, from + i));
        }
        for (; i < length; i++) {
            ring.put(to + i, message.get(from + i));
        }
    }

    /** Copies {@code length} bytes of {@code src} from index {@code from} to ring index {@code to}. */
    private void copy(int to, byte[] src, int from, int length) {
        if (length > SMALL) {
            ring.put(to, src, from, length);
            return;
        }
        int i = 0;
        for (; i <= length - Long.BYTES; i += Long.BYTES) {
            WORDS.setLong(ring, ringAddress, to + i, (long) ARRAY_LONG.get(src, from + i));
        }
        for (; i < length; i++) {
            ring.put(to + i, src[from + i]);
        }
    }

    /**
     * Finds room for a record of {@code length} at the tail, and for the next record's
     * header word after it (publishing a padding record first when it does not fit
     * before the ring's end).
     *
     * @return the record's index in the ring, or -1 if full
     */
    private int reserve(int length) {
        if (closed) {
            throw new IllegalStateException("sender of channel '" + channel.name + "' is closed");
        }
        if (claim != null) {
            throw new IllegalStateException("a claim is open: commit or abort it first");
        }
        if (length < 0 || length > maxMessage) {
            throw new IllegalArgumentException("message length " + length + " is not in 0.." + maxMessage
                    + " (maxMessageLength)");
        }
        int record = Layout.record(length);
        int at = (int) tail & mask;
        int toEnd = capacity - at;
        if (record > toEnd) {
            if (!hasRoom(toEnd)) {
                return -1;
            }
            tail = write(at, Layout.PADDING, toEnd);
            LONG.setRelease(buf, tailAt, tail);
            at = 0;
        }
        return hasRoom(record) ? at : -1;
    }

    /** Whether {@code bytes} from the tail, and the header word after them, are free. */
    private boolean hasRoom(int bytes) {
        long limit = tail + bytes + Layout.RECORD_HEADER - capacity;
        if (limit <= headCache) {
            return true;
        }
        headCache = (long) LONG.getAcquire(buf, headAt);
        return limit <= headCache;
    }

    /**
     * Commits the message of {@code length} bytes written at ring index {@code at}, then
     * wakes the receiver if it said it parks.
     */
    private void commit(int at, int length) {
        tail = write(at, Layout.header(length), Layout.record(length));
        if (noFence) {
            // the receiver gives this process its barrier before it parks (ProcessBarrier.all)
            WORDS.setLongRelease(buf, bufAddress, tailAt, tail);
        } else {
            // a volatile swap of the slot's tail (a line only this sender writes): the store-load
            // barrier between the header and the flag load (pairs with the receiver's)
            LONG.getAndSet(buf, tailAt, tail);
        }
        if (closed) {
            // closed by another thread (Channel.close) while this sent: the mapping may have been
            // released before the record reached it (it is released after this flag is set)
            throw new IllegalStateException("sender of channel '" + channel.name + "' was closed while it sent:"
                    + " the message may not have been delivered");
        }
        // after the swap (or the release, and the barrier the receiver gives): see Layout
        if (WORDS.getIntVolatile(buf, bufAddress, Layout.H_RX_PARKED) != 0
                && INT.compareAndSet(buf, Layout.H_RX_PARKED, 1, 0)) {
            channel.rxEvent.set();
        }
    }

    /**
     * Makes the record of {@code bytes} at ring index {@code at} readable: the next
     * record's header word first reads {@link Layout#UNWRITTEN}, then this one's
     * {@code header} is stored with release.
     *
     * @return the tail after the record
     */
    private long write(int at, int header, int bytes) {
        long newTail = tail + bytes;
        WORDS.setInt(ring, ringAddress, (int) newTail & mask, Layout.UNWRITTEN);
        WORDS.setIntRelease(ring, ringAddress, at, header);
        return newTail;
    }

    @Override
    public void send(ByteBuffer message) throws InterruptedException {
        sendWithin(message, null);
    }

    @Override
    public boolean send(ByteBuffer message, Duration timeout) throws InterruptedException {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative timeout: " + timeout);
        }
        return sendWithin(message, timeout);
    }

    private boolean sendWithin(ByteBuffer message, @Nullable Duration timeout) throws InterruptedException {
        if (offer(message)) {
            return true;
        }
        long start = System.nanoTime();
        long budget = timeout == null ? Long.MAX_VALUE : saturatedNanos(timeout);
        int seenRxDeaths = (int) INT.getVolatile(buf, Layout.H_RX_DEATHS);
        while (System.nanoTime() - start < Math.min(SPIN_NANOS, budget)) {
            Thread.onSpinWait();
            if (offer(message)) {
                return true;
            }
        }
        for (;;) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            INT.setVolatile(buf, txParkedAt, 1);
            long slice = barrierForPeer((int) INT.getVolatile(buf, Layout.H_RX_NO_FENCE) == 1);
            if (offer(message)) {
                INT.setRelease(buf, txParkedAt, 0);
                return true;
            }
            checkReceiver(seenRxDeaths);
            long left = budget - (System.nanoTime() - start);
            if (left <= 0) {
                INT.setRelease(buf, txParkedAt, 0);
                return false;
            }
            channel.txEvents[slot].await(Duration.ofNanos(Math.min(left, slice)));
        }
    }

    /**
     * Called by a waiting side right after it stored its parked flag: gives a peer that
     * publishes without a full barrier ({@code peerNoFence}) one now, so that the re-check
     * that follows sees its last publication.
     *
     * @return the longest slice to park for: {@link #SHORT_PARK_SLICE_NANOS} when that
     *     barrier could not be had (the peer's last publication is then found at the end of
     *     the slice at the latest), else {@link #PARK_SLICE_NANOS}
     */
    static long barrierForPeer(boolean peerNoFence) {
        return !peerNoFence || ProcessBarrier.all() ? PARK_SLICE_NANOS : SHORT_PARK_SLICE_NANOS;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Throws if the receiver died: while we waited, or before with no receiver since. */
    private void checkReceiver(int seenRxDeaths) {
        int state = (int) INT.getVolatile(buf, Layout.H_RX_STATE);
        if (state == Layout.ATTACHED) {
            Party.probe(channel.rxProbe, () -> {
                if ((int) INT.getVolatile(buf, Layout.H_RX_STATE) == Layout.ATTACHED) {
                    channel.receiverDied();
                }
            });
            state = (int) INT.getVolatile(buf, Layout.H_RX_STATE);
        }
        if (state == Layout.DIED || (int) INT.getVolatile(buf, Layout.H_RX_DEATHS) != seenRxDeaths) {
            INT.setRelease(buf, txParkedAt, 0);
            throw new PeerDiedException("send", channel.name, "receiver");
        }
    }

    @Override
    public @Nullable Claim tryClaim(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length: " + length);
        }
        int at = reserve(length);
        if (at < 0) {
            return null;
        }
        INT.setOpaque(buf, claimOpenAt, 1);
        ClaimImpl c = new ClaimImpl(at, length, ring.slice(at + Layout.RECORD_HEADER, length));
        claim = c;
        return c;
    }

    private void end(ClaimImpl c, boolean commit) {
        if (claim != c) {
            throw new IllegalStateException("this claim was already " + (c.committed ? "committed" : "aborted"));
        }
        if (closed) {
            throw new IllegalStateException("sender of channel '" + channel.name + "' is closed");
        }
        claim = null;
        INT.setOpaque(buf, claimOpenAt, 0);
        if (commit) {
            c.committed = true;
            commit(c.at, c.length);
        }
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
        claim = null;
        try {
            channel.checkIntact();
            INT.setVolatile(buf, claimOpenAt, 0);
            INT.setVolatile(buf, Layout.slot(slot) + Layout.S_STATE, Layout.CLOSED);
        } catch (InternalError fault) { // a peer shrank the object: release the rest all the same
            throw channel.fault(fault);
        } finally {
            leave();
        }
    }

    /** Lets go of the slot and of the channel; idempotent, touches no shared memory. */
    void leave() {
        try {
            Party.detach(hold);
        } finally {
            channel.unregister(this);
        }
    }

    @Override
    public String toString() {
        return "Sender[" + channel.name + ", slot " + slot + (closed ? ", closed]" : "]");
    }

    private final class ClaimImpl implements Claim {
        final int at;
        final int length;
        final ByteBuffer buffer;
        boolean committed;

        ClaimImpl(int at, int length, ByteBuffer buffer) {
            this.at = at;
            this.length = length;
            this.buffer = buffer;
        }

        @Override
        public ByteBuffer buffer() {
            return buffer;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public void commit() {
            end(this, true);
        }

        @Override
        public void abort() {
            end(this, false);
        }
    }
}
