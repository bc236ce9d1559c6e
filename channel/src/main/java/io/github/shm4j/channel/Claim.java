/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.channel;

import java.nio.ByteBuffer;

/**
 * Space for one message, taken by {@link Sender#tryClaim(int)}: fill {@link #buffer()},
 * then {@link #commit()} to send it or {@link #abort()} to give the space back. Until
 * then the sender sends nothing else. Not thread-safe: use it in the sender's thread.
 */
public interface Claim {
    /**
     * The message's bytes, position 0 and limit the claimed length; write them
     * absolutely or relatively. Valid only until {@link #commit()} or {@link #abort()}.
     */
    ByteBuffer buffer();

    /** The claimed length in bytes. */
    int length();

    /**
     * Sends the message. The receiver sees it whole or not at all.
     *
     * @throws IllegalStateException if already committed or aborted, or the sender is closed
     */
    void commit();

    /**
     * Gives the space back; nothing is sent.
     *
     * @throws IllegalStateException if already committed or aborted, or the sender is closed
     */
    void abort();
}
