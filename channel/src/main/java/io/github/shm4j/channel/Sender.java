/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.channel;

import java.nio.ByteBuffer;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The sending end of a channel. Messages are delivered in the order this sender sends
 * them, each once. A message is 0 to {@link #maxMessageLength()} bytes; a longer one
 * throws {@link IllegalArgumentException}.
 *
 * <p>One thread at a time: a sender is not thread-safe (give each thread a sender of
 * its own, with {@link Producers#MANY}, or lock around it). Close it to let another
 * sender attach; closing its channel closes it too.
 */
public interface Sender extends AutoCloseable {
    /** The longest message this sender takes, in bytes. */
    int maxMessageLength();

    /**
     * Sends the bytes between the message's position and limit (the buffer's position is
     * not changed), if there is room now; never blocks.
     *
     * @return whether it was sent ({@code false}: the channel is full)
     * @throws IllegalArgumentException if the message is longer than {@link #maxMessageLength()}
     * @throws IllegalStateException if this sender is closed or a claim is open
     */
    boolean offer(ByteBuffer message);

    /**
     * Sends {@code length} bytes of {@code src} from {@code offset}, if there is room now;
     * never blocks.
     *
     * @return whether it was sent ({@code false}: the channel is full)
     * @throws IndexOutOfBoundsException if the range is not inside {@code src}
     * @throws IllegalArgumentException if {@code length} is longer than {@link #maxMessageLength()}
     * @throws IllegalStateException if this sender is closed or a claim is open
     */
    boolean offer(byte[] src, int offset, int length);

    /**
     * Sends the message, waiting as long as the channel is full.
     *
     * @throws PeerDiedException if the receiver died while this waited (or before, with no new receiver since)
     * @throws InterruptedException if interrupted while waiting (nothing was sent)
     * @throws IllegalArgumentException if the message is longer than {@link #maxMessageLength()}
     * @throws IllegalStateException if this sender is closed, before or while waiting
     */
    void send(ByteBuffer message) throws InterruptedException;

    /**
     * Sends the message, waiting at most {@code timeout} while the channel is full.
     *
     * @return whether it was sent
     * @throws PeerDiedException if the receiver died while this waited (or before, with no new receiver since)
     * @throws InterruptedException if interrupted while waiting (nothing was sent)
     * @throws IllegalArgumentException if the message is too long or the timeout negative
     * @throws IllegalStateException if this sender is closed, before or while waiting
     */
    boolean send(ByteBuffer message, Duration timeout) throws InterruptedException;

    /**
     * Claims space for a message of {@code length} bytes, to be written in place (no
     * copy), then committed or aborted. One claim at a time.
     *
     * @return the claim, or {@code null} if the channel is full now
     * @throws IllegalArgumentException if {@code length} is negative or longer than {@link #maxMessageLength()}
     * @throws IllegalStateException if this sender is closed or a claim is open
     */
    @Nullable Claim tryClaim(int length);

    /** Whether this sender is closed. */
    boolean isClosed();

    /**
     * Detaches from the channel: the receiver still gets every message sent (committed)
     * before. An open claim is aborted. Idempotent.
     */
    @Override
    void close();
}
