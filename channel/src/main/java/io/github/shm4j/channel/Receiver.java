/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.channel;

import java.time.Duration;

/**
 * The receiving end of a channel: delivers each committed message once, in order per
 * sender, to a {@link MessageHandler}. One thread at a time (not thread-safe).
 *
 * <h2>Peer death</h2>
 * When a sender's process dies, this receiver first delivers every message it
 * committed, then throws {@link PeerDiedException} once for that death; the channel
 * stays usable (other senders go on, and a new sender may attach). A message that the
 * dead sender had claimed but not committed is never delivered; {@link #abandonedClaims()}
 * counts them. A death is found by {@link #receive} (which probes the senders while it
 * waits, and about every 10 ms on a busy channel) or by a new sender taking the dead one's
 * slot; {@link #poll} reports only deaths already found.
 *
 * <p>When the receiver's own process dies, the next receiver goes on where it stopped,
 * except that the messages of its last {@code poll} or {@code receive} call (at most its
 * {@code limit}) may be delivered again, since nothing tells how far its handler got. No
 * message is lost.
 */
public interface Receiver extends AutoCloseable {
    /**
     * Delivers up to {@code limit} messages that are ready now; never blocks.
     *
     * @return how many were delivered
     * @throws PeerDiedException if a sender died and all its committed messages were delivered
     * @throws IllegalArgumentException if {@code limit < 1}
     * @throws IllegalStateException if this receiver is closed, or if called while a poll or
     *         receive of this receiver runs (from its handler)
     */
    int poll(MessageHandler handler, int limit);

    /**
     * Delivers up to {@code limit} messages, waiting at most {@code timeout} for the
     * first one: it spins a few microseconds, then sleeps until a sender wakes it.
     *
     * @return how many were delivered, 0 if none came within the timeout
     * @throws PeerDiedException if a sender died and all its committed messages were delivered
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalArgumentException if {@code limit < 1} or the timeout is negative
     * @throws IllegalStateException if this receiver is closed, before or while waiting, or if
     *         called while a poll or receive of this receiver runs (from its handler)
     */
    int receive(MessageHandler handler, int limit, Duration timeout) throws InterruptedException;

    /**
     * How many messages senders claimed but never committed because they died (see
     * {@link Sender#tryClaim(int)}), as this receiver has noticed them.
     */
    long abandonedClaims();

    /** Whether this receiver is closed. */
    boolean isClosed();

    /**
     * Detaches from the channel, so that another receiver may attach. Idempotent. Called
     * from a handler (or by another thread closing the channel), the running poll or
     * receive delivers no further message and detaches as it returns.
     */
    @Override
    void close();
}
