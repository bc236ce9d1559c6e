/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * A message channel between processes: {@link io.github.shm4j.channel.Channel} creates
 * or opens one by name, {@link io.github.shm4j.channel.Sender} puts messages in and
 * {@link io.github.shm4j.channel.Receiver} takes them out, in order per sender, none
 * lost or duplicated. {@code Sender}, {@code Receiver}, {@code Claim} and
 * {@code MessageHandler} say nothing of shared memory, so another transport can
 * implement them.
 *
 * <p>The promises: no method returns {@code null} except {@link
 * io.github.shm4j.channel.Sender#tryClaim(int)} when the channel is full; every failure
 * of the channel is an unchecked {@link io.github.shm4j.SharedMemoryException} (or a
 * standard Java exception for a caller's mistake, as each method documents).
 */
@NullMarked
package io.github.shm4j.channel;

import org.jspecify.annotations.NullMarked;
