/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.channel;

import static io.github.shm4j.channel.Layout.INT;
import static io.github.shm4j.channel.Layout.LONG;

import io.github.shm4j.Access;
import io.github.shm4j.InvalidNameException;
import io.github.shm4j.MappedView;
import io.github.shm4j.NotFoundException;
import io.github.shm4j.SharedMemory;
import io.github.shm4j.SharedMemoryException;
import io.github.shm4j.WrongObjectTypeException;
import io.github.shm4j.internal.ApiAccess;
import io.github.shm4j.internal.MappedWords;
import io.github.shm4j.sync.EventReset;
import io.github.shm4j.sync.NamedEvent;
import io.github.shm4j.sync.NamedMutex;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A named message channel between processes (or threads), in shared memory: any
 * number of processes open it by name, one {@link Receiver} and one or many
 * {@link Sender}s attach to it, and messages go through without a system call while
 * the channel is busy.
 *
 * <pre>{@code
 * try (Channel ch = Channel.create("Local\\Orders", ChannelOptions.defaults().capacity(1 << 20));
 *      Receiver rx = ch.receiver()) {
 *     // another process: try (Channel ch = Channel.open("Local\\Orders"); Sender tx = ch.sender()) { tx.send(msg); }
 *     rx.receive(message -> handle(message), 100, Duration.ofSeconds(1));
 * }
 * }</pre>
 *
 * <h2>How it works</h2>
 * Each sender slot is a single-producer, single-consumer ring of
 * {@link ChannelOptions#capacity()} bytes in one shared memory object named as the
 * channel; the layout is versioned and documented for C in {@code shm4j_channel.h}. A
 * receiver with nothing to read spins a few microseconds, then sets a flag and sleeps
 * on a named event ({@code NAME.rx}); a sender sets the event only when it sees the
 * flag, so a busy channel makes no system call per message. A sender waiting on a full
 * ring does the same with {@code NAME.txN}. Every party holds a robust named mutex
 * ({@code NAME.rx-lock}, {@code NAME.txN-lock}) while attached, which tells the other
 * side within about 20 ms when its process dies (see {@link PeerDiedException}).
 *
 * <h2>Spinning</h2>
 * A receiver with nothing to read spins 50 µs before it parks; a parked receiver takes
 * a system call and a scheduler wake-up to resume (a few µs on an idle machine, far
 * more on a loaded one). For request/response traffic whose replies come later than
 * that, raise the spin with the system property
 * {@code -Dio.github.shm4j.channel.spinMicros=N} (read once per JVM): more CPU while
 * waiting, less latency. 0 parks at once.
 *
 * <h2>Lifetime</h2>
 * The channel's objects live while some process has the channel open (as
 * {@link io.github.shm4j.NameLifetime#HELD} names do), and a process that was killed
 * leaves nothing that keeps a restarted one from opening it again. {@link #close()}
 * closes the senders and the receiver taken from this instance. Close what you
 * attach: a sender or receiver that is never closed stays attached (its slot taken)
 * until the JVM ends. Instances are thread-safe; the senders and receivers they give
 * are not (one thread each).
 */
public final class Channel implements AutoCloseable {
    private static final long READY_WAIT_NANOS = 2_000_000_000L;

    final String name;
    final int capacity;
    final int slots;
    final Producers producers;
    final int maxMessageLength;
    private final boolean creator;
    private final SharedMemory shm;
    final MappedView view;
    /** The whole object, native order: control words through {@link Layout#INT}/{@link Layout#LONG}. */
    final ByteBuffer buffer;
    /**
     * The address of {@code buffer}'s index 0, for {@link MappedWords#INSTANCE} on the
     * ends' hot paths. Memory stays valid there while {@code buffer} is reachable (after
     * close: zero memory), so an end that accesses by address holds {@code buffer}.
     */
    final long address;
    final NamedEvent rxEvent;
    final NamedEvent[] txEvents;
    final NamedMutex rxProbe;
    final NamedMutex[] txProbes;
    private final List<AutoCloseable> objects;
    private final List<AutoCloseable> ends = new ArrayList<>();
    private boolean closed;
    /** Closed, but an end busy in another thread keeps the objects until it returns. */
    private boolean objectsPending;

    private Channel(String name, SharedMemory shm, MappedView view, boolean creator, List<AutoCloseable> objects,
            NamedEvent rxEvent, NamedEvent[] txEvents, NamedMutex rxProbe, NamedMutex[] txProbes) {
        this.name = name;
        this.shm = shm;
        this.view = view;
        this.creator = creator;
        this.buffer = view.buffer().order(ByteOrder.nativeOrder());
        this.address = ApiAccess.api().address(view);
        this.capacity = (int) INT.getVolatile(buffer, Layout.H_CAPACITY);
        this.slots = (int) INT.getVolatile(buffer, Layout.H_SLOTS);
        this.producers = (int) INT.getVolatile(buffer, Layout.H_MODE) == Layout.MODE_ONE ? Producers.ONE
                : Producers.MANY;
        this.maxMessageLength = (int) INT.getVolatile(buffer, Layout.H_MAX_MESSAGE);
        this.objects = objects;
        this.rxEvent = rxEvent;
        this.txEvents = txEvents;
        this.rxProbe = rxProbe;
        this.txProbes = txProbes;
    }

    /** Creates a channel with the {@linkplain ChannelOptions#defaults() default options}. */
    public static Channel create(String name) {
        return create(name, ChannelOptions.defaults());
    }

    /**
     * Creates a new channel. Nothing is left behind if this fails.
     *
     * @throws io.github.shm4j.AlreadyExistsException if the name (or one its auxiliary objects use) is taken
     * @throws io.github.shm4j.InvalidNameException if the name, or a name derived from it
     *         ({@code NAME.rx}, {@code NAME.tx0-lock}, ...), cannot work on this OS
     * @throws io.github.shm4j.InsufficientSpaceException if the memory cannot be reserved
     */
    public static Channel create(String name, ChannelOptions options) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(options, "options");
        int slots = options.maxSenders();
        int capacity = options.capacity();
        if ((long) slots * capacity > ChannelOptions.MAX_TOTAL_CAPACITY) {
            throw new IllegalArgumentException("capacity times senders is more than "
                    + ChannelOptions.MAX_TOTAL_CAPACITY + " bytes: " + options);
        }
        long total = Layout.totalSize(slots, capacity);
        List<AutoCloseable> made = new ArrayList<>();
        try {
            SharedMemory shm = SharedMemory.create(name, total);
            made.add(shm);
            MappedView view = shm.map(0, total, Access.READ_WRITE);
            ByteBuffer b = view.buffer().order(ByteOrder.nativeOrder());
            INT.setVolatile(b, Layout.H_MAGIC, Layout.MAGIC);
            INT.setVolatile(b, Layout.H_VERSION, Layout.VERSION);
            INT.setVolatile(b, Layout.H_CAPACITY, capacity);
            INT.setVolatile(b, Layout.H_SLOTS, slots);
            INT.setVolatile(b, Layout.H_MODE, options.producers() == Producers.ONE ? Layout.MODE_ONE
                    : Layout.MODE_MANY);
            INT.setVolatile(b, Layout.H_MAX_MESSAGE, Layout.maxMessage(capacity));
            LONG.setVolatile(b, Layout.H_TOTAL_SIZE, total);
            NamedEvent rxEvent = add(made, NamedEvent.create(Layout.receiverEvent(name), EventReset.AUTO, false));
            NamedMutex rxProbe = add(made, NamedMutex.create(Layout.receiverMutex(name)));
            NamedEvent[] txEvents = new NamedEvent[slots];
            NamedMutex[] txProbes = new NamedMutex[slots];
            for (int i = 0; i < slots; i++) {
                txEvents[i] = add(made, NamedEvent.create(Layout.senderEvent(name, i), EventReset.AUTO, false));
                txProbes[i] = add(made, NamedMutex.create(Layout.senderMutex(name, i)));
            }
            INT.setRelease(b, Layout.H_READY, Layout.READY); // last: the channel is complete
            removeStaleSlots(name, slots);
            return new Channel(name, shm, view, true, made, rxEvent, txEvents, rxProbe, txProbes);
        } catch (RuntimeException | Error e) {
            closeAll(made, e);
            throw e;
        }
    }

    /**
     * Removes the names of sender slots {@code slots} and up that an earlier channel of
     * this name, with more senders, left when all its processes were killed. This create
     * replaced its other names; these no one would ever look at again. A stale sync
     * object's last user removes its name, so each is opened and closed. A killed
     * process leaves the first of a channel's names in the order they are made (each end
     * closes them in reverse), so the search ends at the first slot with neither name. A
     * name in use, or not a sync object, stays.
     */
    private static void removeStaleSlots(String name, int slots) {
        for (int i = slots; i < ChannelOptions.MAX_SENDERS; i++) {
            String event = Layout.senderEvent(name, i);
            String mutex = Layout.senderMutex(name, i);
            boolean eventThere = isThere(() -> NamedEvent.open(event).close());
            boolean mutexThere = isThere(() -> NamedMutex.open(mutex).close());
            if (!eventThere && !mutexThere) {
                return;
            }
        }
    }

    /** Runs {@code openAndClose}: whether anything was under the name. */
    private static boolean isThere(Runnable openAndClose) {
        try {
            openAndClose.run();
            return true;
        } catch (NotFoundException | InvalidNameException none) { // a name too long for a higher slot
            return false;
        } catch (SharedMemoryException notOurs) { // another kind of object, or another user's
            return true;
        }
    }

    /**
     * Opens an existing channel, waiting up to 2 s for its creator to finish making it.
     *
     * @throws io.github.shm4j.NotFoundException if no channel has that name
     * @throws IncompatibleChannelException if the object is not a channel, is of another
     *         layout version, is truncated or inconsistent, or was never finished
     * @throws io.github.shm4j.InvalidNameException if the name cannot work on this OS
     */
    public static Channel open(String name) {
        Objects.requireNonNull(name, "name");
        List<AutoCloseable> made = new ArrayList<>();
        try {
            // Read-only first: a READ_WRITE open reserves the whole object's memory, which
            // must not happen for an object that turns out not to be a channel (a sparse
            // 1 GiB one would fill /dev/shm), nor beyond the size a channel's header allows.
            SharedMemory probe = SharedMemory.open(name, Access.READ_ONLY);
            made.add(probe);
            long size = probe.size();
            if (size < Layout.HEADER_SIZE) {
                throw new IncompatibleChannelException(name, "the object has " + size
                        + " bytes, less than a channel's header (" + Layout.HEADER_SIZE + ")");
            }
            MappedView header = probe.map(0, Layout.HEADER_SIZE, Access.READ_ONLY);
            ByteBuffer h = header.buffer().order(ByteOrder.nativeOrder());
            long deadline = System.nanoTime() + READY_WAIT_NANOS;
            for (;;) {
                int magic = (int) INT.getAcquire(h, Layout.H_MAGIC);
                int ready = (int) INT.getAcquire(h, Layout.H_READY);
                if (magic != 0 && magic != Layout.MAGIC) {
                    throw new IncompatibleChannelException(name, String.format(
                            "not a channel (magic 0x%08x, a channel's is 0x%08x)", magic, Layout.MAGIC));
                }
                int version = (int) INT.getAcquire(h, Layout.H_VERSION);
                if (magic == Layout.MAGIC && version != Layout.VERSION) {
                    throw new IncompatibleChannelException(name, "its layout version is " + version
                            + ", this library reads layout version " + Layout.VERSION);
                }
                if (ready == Layout.READY && magic == Layout.MAGIC) {
                    break;
                }
                if (ready != 0 && ready != Layout.READY) {
                    throw new IncompatibleChannelException(name, String.format("garbage ready word 0x%08x", ready));
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IncompatibleChannelException(name, "not a finished channel: its ready word was"
                            + " not written within 2 s (an empty object, or its creator died making it)");
                }
                Thread.onSpinWait();
                sleepBriefly(name);
            }
            int capacity = (int) INT.getAcquire(h, Layout.H_CAPACITY);
            int slots = (int) INT.getAcquire(h, Layout.H_SLOTS);
            int mode = (int) INT.getAcquire(h, Layout.H_MODE);
            int maxMessage = (int) INT.getAcquire(h, Layout.H_MAX_MESSAGE);
            long total = (long) LONG.getAcquire(h, Layout.H_TOTAL_SIZE);
            header.close();
            boolean sane = capacity >= ChannelOptions.MIN_CAPACITY && Integer.bitCount(capacity) == 1
                    && slots >= 1 && slots <= ChannelOptions.MAX_SENDERS
                    && (mode == Layout.MODE_ONE ? slots == 1 : mode == Layout.MODE_MANY)
                    && (long) slots * capacity <= ChannelOptions.MAX_TOTAL_CAPACITY
                    && maxMessage == Layout.maxMessage(capacity) && total == Layout.totalSize(slots, capacity);
            if (!sane) {
                throw new IncompatibleChannelException(name, "its header contradicts itself (capacity " + capacity
                        + ", slots " + slots + ", mode " + mode + ", max message " + maxMessage + ", size " + total
                        + ")");
            }
            if (size < total) {
                throw new IncompatibleChannelException(name, "truncated: the object has " + size
                        + " bytes, its header says " + total);
            }
            if (size > roundUp(total, SIZE_SLACK)) {
                throw new IncompatibleChannelException(name, "the object has " + size + " bytes, far more than"
                        + " the " + total + " its header says");
            }
            SharedMemory shm = SharedMemory.open(name, Access.READ_WRITE);
            made.add(shm);
            MappedView view = shm.map(0, total, Access.READ_WRITE);
            if (shm.size() != size || !sameHeader(view, capacity, slots, mode, total)) {
                throw new IncompatibleChannelException(name, "it was replaced while it was being opened");
            }
            made.remove(probe);
            probe.close();
            NamedEvent rxEvent;
            NamedMutex rxProbe;
            NamedEvent[] txEvents = new NamedEvent[slots];
            NamedMutex[] txProbes = new NamedMutex[slots];
            try {
                rxEvent = add(made, NamedEvent.open(Layout.receiverEvent(name)));
                rxProbe = add(made, NamedMutex.open(Layout.receiverMutex(name)));
                for (int i = 0; i < slots; i++) {
                    txEvents[i] = add(made, NamedEvent.open(Layout.senderEvent(name, i)));
                    txProbes[i] = add(made, NamedMutex.open(Layout.senderMutex(name, i)));
                }
            } catch (NotFoundException | WrongObjectTypeException e) {
                throw new IncompatibleChannelException(name,
                        "its auxiliary objects are missing or of the wrong kind: " + e.getMessage(), e);
            }
            return new Channel(name, shm, view, false, made, rxEvent, txEvents, rxProbe, txProbes);
        } catch (RuntimeException | Error e) {
            closeAll(made, e);
            throw e;
        }
    }

    /**
     * How much larger than its header's total an object may be: the size an opener sees
     * is rounded up to the page (up to 64 KiB pages on aarch64 Linux) or, on Windows, to
     * the section's pages.
     */
    private static final long SIZE_SLACK = 65536;

    private static long roundUp(long n, long unit) {
        return (n + unit - 1) / unit * unit;
    }

    /** Whether the header in {@code view} is the one that was checked. */
    private static boolean sameHeader(MappedView view, int capacity, int slots, int mode, long total) {
        ByteBuffer b = view.buffer().order(ByteOrder.nativeOrder());
        return (int) INT.getAcquire(b, Layout.H_MAGIC) == Layout.MAGIC
                && (int) INT.getAcquire(b, Layout.H_VERSION) == Layout.VERSION
                && (int) INT.getAcquire(b, Layout.H_READY) == Layout.READY
                && (int) INT.getAcquire(b, Layout.H_CAPACITY) == capacity
                && (int) INT.getAcquire(b, Layout.H_SLOTS) == slots
                && (int) INT.getAcquire(b, Layout.H_MODE) == mode
                && (long) LONG.getAcquire(b, Layout.H_TOTAL_SIZE) == total;
    }

    private static void sleepBriefly(String name) {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IncompatibleChannelException(name, "not finished yet, and the thread was interrupted while"
                    + " waiting for its creator to finish it (the interrupt status is kept)");
        }
    }

    private static <T extends AutoCloseable> T add(List<AutoCloseable> made, T object) {
        made.add(object);
        return object;
    }

    private static void closeAll(List<AutoCloseable> made, Throwable failure) {
        for (int i = made.size() - 1; i >= 0; i--) {
            try {
                made.get(i).close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }

    /**
     * Attaches a sender: the only one of a {@link Producers#ONE} channel, or one of up to
     * {@link #maxSenders()}. If the previous sender of its slot died unnoticed, the new
     * one takes its place (the receiver still gets the dead one's committed messages,
     * then a {@link PeerDiedException}).
     *
     * @throws AlreadyAttachedException if the channel's sender slots are all taken by live senders
     * @throws IllegalStateException if this channel is closed
     */
    public Sender sender() {
        ensureOpen();
        // free slots first; then slots marked attached, whose sender may have died unnoticed
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < slots; i++) {
                boolean attached = (int) INT.getVolatile(buffer, Layout.slot(i) + Layout.S_STATE) == Layout.ATTACHED;
                if (attached != (pass == 1)) {
                    continue;
                }
                Sender s = trySender(i);
                if (s != null) {
                    return s;
                }
            }
        }
        throw new AlreadyAttachedException("sender", name, producers == Producers.ONE
                ? "a live sender is attached (Producers.ONE)" : "all " + slots + " sender slots are taken");
    }

    /** Attaches a sender to slot {@code i}, or returns null if a live sender holds it. */
    private @Nullable Sender trySender(int i) {
        Party.Hold hold = Party.attach(Layout.senderMutex(name, i));
        if (hold == null) {
            return null;
        }
        ShmSender s;
        try {
            if (hold.previousDied) {
                senderDied(i);
            }
            INT.setVolatile(buffer, Layout.slot(i) + Layout.S_STATE, Layout.ATTACHED);
            s = new ShmSender(this, i, hold);
        } catch (RuntimeException | Error e) {
            Party.detach(hold);
            throw e;
        }
        if (!register(s)) {
            s.close();
            throw new IllegalStateException("channel '" + name + "' is closed");
        }
        return s;
    }

    /**
     * Attaches the receiver. If the previous receiver died, this one goes on where it
     * stopped: messages it was handling when it died are delivered again.
     *
     * @throws AlreadyAttachedException if a live receiver is attached
     * @throws IllegalStateException if this channel is closed
     */
    public Receiver receiver() {
        ensureOpen();
        Party.Hold hold = Party.attach(Layout.receiverMutex(name));
        if (hold == null) {
            throw new AlreadyAttachedException("receiver", name, "a live receiver is attached");
        }
        ShmReceiver r;
        try {
            if (hold.previousDied) {
                receiverDied();
            }
            INT.setVolatile(buffer, Layout.H_RX_STATE, Layout.ATTACHED);
            r = new ShmReceiver(this, hold);
        } catch (RuntimeException | Error e) {
            Party.detach(hold);
            throw e;
        }
        if (!register(r)) {
            r.close();
            throw new IllegalStateException("channel '" + name + "' is closed");
        }
        return r;
    }

    /**
     * Where slot {@code i}'s next record goes: its tail word, then past any record
     * committed after it (a sender killed between its commit and its tail store, or one
     * that does not store the tail). Call it only while no sender writes the slot.
     */
    long committedTail(int i) {
        int s = Layout.slot(i);
        int ring = Layout.ring(slots, capacity, i);
        long head = (long) LONG.getVolatile(buffer, s + Layout.S_HEAD);
        long tail = (long) LONG.getVolatile(buffer, s + Layout.S_TAIL);
        if (tail < head || tail - head > capacity) {
            tail = head; // not a tail of this ring (garbage): the records from the head decide
        }
        while (tail - head < capacity) {
            int at = (int) tail & (capacity - 1);
            int header = (int) INT.getAcquire(buffer, ring + at);
            if (header == Layout.PADDING) {
                tail += capacity - at;
            } else if (Layout.isMessage(header, at, capacity, maxMessageLength)) {
                tail += Layout.record(Layout.length(header));
            } else {
                break; // unwritten (the end), or not a record: the receiver will say it is corrupt
            }
        }
        return tail;
    }

    /** Records the death of slot {@code i}'s sender; the caller holds the slot's mutex. */
    void senderDied(int i) {
        int s = Layout.slot(i);
        long tail = committedTail(i);
        LONG.setVolatile(buffer, s + Layout.S_TAIL, tail);
        LONG.setVolatile(buffer, s + Layout.S_DEATH_TAIL, tail);
        if ((int) INT.getVolatile(buffer, s + Layout.S_CLAIM_OPEN) != 0) {
            INT.getAndAdd(buffer, s + Layout.S_ABANDONED, 1);
            INT.setVolatile(buffer, s + Layout.S_CLAIM_OPEN, 0);
        }
        INT.setVolatile(buffer, s + Layout.S_STATE, Layout.DIED);
        INT.getAndAdd(buffer, s + Layout.S_DEATHS, 1);
    }

    /** Records the death of the receiver; the caller holds its mutex. */
    void receiverDied() {
        INT.setVolatile(buffer, Layout.H_RX_STATE, Layout.DIED);
        INT.getAndAdd(buffer, Layout.H_RX_DEATHS, 1);
    }

    private synchronized boolean register(AutoCloseable end) {
        if (closed) {
            return false;
        }
        ends.add(end);
        return true;
    }

    /**
     * An end is closed (or its close finished): forgets it, and closes the channel's
     * objects if the channel waited for this end to finish. Never throws: it may run as
     * a receiver's busy call returns.
     */
    void unregister(AutoCloseable end) {
        boolean last;
        synchronized (this) {
            ends.remove(end);
            last = objectsPending && ends.isEmpty();
            if (last) {
                objectsPending = false;
            }
        }
        if (last) {
            RuntimeException failure = closeObjects(null);
            if (failure != null) {
                System.getLogger("io.github.shm4j").log(System.Logger.Level.WARNING,
                        "cannot release channel '" + name + "'", failure);
            }
        }
    }

    private synchronized void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("channel '" + name + "' is closed");
        }
    }

    /** The channel's name, as given. */
    public String name() {
        return name;
    }

    /** The ring size of each sender, in bytes. */
    public int capacity() {
        return capacity;
    }

    /** One sender or many. */
    public Producers producers() {
        return producers;
    }

    /** The most senders at a time. */
    public int maxSenders() {
        return slots;
    }

    /** The longest message, in bytes: {@code capacity() / 8}. */
    public int maxMessageLength() {
        return maxMessageLength;
    }

    /** Whether this instance created the channel. */
    public boolean isCreator() {
        return creator;
    }

    /** Whether this instance is closed. */
    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Closes the senders and the receiver taken from this instance, then its handles;
     * the last process to close the channel removes its names. Idempotent. A receiver
     * busy in another thread (or whose handler closes the channel) stops before its next
     * message, and the handles are released when its call returns; a send racing the
     * close either completes or throws {@link IllegalStateException}.
     *
     * @throws SharedMemoryException if the OS reports an error, or a {@code MemoryFaultException}
     *     if another process shrank the channel's object; everything is released regardless
     */
    @Override
    public void close() {
        List<AutoCloseable> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(ends);
        }
        @Nullable RuntimeException failure = null;
        for (AutoCloseable end : toClose) {
            try {
                end.close();
            } catch (Exception e) {
                failure = addFailure(failure, e);
            } catch (InternalError e) { // reported late by the JDK (see MemoryFaultException)
                failure = addFailure(failure, fault(e));
            }
        }
        if (failure != null) {
            // JDK 17 raises a fault in the channel's memory (a peer shrank the object) at the
            // thread's next check, which may have cut an end's leave short: finish them
            for (AutoCloseable end : toClose) {
                failure = leaveAgain(end instanceof ShmSender ? ((ShmSender) end)::leave
                        : ((ShmReceiver) end)::leave, failure);
            }
        }
        boolean now;
        synchronized (this) {
            // a receiver busy in another thread (or in a handler that closed the channel)
            // finishes its close as it returns: the objects stay until then
            now = ends.isEmpty();
            objectsPending = !now;
        }
        if (now) {
            failure = closeObjects(failure);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private @Nullable RuntimeException closeObjects(@Nullable RuntimeException failure) {
        for (int i = objects.size() - 1; i >= 0; i--) {
            try {
                objects.get(i).close();
            } catch (Exception e) {
                failure = addFailure(failure, e);
            }
        }
        return failure;
    }

    /** Runs an end's idempotent leave until no late fault report cuts it short (one per fault). */
    private static RuntimeException leaveAgain(Runnable leave, RuntimeException failure) {
        for (int tries = 0; tries < 3; tries++) {
            try {
                leave.run();
                return failure;
            } catch (InternalError late) {
                // reported already: the fault is what made close fail
            } catch (RuntimeException e) {
                return addFailure(failure, e);
            }
        }
        return failure;
    }

    /**
     * The typed exception for the JDK's report of a fault in the channel's memory: a peer
     * shrank the object (the JVM survives it; see {@code MemoryFaultException}).
     */
    RuntimeException fault(InternalError e) {
        return ApiAccess.api().memoryFault("the memory of channel '" + name + "'", e);
    }

    /**
     * Before a close writes its state: throws the typed exception, without touching the
     * memory, if a peer shrank the object. A write there would fault, and JDK 17 reports
     * such a fault late, at the thread's next check, wherever that is.
     */
    void checkIntact() {
        long size = ApiAccess.api().currentSize(shm);
        long needed = Layout.totalSize(slots, capacity);
        if (size < needed) {
            throw ApiAccess.api().memoryFault("the memory of channel '" + name + "' (the object now has " + size
                    + " of its " + needed + " bytes)", null);
        }
    }

    private static RuntimeException addFailure(@Nullable RuntimeException failure, Exception e) {
        if (failure == null) {
            return e instanceof RuntimeException ? (RuntimeException) e : new IllegalStateException(e);
        }
        failure.addSuppressed(e);
        return failure;
    }

    @Override
    public String toString() {
        return "Channel[" + name + ", capacity=" + capacity + ", " + producers + ", senders=" + slots + "]";
    }
}
