/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.channel;

import io.github.shm4j.SharedMemoryException;

/**
 * The process on the other end of a channel died ({@code kill -9}, a crash, or it
 * ended without closing its sender or receiver). A receiver throws it once per dead
 * sender, after delivering every message that sender committed; a sender throws it
 * when it waits on a full channel whose receiver died. The channel stays usable: a
 * restarted process may attach again. Immutable and safe to share.
 */
public final class PeerDiedException extends SharedMemoryException {
    private static final long serialVersionUID = 1L;

    PeerDiedException(String operation, String channel, String peer) {
        super("the " + peer + " of channel '" + channel + "' died", operation, channel, 0, "", "",
                "the peer's process died without closing", null);
    }
}
