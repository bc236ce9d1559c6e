/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Aligned {@code int} and {@code long} accesses at fixed offsets of native memory that
 * the caller keeps mapped, for the paths where a few nanoseconds count (the mutex fast
 * path). Each access names the memory twice, as a direct buffer over it and as its
 * address; {@link #INSTANCE} uses one of the two:
 *
 * <ul>
 * <li>the address, through {@code sun.misc.Unsafe} (module {@code jdk.unsupported}),
 *     where it may be used without a warning: JDK 17 to 23, and later JDKs started with
 *     {@code --sun-misc-unsafe-memory-access=allow} (that option's other values, on JDK 23
 *     too, choose the buffer way). It checks nothing, so a caller may
 *     use only offsets inside the memory that it keeps mapped, and its buffer and
 *     address must be the same memory;
 * <li>the buffer, through {@link MethodHandles#byteBufferViewVarHandle}, everywhere
 *     else: each access checks the bounds and the alignment (about 0.3 ns more an access
 *     on JDK 17, more on 25).
 * </ul>
 *
 * <p>The orders are those of {@link VarHandle}: plain, opaque, release, and volatile for
 * the atomic ones. {@code sun.misc.Unsafe} is reached through method handles, so that no
 * class of this module names it: a static final method handle inlines to the same
 * machine code as a direct call.
 */
public abstract class MappedWords {
    /** The accessor for this JVM. */
    public static final MappedWords INSTANCE = choose(System.getProperty("sun.misc.unsafe.memory.access"));

    MappedWords() {}

    /** The name of the way of access: {@code "unsafe"} or {@code "buffer"}. */
    public abstract String kind();

    /** A plain read. */
    public abstract int getInt(ByteBuffer buffer, long address, int offset);

    /** An opaque read. */
    public abstract int getIntOpaque(ByteBuffer buffer, long address, int offset);

    /** An acquire read. */
    public abstract int getIntAcquire(ByteBuffer buffer, long address, int offset);

    /** A volatile read. */
    public abstract int getIntVolatile(ByteBuffer buffer, long address, int offset);

    /** A plain write. */
    public abstract void setInt(ByteBuffer buffer, long address, int offset, int value);

    /** A release write. */
    public abstract void setIntRelease(ByteBuffer buffer, long address, int offset, int value);

    /** A volatile compare-and-set. */
    public abstract boolean compareAndSetInt(ByteBuffer buffer, long address, int offset, int expected, int value);

    /** A volatile swap; returns the old value. */
    public abstract int getAndSetInt(ByteBuffer buffer, long address, int offset, int value);

    /** A plain read. */
    public abstract long getLong(ByteBuffer buffer, long address, int offset);

    /** A plain write. */
    public abstract void setLong(ByteBuffer buffer, long address, int offset, long value);

    /** A release write. */
    public abstract void setLongRelease(ByteBuffer buffer, long address, int offset, long value);

    /**
     * The address way where this JVM allows it without a warning, else the buffer way.
     *
     * @param memoryAccessOption the value of {@code --sun-misc-unsafe-memory-access}
     *     (system property {@code sun.misc.unsafe.memory.access}), or null
     */
    static MappedWords choose(@Nullable String memoryAccessOption) {
        return choose(unsafeAllowed(Runtime.version().feature(), memoryAccessOption), Unsafe::new);
    }

    static MappedWords choose(boolean unsafeAllowed, Supplier<MappedWords> unsafe) {
        if (unsafeAllowed) {
            try {
                return unsafe.get();
            } catch (LinkageError noUsableUnsafe) { // its class failed to initialise
                // the buffer way
            }
        }
        return new Buffers();
    }

    /**
     * Whether {@code sun.misc.Unsafe}'s memory accesses run without a warning: as the
     * command line says ({@code --sun-misc-unsafe-memory-access}, JDK 23 and later), else
     * before JDK 24 (JEP 498: from 24 on they warn by default).
     */
    static boolean unsafeAllowed(int jdkFeature, @Nullable String memoryAccessOption) {
        return memoryAccessOption == null ? jdkFeature < 24 : memoryAccessOption.equals("allow");
    }

    /** The buffer way: byte-buffer view var handles, which check bounds and alignment. */
    static final class Buffers extends MappedWords {
        private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
        private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

        @Override
        public String kind() {
            return "buffer";
        }

        @Override
        public int getInt(ByteBuffer buffer, long address, int offset) {
            return (int) INT.get(buffer, offset);
        }

        @Override
        public int getIntOpaque(ByteBuffer buffer, long address, int offset) {
            return (int) INT.getOpaque(buffer, offset);
        }

        @Override
        public int getIntAcquire(ByteBuffer buffer, long address, int offset) {
            return (int) INT.getAcquire(buffer, offset);
        }

        @Override
        public int getIntVolatile(ByteBuffer buffer, long address, int offset) {
            return (int) INT.getVolatile(buffer, offset);
        }

        @Override
        public void setInt(ByteBuffer buffer, long address, int offset, int value) {
            INT.set(buffer, offset, value);
        }

        @Override
        public void setIntRelease(ByteBuffer buffer, long address, int offset, int value) {
            INT.setRelease(buffer, offset, value);
        }

        @Override
        public boolean compareAndSetInt(ByteBuffer buffer, long address, int offset, int expected, int value) {
            return INT.compareAndSet(buffer, offset, expected, value);
        }

        @Override
        public int getAndSetInt(ByteBuffer buffer, long address, int offset, int value) {
            return (int) INT.getAndSet(buffer, offset, value);
        }

        @Override
        public long getLong(ByteBuffer buffer, long address, int offset) {
            return (long) LONG.get(buffer, offset);
        }

        @Override
        public void setLong(ByteBuffer buffer, long address, int offset, long value) {
            LONG.set(buffer, offset, value);
        }

        @Override
        public void setLongRelease(ByteBuffer buffer, long address, int offset, long value) {
            LONG.setRelease(buffer, offset, value);
        }
    }

    /**
     * The address way: {@code sun.misc.Unsafe}'s methods, bound to its instance. Its
     * initialisation fails (a {@link LinkageError}) where there is no usable Unsafe.
     */
    static final class Unsafe extends MappedWords {
        private static final Object THE_UNSAFE = theUnsafe();
        private static final MethodHandle GET_INT = handle("getInt", int.class, long.class);
        private static final MethodHandle GET_INT_VOLATILE = handle("getIntVolatile", int.class, Object.class, long.class);
        private static final MethodHandle PUT_INT = handle("putInt", void.class, long.class, int.class);
        private static final MethodHandle PUT_INT_ORDERED = handle("putOrderedInt", void.class, Object.class,
                long.class, int.class);
        private static final MethodHandle CAS_INT = handle("compareAndSwapInt", boolean.class, Object.class, long.class,
                int.class, int.class);
        private static final MethodHandle SWAP_INT = handle("getAndSetInt", int.class, Object.class, long.class, int.class);
        private static final MethodHandle GET_LONG = handle("getLong", long.class, long.class);
        private static final MethodHandle PUT_LONG = handle("putLong", void.class, long.class, long.class);
        private static final MethodHandle PUT_LONG_ORDERED = handle("putOrderedLong", void.class, Object.class,
                long.class, long.class);

        private static Object theUnsafe() {
            try {
                Field f = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
                f.setAccessible(true);
                return f.get(null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("no usable sun.misc.Unsafe", e);
            }
        }

        private static MethodHandle handle(String name, Class<?> returns, Class<?>... parameters) {
            Object u = THE_UNSAFE;
            try {
                return MethodHandles.lookup().findVirtual(u.getClass(), name, MethodType.methodType(returns, parameters))
                        .bindTo(u);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("sun.misc.Unsafe has no " + name, e);
            }
        }

        private static Error impossible(Throwable e) {
            return new AssertionError("sun.misc.Unsafe threw", e);
        }

        @Override
        public String kind() {
            return "unsafe";
        }

        @Override
        public int getInt(ByteBuffer buffer, long address, int offset) {
            try {
                return (int) GET_INT.invokeExact(address + offset);
            } catch (Throwable e) {
                throw impossible(e);
            }
        }

        /** sun.misc.Unsafe has no opaque nor acquire read: a volatile one is the nearest stronger. */
        private static int volatileInt(long address) {
            try {
                return (int) GET_INT_VOLATILE.invokeExact((Object) null, address);
            } catch (Throwable e) {
                throw impossible(e);
            }
        }

        @Override
        public int getIntOpaque(ByteBuffer buffer, long address, int offset) {
            return volatileInt(address + offset);
        }

        @Override
        public int getIntAcquire(ByteBuffer buffer, long address, int offset) {
            return volatileInt(address + offset);
        }

        @Override
        public int getIntVolatile(ByteBuffer buffer, long address, int offset) {
            return volatileInt(address + offset);
        }

        @Override
        public void setInt(ByteBuffer buffer, long address, int offset, int value) {
            try {
                PUT_INT.invokeExact(address + offset, value);
            } catch (Throwable e) {
                throw impossible(e);
            }
        }

        @Override
        public void setIntRelease(ByteBuffer buffer, long address, int offset, int value) {
            try {
                PUT_INT_ORDERED.invokeExact((Object) null, address + offset, value);
            } catch (Throwable e) {
                throw impossible(e);
            }
        }

        @Override
        public boolean compareAndSetInt(ByteBuffer buffer, long address, int offset, int expected, int value) {
            try {
                return (boolean) CAS_INT.invokeExact((Object) null, address + offset, expected, value);
            } catch (Throwable e) {
                throw impossible(e);
            }
        }

        @Override
        public int getAndSetInt(ByteBuffer buffer, long address, int offset, int value) {
            try {
                return (int) SWAP_INT.invokeExact((Object) null, address + offset, value);
            } catch (Throwable e) {
                throw impossible(e);
            }
        }

        @Override
        public long getLong(ByteBuffer buffer, long address, int offset) {
            try {
                return (long) GET_LONG.invokeExact(address + offset);
            } catch (Throwable e) {
                throw impossible(e);
            }
        }

        @Override
        public void setLong(ByteBuffer buffer, long address, int offset, long value) {
            try {
                PUT_LONG.invokeExact(address + offset, value);
            } catch (Throwable e) {
                throw impossible(e);
            }
        }

        @Override
        public void setLongRelease(ByteBuffer buffer, long address, int offset, long value) {
            try {
                PUT_LONG_ORDERED.invokeExact((Object) null, address + offset, value);
            } catch (Throwable e) {
                throw impossible(e);
            }
        }
    }
}
