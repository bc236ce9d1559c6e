/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.internal;

/**
 * The kinds of object shm4j opens: how messages name them, and how the native
 * layer's sync functions number them ({@code SHM_SYNC_*} in
 * native/src/main/c/sync_platform.h; 0 for the memory objects).
 */
public enum ObjectKind {
    SHARED_MEMORY("shared memory", 0),
    FILE("file", 0),
    MUTEX("mutex", 1),
    EVENT("event", 2),
    SEMAPHORE("semaphore", 3);

    private final String noun;
    private final int syncCode;

    ObjectKind(String noun, int syncCode) {
        this.noun = noun;
        this.syncCode = syncCode;
    }

    /** "shared memory", "mutex", ...: what messages call it. */
    public String noun() {
        return noun;
    }

    /** The native layer's number for a sync kind, 0 for the memory objects. */
    public int syncCode() {
        return syncCode;
    }

    /**
     * Whether objects of this kind carry a layout version that the native layer
     * checks at open, so that its UNSUPPORTED means "a layout this library does not
     * know", which to the caller is an object of another kind.
     */
    public boolean hasLayoutVersion() {
        return syncCode != 0;
    }
}
