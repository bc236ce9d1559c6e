/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.channel;

/** How many senders a channel takes at a time, chosen by its creator. */
public enum Producers {
    /** At most one live {@link Sender}; a second one gets {@link AlreadyAttachedException}. */
    ONE,
    /**
     * Up to {@link ChannelOptions#maxSenders()} live senders, in this process or others.
     * Each sender has a ring of its own (so senders never contend with each other);
     * order is kept per sender, and the receiver takes turns between them.
     */
    MANY
}
