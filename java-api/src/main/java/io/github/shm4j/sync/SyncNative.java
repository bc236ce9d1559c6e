/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.sync;

import org.jspecify.annotations.Nullable;

/**
 * The JNI entry points of the sync objects (native/src/main/c/jni/sync_jni.c), bound by
 * {@code RegisterNatives} when the library loads. Package-private: handles are
 * addresses of native objects and must not reach users. Failures are thrown as
 * {@code io.github.shm4j.internal.NativeException}.
 */
final class SyncNative {
    /** The mode of a new POSIX sync object: owner read/write only ({@code SHM_DEFAULT_PERM}). */
    static final int OWNER_ONLY = 0600;

    /** Outcomes of {@link #lock}, {@link #await}, {@link #acquire}. */
    static final int ACQUIRED = 0;
    static final int TIMEOUT = 1;
    static final int OWNER_DIED = 2;
    /** The wait was ended by {@link #cancelWaits} or the thread's interrupt word. */
    static final int CANCELLED = 3;

    private SyncNative() {}

    /** Creates a named object: event a = manual, b = initially set; semaphore a = initial, b = max. */
    static native long create(byte[] name, int kind, int a, int b, int perm);

    static native long open(byte[] name, int kind);

    static native void close(long handle);

    /** Waits at most timeoutNanos (0: try, < 0: no limit); returns an outcome; interrupt as for {@link #await}. */
    static native int lock(long handle, long timeoutNanos, java.nio.@Nullable ByteBuffer interrupt);

    static native void unlock(long handle);

    static native void set(long handle);

    static native void reset(long handle);

    /**
     * Waits for the event; interrupt is the calling thread's {@link WaitInterrupt} word
     * or null. Where {@link #cancellable()}, the wait also ends (CANCELLED) when that
     * word is raised or {@link #cancelWaits} runs.
     */
    static native int await(long handle, long timeoutNanos, java.nio.@Nullable ByteBuffer interrupt);

    /** Takes a unit of the semaphore; interrupt as for {@link #await}. */
    static native int acquire(long handle, long timeoutNanos, java.nio.@Nullable ByteBuffer interrupt);

    /** Whether waits see {@link #cancelWaits} and interrupt words (Linux 5.16+). */
    static native boolean cancellable();

    /** Ends every wait on the handle, now and later, with CANCELLED (before close). */
    static native void cancelWaits(long handle);

    /** Raises an interrupt word and wakes the wait watching it. */
    static native void interrupt(java.nio.ByteBuffer word);

    /** Adds n; returns the previous count, or -1 if that would pass the maximum. */
    static native long release(long handle, int n);

    // ---- the mutex fast path (NamedMutexFastPath)

    /**
     * The calling thread's robust list window (glibc's robust_prev and robust_list_head,
     * 32 bytes), once the native probe checked every detail of it on this thread; null
     * if the fast path cannot work here.
     */
    static native java.nio.@Nullable ByteBuffer fastThread();

    /** The OS thread id of the calling thread. */
    static native int threadId();

    /**
     * Gives the mutex's mapping to the fast path: returns a mapping handle, after which the
     * handle's close leaves it mapped and {@link #unmap} unmaps it; 0 if this mutex has no
     * fast path.
     */
    static native long fastDetach(long handle);

    /** A direct buffer over the whole mapping (128 bytes; no cleaner). */
    static native java.nio.ByteBuffer mappingBuffer(long mapping);

    /** The mapping's address, a value the fast path writes into robust lists. */
    static native long mappingAddress(long mapping);

    /** Unmaps a mapping, once its sync handle is closed and nothing uses it. */
    static native void unmap(long mapping);

    /** pthread_mutex_unlock of the mutex in the mapping. */
    static native void unlockAt(long mapping);

    /** Wakes one sleeper on the lock word of the mutex in the mapping. */
    static native void wakeAt(long mapping);
}
