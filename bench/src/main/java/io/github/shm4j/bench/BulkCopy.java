/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.bench;

import io.github.shm4j.MappedView;

/** The Java side of the bulk-copy benchmark. */
final class BulkCopy {
    static final int SIZE = 64 * 1024 * 1024;
    static final int CHUNK = 1024 * 1024;

    private BulkCopy() {}

    static byte[] chunk() {
        byte[] b = new byte[CHUNK];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    /** Touches every page once, as the C side does with memset. */
    static void prefault(MappedView view) {
        byte[] zeros = new byte[CHUNK];
        for (long off = 0; off + CHUNK <= SIZE; off += CHUNK) {
            view.put(off, zeros);
        }
    }

    /** One pass: SIZE / CHUNK calls of put(long, byte[]). */
    static void pass(MappedView view, byte[] chunk) {
        for (long off = 0; off + CHUNK <= SIZE; off += CHUNK) {
            view.put(off, chunk);
        }
    }
}
