/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.sync;

/** How a {@link NamedEvent} returns to the reset state (as Win32's {@code bManualReset}). */
public enum EventReset {
    /**
     * A waiter that sees the event set resets it: each {@link NamedEvent#set()}
     * releases one waiter (or the next one to come). Sets that come while the event
     * is already set are not counted.
     */
    AUTO,
    /** The event stays set, releasing every waiter, until {@link NamedEvent#reset()}. */
    MANUAL
}
