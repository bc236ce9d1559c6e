/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.sync;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.spi.AbstractInterruptibleChannel;

/**
 * Lets {@link Thread#interrupt()} end a native wait at once, where waits are
 * cancellable ({@code SyncNative.cancellable()}, Linux 5.16+). Each thread has an
 * interrupt word (4 bytes of native memory) that its event and semaphore waits watch
 * besides the object's futex word. For the length of one wait the thread is "blocked
 * on" this channel, the JDK's one public hook into {@code Thread.interrupt()}: the
 * interrupting thread sets the interrupt flag, then calls {@link #implCloseChannel()},
 * which raises the word and wakes the wait. A channel is closed by its first
 * interrupt, so each wait takes a new one; the word is the thread's own.
 */
final class WaitInterrupt extends AbstractInterruptibleChannel {
    private static final ThreadLocal<ByteBuffer> WORDS =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(Integer.BYTES).order(ByteOrder.nativeOrder()));

    /** The calling thread's interrupt word; 0 until an interrupt raises it. */
    final ByteBuffer word;

    private WaitInterrupt(ByteBuffer word) {
        this.word = word;
    }

    /**
     * Starts a wait of the calling thread: lowers its word, then hooks it to
     * {@code Thread.interrupt()} (raised at once if the thread is already interrupted).
     */
    static WaitInterrupt start() {
        WaitInterrupt w = new WaitInterrupt(WORDS.get());
        w.word.putInt(0, 0);
        w.begin();
        return w;
    }

    /** Lowers the word again after a wake-up that was no interrupt of this wait. */
    void lower() {
        word.putInt(0, 0);
    }

    /** Ends the wait: unhooks. An interrupt shows in the thread's interrupt flag. */
    void end() {
        try {
            end(true);
        } catch (AsynchronousCloseException interruptedMeanwhile) {
            // ClosedByInterruptException: the caller sees Thread.interrupted()
        }
    }

    @Override
    protected void implCloseChannel() {
        SyncNative.interrupt(word);
    }
}
