/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.internal;

import java.nio.ByteBuffer;

/**
 * The JNI entry points of the native library, one per operation of the C platform
 * layer ({@code native/src/main/c/shm_platform.h}). Bound by {@code RegisterNatives}
 * in {@code JNI_OnLoad}, so a signature changed here without its C twin fails at
 * load time, not at first call.
 *
 * <p>Nothing here checks arguments beyond what keeps the C code defined: callers in
 * {@code io.github.shm4j} validate names, sizes, offsets and states first. Every
 * failure of the OS is thrown as {@link NativeException}. Handles are addresses of
 * native {@code shm_object}s; a handle must not be used after {@link #close}.
 */
public final class ShmNative {
    /** Must equal {@code SHM_ABI_VERSION} of the loaded library. */
    public static final int ABI_VERSION = 1;

    /** {@code shm_create} flag: replace a name whose shm4j creator died. */
    public static final int CREATE_REPLACE_STALE = 1;

    /** {@code shm_open_file} flag: create the file when it does not exist. */
    public static final int FILE_CREATE = 1;

    private ShmNative() {}

    /** {@code SHM_ABI_VERSION} of the loaded library. */
    static native int abiVersion();

    /** The name of error kind {@code kind} in the C table, or null past its end. */
    static native String errorKindName(int kind);

    /** The alignment of view offsets (page size / allocation granularity). */
    public static native long mapGranularity();

    /** Creates a named object; {@code name} is UTF-8 without NUL. Returns a handle. */
    public static native long create(byte[] name, long size, int perm, int flags);

    /** Opens a named object with {@code access} 0 (read-only) or 1 (read-write). */
    public static native long open(byte[] name, int access);

    /** Opens (with {@link #FILE_CREATE}, creates) a regular file as an object. */
    public static native long openFile(byte[] path, long size, int access, int perm, int flags);

    /** The object's real size in bytes. */
    public static native long size(long handle);

    /** Closes the handle; the handle is invalid afterwards, even if this throws. */
    public static native void close(long handle);

    /** Removes a name (a no-op on Windows). */
    public static native void remove(byte[] name);

    /** Removes a name only while it still names the handle's object (a no-op on Windows). */
    public static native void removeIfSame(long handle, byte[] name);

    /** Maps {@code length} bytes at an aligned {@code offset}; returns the address. */
    public static native long map(long handle, long offset, long length, int access);

    /** A direct buffer over {@code [address, address + capacity)}. */
    public static native ByteBuffer buffer(long address, int capacity);

    /** Unmaps a view. */
    public static native void unmap(long address, long length);

    /** Replaces a view with private memory in place; free it with {@link #release}. */
    public static native void retire(long address, long length, int access);

    /** Frees the placeholder left by {@link #retire}. */
    public static native void release(long address, long length);

    /** Writes a view's dirty pages back to its file and waits for the device. */
    public static native void flush(long handle, long address, long length);

    /**
     * Copies {@code length} bytes between {@code array[index…]} and native memory at
     * {@code address} with the C library's {@code memcpy}: into the array if
     * {@code toArray}, else from it. The caller checks both ranges and keeps the
     * memory mapped (reachable) for the duration.
     */
    public static native void copy(byte[] array, int index, long address, int length, boolean toArray);
}
