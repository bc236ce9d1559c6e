/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.internal;

import java.lang.reflect.Field;
import java.nio.Buffer;
import java.nio.ByteBuffer;

/** For tests: addresses of direct buffers and reads there, through {@code sun.misc.Unsafe}. */
public final class BufferAddress {
    private BufferAddress() {}

    /** {@code java.nio.Buffer.address} of {@code direct}: the address of its index 0. */
    public static long of(ByteBuffer direct) throws ReflectiveOperationException {
        Object u = unsafe();
        Object offset = u.getClass().getMethod("objectFieldOffset", Field.class).invoke(u,
                Buffer.class.getDeclaredField("address"));
        return (long) u.getClass().getMethod("getLong", Object.class, long.class).invoke(u, direct, offset);
    }

    /** The {@code long} at {@code address}. */
    public static long longAt(long address) throws ReflectiveOperationException {
        Object u = unsafe();
        return (long) u.getClass().getMethod("getLong", long.class).invoke(u, address);
    }

    private static Object unsafe() throws ReflectiveOperationException {
        Field f = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe"); // by name: javac warns of it
        f.setAccessible(true);
        return f.get(null);
    }
}
