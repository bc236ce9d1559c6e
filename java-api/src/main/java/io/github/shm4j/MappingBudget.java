/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps what waits for the garbage collector bounded: native mappings, and the
 * placeholders of closed views.
 *
 * <p>A view that is never closed, and the placeholder of a closed view, can be freed
 * only once their buffer is unreachable, and only a garbage collection finds that
 * out. The buffers are tiny on the heap, so a program that maps in a loop could
 * exhaust the process's mappings ({@code vm.max_map_count}, about 65,000 on Linux;
 * after which the JVM itself cannot map memory and aborts) or its address space long
 * before the heap asks for a collection. As the JDK does for direct buffers
 * ({@code java.nio.Bits.reserveMemory}), mapping past a threshold asks for a
 * collection ({@link System#gc()}). The thresholds:
 * <ul>
 * <li><b>Views</b> (open or forgotten; each is a mapping of its own): {@link #FLOOR}.
 * <li><b>Placeholders</b>: {@link #PLACEHOLDER_FLOOR}, or {@link #PLACEHOLDER_BYTES} of
 * address space. They are all alike (private read-write zero memory, see
 * {@link ViewState}), so the kernel merges neighbours into one mapping: they cost
 * address space, hardly mappings. A program that maps and closes in a loop therefore
 * collects every 16,000 cycles or so, not every 1,000.
 * </ul>
 * After the collection the mapping thread frees what it found itself (this class's
 * own reference queue), instead of sleeping until the cleaner's thread has done it;
 * each threshold then becomes twice what is still in use, at least its floor. The
 * {@link Resources#CLEANER} watches the same buffers and frees in the background what
 * no later mapping comes to free; {@link ViewState#run()} frees once, whoever calls it.
 * {@code -XX:+DisableExplicitGC} disables this help: then close views, which frees
 * nothing later than the next collection but keeps live views out of the count.
 */
final class MappingBudget {
    /** Views (open or forgotten) before a collection is asked for. */
    static final int FLOOR = 1024;
    /** Placeholders before a collection is asked for. */
    static final int PLACEHOLDER_FLOOR = 16 * 1024;
    /** Address space held by placeholders before a collection is asked for: 64 GiB of the 128 TiB. */
    static final long PLACEHOLDER_BYTES = 64L << 30;
    /** How long a mapping thread waits for the collection's findings to arrive, in milliseconds. */
    private static final long ARRIVAL_MILLIS = 10;

    private static final AtomicInteger LIVE = new AtomicInteger();
    private static final AtomicInteger PLACEHOLDERS = new AtomicInteger();
    private static final AtomicLong PLACEHOLDER_SPACE = new AtomicLong();
    private static volatile int trigger = FLOOR;
    private static volatile int placeholderTrigger = PLACEHOLDER_FLOOR;
    private static volatile long spaceTrigger = PLACEHOLDER_BYTES;

    /** Buffers whose ranges are to be freed when they become unreachable. */
    private static final ReferenceQueue<ByteBuffer> QUEUE = new ReferenceQueue<>();
    /** Keeps the references themselves reachable until they are processed. */
    private static final Set<Watch> WATCHED = ConcurrentHashMap.newKeySet();

    private MappingBudget() {}

    /** Frees a view's range (its {@link ViewState}) once its buffer is unreachable. */
    private static final class Watch extends PhantomReference<ByteBuffer> {
        private final ViewState view;

        Watch(ByteBuffer buffer, ViewState view) {
            super(buffer, QUEUE);
            this.view = view;
        }

        void free() {
            WATCHED.remove(this);
            view.run();
        }
    }

    /**
     * Frees {@code view}'s range once {@code buffer}, and every buffer made from it, is
     * unreachable: by the next mapping thread that finds it in this class's queue, or
     * in the background by the cleaner, whichever comes first.
     */
    static void watch(ByteBuffer buffer, ViewState view) {
        Resources.CLEANER.register(buffer, view);
        WATCHED.add(new Watch(buffer, view));
        Reference.reachabilityFence(buffer);
    }

    /** Before mapping: frees what is known unreachable, and asks for a collection if too much waits for one. */
    static void beforeMap() {
        drain();
        if (LIVE.get() >= trigger || PLACEHOLDERS.get() >= placeholderTrigger
                || PLACEHOLDER_SPACE.get() >= spaceTrigger) {
            collect();
        }
    }

    private static synchronized void collect() {
        if (LIVE.get() < trigger && PLACEHOLDERS.get() < placeholderTrigger
                && PLACEHOLDER_SPACE.get() < spaceTrigger) {
            return; // another thread collected meanwhile
        }
        System.gc();
        // The reference handler queues what the collection found, soon after; free it here.
        try {
            for (Watch w; (w = (Watch) QUEUE.remove(ARRIVAL_MILLIS)) != null; ) {
                w.free();
                drain();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        trigger = Math.max(FLOOR, 2 * LIVE.get());
        placeholderTrigger = Math.max(PLACEHOLDER_FLOOR, 2 * PLACEHOLDERS.get());
        spaceTrigger = Math.max(PLACEHOLDER_BYTES, 2 * PLACEHOLDER_SPACE.get());
    }

    /** Frees every range whose buffer is already known unreachable. */
    private static void drain() {
        for (Watch w; (w = (Watch) QUEUE.poll()) != null; ) {
            w.free();
        }
    }

    /** A view was mapped. */
    static void mapped() {
        LIVE.incrementAndGet();
    }

    /** A view was unmapped (forgotten and collected, or lost on Windows). */
    static void freed() {
        LIVE.decrementAndGet();
    }

    /** A view of {@code length} bytes was closed: its mapping became a placeholder. */
    static void retired(long length) {
        LIVE.decrementAndGet();
        PLACEHOLDERS.incrementAndGet();
        PLACEHOLDER_SPACE.addAndGet(length);
    }

    /** A placeholder of {@code length} bytes was freed. */
    static void placeholderFreed(long length) {
        PLACEHOLDERS.decrementAndGet();
        PLACEHOLDER_SPACE.addAndGet(-length);
    }

    /** The views mapped and not yet freed or closed, for tests. */
    static int live() {
        return LIVE.get();
    }

    /** The placeholders not yet freed, for tests. */
    static int placeholders() {
        return PLACEHOLDERS.get();
    }
}
