/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.channel;

import io.github.shm4j.SharedMemoryException;
import org.jspecify.annotations.Nullable;

/**
 * The name belongs to a shared memory object that is not a channel this library can
 * use: not a channel at all (another magic number, or too short to hold a channel's
 * header), a channel of another layout version (the message names both versions),
 * a header that contradicts itself or the object's size, or a channel whose creator
 * never finished making it. Immutable and safe to share.
 */
public final class IncompatibleChannelException extends SharedMemoryException {
    private static final long serialVersionUID = 1L;

    IncompatibleChannelException(String channel, String why) {
        this(channel, why, null);
    }

    IncompatibleChannelException(String channel, String why, @Nullable Throwable cause) {
        super("cannot open channel '" + channel + "': " + why, "open", channel, 0, "", "", why, cause);
    }
}
