/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.channel;

import java.nio.ByteBuffer;

/** Takes the messages a {@link Receiver} delivers, one call per message, in the receiver's thread. */
@FunctionalInterface
public interface MessageHandler {
    /**
     * Handles one message: its bytes are those between {@code message.position()} and
     * {@code message.limit()} (read them with relative gets, or absolute ones from
     * {@code position()}). The buffer is read-only and valid only during this call:
     * copy what you keep. An exception thrown here ends the {@code poll} or
     * {@code receive} call; the message counts as delivered. The handler must not poll or
     * receive on its own receiver ({@link IllegalStateException}); it may close it, which
     * ends the call after this message.
     */
    void onMessage(ByteBuffer message);
}
