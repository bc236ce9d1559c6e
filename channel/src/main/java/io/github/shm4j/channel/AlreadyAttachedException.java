/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.channel;

import io.github.shm4j.SharedMemoryException;

/**
 * A receiver or sender cannot attach: a channel has one receiver at a time, a
 * {@link Producers#ONE} channel one sender, and a {@link Producers#MANY} channel
 * {@link ChannelOptions#maxSenders()}; this one is taken by a live process (this one
 * or another). Close the other end first. Immutable and safe to share.
 */
public final class AlreadyAttachedException extends SharedMemoryException {
    private static final long serialVersionUID = 1L;

    AlreadyAttachedException(String operation, String channel, String why) {
        super("cannot attach to channel '" + channel + "': " + why, operation, channel, 0, "", "", why, null);
    }
}
