/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.sync;

import io.github.shm4j.internal.ApiAccess;
import io.github.shm4j.internal.MappedWords;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jspecify.annotations.Nullable;

/**
 * Locks and unlocks a free {@link NamedMutex} on Linux with glibc without a JNI call,
 * the way glibc's {@code pthread_mutex_lock} and {@code pthread_mutex_unlock} do it for
 * a robust, process-shared, error-checking mutex (see {@code sync_posix.c}, "the Java
 * fast path"):
 *
 * <ul>
 * <li>lock: {@code list_op_pending} := the mutex's list entry; CAS of the lock word
 *     from 0 to the thread's TID; link the entry at the head of the thread's robust
 *     list; clear {@code list_op_pending}; record the owner;
 * <li>unlock: {@code list_op_pending} := the entry; unlink it; clear the owner; swap
 *     the lock word to 0 and, if it had the waiters bit, wake one sleeper (JNI); clear
 *     {@code list_op_pending}.
 * </ul>
 *
 * <p>So the kernel marks the mutex for the next owner if the thread dies at any point, and
 * glibc's own calls (the slow path) find the list as they left it. It is used only where
 * the native probe checked every glibc detail on that thread, and only while the
 * thread's robust list is empty (lock) or holds just this mutex (unlock); anything else
 * (a held or dead-owner mutex, nested robust mutexes) returns {@code false} and the
 * caller goes through JNI.
 *
 * <p>Left out, because neither glibc nor the kernel reads them for this kind of mutex:
 * {@code __count} and {@code __nusers} (statistics of the recursive and non-robust
 * kinds), and clearing the unlinked entry's own links (the next lock sets them). So
 * each lock and unlock has the same two atomic instructions as glibc's, and a few
 * plain stores.
 *
 * <p>Order: the kernel reads these words only when the thread dies, stopped between
 * two of its instructions, so what matters is the order of this thread's own stores.
 * Two orders keep the mutex always findable while the lock word holds the TID (in the
 * list or in {@code list_op_pending}): clear {@code list_op_pending} only after linking,
 * and unlink only after setting it; release stores and the CAS and swap (volatile
 * accesses) keep them.
 *
 * <p>Memory safety: the address range of the mutex's mapping is owned by this object
 * from {@link #attach} on. The native handle's close replaces the mapping in place with
 * private zero memory (so the file's pages go), and a cleaner unmaps the range once this
 * object is unreachable, so no access here can touch unmapped memory; each method ends
 * with a reachability fence. That the mutex is still mapped when it is locked or
 * unlocked here is {@link NamedMutex}'s part: it announces the holder before the lock and
 * clears it after the unlock, and the close releases the handle only when no thread
 * holds or is about to.
 */
final class NamedMutexFastPath {
    static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    /** The hot paths' accesses: by address where the JVM allows it (see {@link MappedWords}). */
    private static final MappedWords W = MappedWords.INSTANCE;

    /** struct shm4j_mutex: the pthread_mutex_t at 64, and glibc's fields in it (checked natively). */
    static final int MUTEX = 64;
    static final int LOCK = MUTEX;
    static final int OWNER = MUTEX + 8;
    static final int PREV = MUTEX + 24;
    static final int NEXT = MUTEX + 32;

    /** The thread's window [head - 8, head + 24): glibc's robust_prev, then struct robust_list_head. */
    static final int HEAD_PREV = 0;
    static final int HEAD_LIST = 8;
    static final int HEAD_PENDING = 24;

    private static final int WAITERS = 0x80000000;
    private static final int TID_MASK = 0x3fffffff;

    /** A thread's robust list, as the probe found it; window == null: no fast path on this thread. */
    static final class ThreadList {
        final Thread thread;
        /** The address of the thread's struct robust_list_head. */
        final long head;
        final int tid;
        final @Nullable ByteBuffer window;
        /** The window's address. */
        final long address;

        ThreadList(@Nullable ByteBuffer window) {
            this.thread = Thread.currentThread();
            this.window = window;
            // right after the probe the list is empty, and an empty list's head links to itself
            this.head = window == null ? 0 : (long) LONG.get(window, HEAD_LIST);
            this.address = head - HEAD_LIST;
            this.tid = window == null ? 0 : SyncNative.threadId();
        }
    }

