/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.channel;

import java.util.Objects;

/**
 * How {@link Channel#create} makes a channel: the ring capacity, how many senders, and
 * (for {@link Producers#MANY}) the most senders at a time. Immutable: each {@code with}
 * method returns a copy. Defaults: capacity 1 MiB, {@link Producers#ONE}, 8 senders
 * for {@code MANY}.
 */
public final class ChannelOptions {
    /** The smallest capacity, in bytes. */
    public static final int MIN_CAPACITY = 1024;
    /** The largest total ring size (capacity times sender slots), in bytes. */
    public static final int MAX_TOTAL_CAPACITY = 1 << 30;
    /** The most senders of a {@link Producers#MANY} channel. */
    public static final int MAX_SENDERS = 64;

    private static final ChannelOptions DEFAULTS = new ChannelOptions(1 << 20, Producers.ONE, 8);

    private final int capacity;
    private final Producers producers;
    private final int maxSenders;

    private ChannelOptions(int capacity, Producers producers, int maxSenders) {
        this.capacity = capacity;
        this.producers = producers;
        this.maxSenders = maxSenders;
    }

    /** The defaults: capacity 1 MiB, {@link Producers#ONE}. */
    public static ChannelOptions defaults() {
        return DEFAULTS;
    }

    /**
     * The size of each sender's ring in bytes: a power of two of at least
     * {@link #MIN_CAPACITY}. A message takes its length plus 4, rounded up to 8 (a
     * full ring keeps the 4 bytes after its last record free); the longest message is
     * {@code capacity / 8}.
     *
     * @throws IllegalArgumentException if not a power of two, or below {@link #MIN_CAPACITY}
     */
    public ChannelOptions capacity(int capacity) {
        if (capacity < MIN_CAPACITY || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two of at least " + MIN_CAPACITY
                    + " bytes: " + capacity);
        }
        return new ChannelOptions(capacity, producers, maxSenders);
    }

    /** One sender at a time, or many. */
    public ChannelOptions producers(Producers producers) {
        return new ChannelOptions(capacity, Objects.requireNonNull(producers, "producers"), maxSenders);
    }

    /**
     * The most live senders of a {@link Producers#MANY} channel (each has a ring of
     * {@link #capacity()} bytes); ignored for {@link Producers#ONE}.
     *
     * @throws IllegalArgumentException if not in {@code 1..}{@link #MAX_SENDERS}
     */
    public ChannelOptions maxSenders(int maxSenders) {
        if (maxSenders < 1 || maxSenders > MAX_SENDERS) {
            throw new IllegalArgumentException("maxSenders must be in 1.." + MAX_SENDERS + ": " + maxSenders);
        }
        return new ChannelOptions(capacity, producers, maxSenders);
    }

    /** The ring size of each sender, in bytes. */
    public int capacity() {
        return capacity;
    }

    /** One sender or many. */
    public Producers producers() {
        return producers;
    }

    /** The most senders at a time: 1 for {@link Producers#ONE}. */
    public int maxSenders() {
        return producers == Producers.ONE ? 1 : maxSenders;
    }

    @Override
    public String toString() {
        return "ChannelOptions[capacity=" + capacity + ", producers=" + producers + ", maxSenders=" + maxSenders()
                + "]";
    }
}
