/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import io.github.shm4j.internal.NativeLibrary;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * The JNI entry points of the native library, one per operation of the C platform
 * layer ({@code native/src/main/c/shm_platform.h}), and the library's loading.
 * Bound by {@code RegisterNatives} in {@code JNI_OnLoad}, so a signature changed here
 * without its C twin fails at load time, not at first call.
 *
 * <p>Package-private on purpose: handles and addresses never leave this package,
 * so no code outside shm4j can hand the native layer a number it did not issue.
 * The native side checks handles too (a closed, zero or forged handle throws
 * {@code INVALID_ARGUMENT}); addresses are the callers' responsibility: the
 * classes of this package validate names, sizes, offsets and states first. Every
 * failure of the OS is thrown as {@link io.github.shm4j.internal.NativeException}.
 */
final class ShmNative {
    /** Must equal {@code SHM_ABI_VERSION} of the loaded library. */
    static final int ABI_VERSION = 2;

    /** {@code shm_create} flag: a persistent name instead of a held one. */
    static final int CREATE_PERSISTENT = 1;

    /** {@code shm_open_file} flag: create the file when it does not exist. */
    static final int FILE_CREATE = 1;

    private ShmNative() {}

    /** Loads the library once per class loader; the outcome is kept. */
    private static final class Loaded {
        static final NativeLibrary.Outcome OUTCOME = NativeLibrary.load(ShmNative::abiVersion, ABI_VERSION);
        static final @Nullable NativeLibraryException FAILURE = OUTCOME.failure()
                .map(f -> new NativeLibraryException(f.getMessage(), f))
                .orElse(null);
    }

    /** Loads the library if that has not happened yet; throws the same exception each time it failed. */
    static void ensureLoaded() {
        NativeLibraryException failure = Loaded.FAILURE;
        if (failure != null) {
            throw failure;
        }
    }

    /** Where the loaded library came from (loading it if needed). */
    static String source() {
        ensureLoaded();
        return Loaded.OUTCOME.source();
    }

    /** {@code SHM_ABI_VERSION} of the loaded library. */
    static native int abiVersion();

    /** The name of error kind {@code kind} in the C table, or null past its end. */
    static native @Nullable String errorKindName(int kind);

    /** The alignment of view offsets (page size / allocation granularity). */
    static native long mapGranularity();

    /** Creates a named object; {@code name} is UTF-8 without NUL. Returns a handle. */
    static native long create(byte[] name, long size, int perm, int flags);

    /** Opens a named object with {@code access} 0 (read-only) or 1 (read-write). */
    static native long open(byte[] name, int access);

    /** Opens (with {@link #FILE_CREATE}, creates) a regular file as an object. */
    static native long openFile(byte[] path, long size, int access, int perm, int flags);

    /** The object's real size in bytes. */
    static native long size(long handle);

    /** Closes the handle; the handle is invalid afterwards, even if this throws. */
    static native void close(long handle);

    /** Removes a name (a no-op on Windows). */
    static native void remove(byte[] name);

    /** Maps {@code length} bytes at an aligned {@code offset}; returns the address. */
    static native long map(long handle, long offset, long length, int access);

    /** A direct buffer over {@code [address, address + capacity)}. */
    static native ByteBuffer buffer(long address, int capacity);

    /** Unmaps a view. */
    static native void unmap(long address, long length);

    /** Replaces a view with private memory in place; free it with {@link #release}. */
    static native void retire(long address, long length, int access);

    /** Frees the placeholder left by {@link #retire}. */
    static native void release(long address, long length);

    /** Writes a view's dirty pages back to its file and waits for the device. */
    static native void flush(long handle, long address, long length);
}
