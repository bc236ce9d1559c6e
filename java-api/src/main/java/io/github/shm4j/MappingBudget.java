/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps the number of native mappings that wait for the garbage collector bounded.
 *
 * <p>A view that is never closed, and the placeholder of a closed view, are freed by
 * the {@link Resources#CLEANER} once their buffer is unreachable: only a garbage
 * collection finds that out. The buffers are tiny on the heap, so a program that maps
 * in a loop can exhaust the process's mappings ({@code vm.max_map_count}, about
 * 65,000 on Linux; after which the JVM itself cannot map memory and aborts) long
 * before the heap asks for a collection. As the JDK does for direct buffers
 * ({@code java.nio.Bits.reserveMemory}), mapping past a threshold asks for a
 * collection ({@link System#gc()}) and waits briefly for the cleaner; the threshold
 * then adapts to what is really in use. {@code -XX:+DisableExplicitGC} disables this
 * help: then close views, which frees nothing later than the next collection but
 * keeps live views out of the count.
 */
final class MappingBudget {
    /** Native ranges (views and placeholders) before a collection is asked for. */
    static final int FLOOR = 1024;

    private static final AtomicInteger LIVE = new AtomicInteger();
    private static volatile int trigger = FLOOR;

    private MappingBudget() {}

    /** Before mapping: asks for a collection if too many ranges wait for one. */
    static void beforeMap() {
        if (LIVE.get() < trigger) {
            return;
        }
        synchronized (MappingBudget.class) {
            int before = LIVE.get();
            if (before < trigger) {
                return; // another thread collected meanwhile
            }
            System.gc();
            // The cleaner frees what the collection found; give it a moment, as Bits does.
            for (long sleep = 1; sleep <= 64 && LIVE.get() > before / 2; sleep <<= 1) {
                try {
                    Thread.sleep(sleep);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            trigger = Math.max(FLOOR, 2 * LIVE.get());
        }
    }

    /** A range was mapped. */
    static void mapped() {
        LIVE.incrementAndGet();
    }

    /** A range was unmapped. */
    static void freed() {
        LIVE.decrementAndGet();
    }

    /** The ranges mapped and not yet freed, for tests. */
    static int live() {
        return LIVE.get();
    }
}