    /** Probed once per thread. */
    private static final ThreadLocal<ThreadList> THREADS = ThreadLocal.withInitial(
            () -> new ThreadList(SyncNative.fastThread()));

    /** The mapping's handle (mapping handles table). */
    final long mapping;
    /** The address of the mutex's list entry (its __list.__next): what the robust list links. */
    final long entry;
    /** The whole mapping: the header, then the pthread_mutex_t at 64. */
    final ByteBuffer view;
    /** The mapping's address: view's memory. */
    final long address;

    private NamedMutexFastPath(long mapping) {
        this.mapping = mapping;
        this.address = SyncNative.mappingAddress(mapping);
        this.entry = address + NEXT;
        this.view = SyncNative.mappingBuffer(mapping);
    }

    /**
     * The fast path of an open mutex, or null where there is none (Windows, musl, a mutex
     * made otherwise by a C peer). From here on the mapping belongs to the result.
     */
    static @Nullable NamedMutexFastPath attach(long handle) {
        long mapping = SyncNative.fastDetach(handle);
        if (mapping == 0) {
            return null;
        }
        NamedMutexFastPath fast;
        try {
            fast = new NamedMutexFastPath(mapping);
        } catch (RuntimeException | Error e) {
            SyncNative.unmap(mapping);
            throw e;
        }
        ApiAccess.api().cleaner().register(fast, () -> SyncNative.unmap(mapping));
        return fast;
    }

    /**
     * The calling thread's list, or null if the fast path cannot be used on it; last is
     * the caller's guess (the list this mutex used last), taken if it is this thread's.
     */
    static @Nullable ThreadList thread(Thread me, @Nullable ThreadList last) {
        ThreadList t = last != null && last.thread == me ? last : THREADS.get();
        return t.window == null ? null : t;
    }

    /** Takes the mutex if it is free and the thread's robust list is empty; else false. */
    boolean tryLock(ThreadList t) {
        ByteBuffer h = t.window;
        long ha = t.address;
        ByteBuffer m = view;
        long ma = address;
        try {
            if (h == null || W.getLong(h, ha, HEAD_LIST) != t.head || W.getIntOpaque(m, ma, LOCK) != 0) {
                return false;
            }
            W.setLong(h, ha, HEAD_PENDING, entry); // stays before the CAS, a volatile access
            if (!W.compareAndSetInt(m, ma, LOCK, 0, t.tid)) {
                W.setLong(h, ha, HEAD_PENDING, 0L);
                return false;
            }
            W.setLong(m, ma, NEXT, t.head); // the list was empty: its head links to itself
            W.setLong(m, ma, PREV, t.head);
            W.setLong(h, ha, HEAD_PREV, entry);
            W.setLong(h, ha, HEAD_LIST, entry);
            W.setLongRelease(h, ha, HEAD_PENDING, 0L); // only once linked
            W.setInt(m, ma, OWNER, t.tid);
            return true;
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Releases the mutex that this thread holds, if it is the only entry of the thread's list; else false. */
    boolean tryUnlock(ThreadList t) {
        ByteBuffer h = t.window;
        long ha = t.address;
        ByteBuffer m = view;
        long ma = address;
        try {
            if (h == null || W.getLong(h, ha, HEAD_LIST) != entry || W.getLong(m, ma, NEXT) != t.head
                    || (W.getInt(m, ma, LOCK) & TID_MASK) != t.tid) {
                return false;
            }
            W.setLong(h, ha, HEAD_PENDING, entry);
            W.setLong(h, ha, HEAD_PREV, t.head);
            W.setLongRelease(h, ha, HEAD_LIST, t.head); // unlinked only once pending is set
            W.setInt(m, ma, OWNER, 0);
            int old = W.getAndSetInt(m, ma, LOCK, 0); // the last access to the mutex
            W.setLong(h, ha, HEAD_PENDING, 0L); // stays after the swap, a volatile access
            if ((old & WAITERS) != 0) {
                SyncNative.wakeAt(mapping);
            }
            return true;
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** glibc's unlock of the mutex (nested robust mutexes, a mutex made consistent, errors). */
    void unlockSlow() {
        try {
            SyncNative.unlockAt(mapping);
        } finally {
            Reference.reachabilityFence(this);
        }
    }
}
