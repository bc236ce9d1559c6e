/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.internal;

import io.github.shm4j.MappedView;
import io.github.shm4j.SharedMemory;
import java.lang.ref.Cleaner;
import org.jspecify.annotations.Nullable;

/**
 * The bridge from shm4j's other API packages (such as {@code io.github.shm4j.sync})
 * to what {@code io.github.shm4j} keeps package-private: its name rules, its one
 * error translation, its cleaner and logger. {@code io.github.shm4j.InternalApi}
 * registers the implementation when it is initialized; {@link #api()} initializes it.
 * Not an API: this package is not exported.
 */
public final class ApiAccess {
    /** What {@code io.github.shm4j} offers. */
    public interface Api {
        /** The OS form of a shared memory name (UTF-8), or {@code InvalidNameException}. */
        byte[] osName(String name, String operation);

        /** The typed exception for a native failure of {@code operation} on {@code kind 'objectName'}. */
        RuntimeException error(String operation, ObjectKind kind, String objectName, NativeException e);

        /** Loads the native library (once per class loader), or throws {@code NativeLibraryException}. */
        void ensureLoaded();

        /** The one cleaner of shm4j. */
        Cleaner cleaner();

        /** Logs that {@code what} was released by the cleaner. */
        void warnForgotten(String what);

        /** The {@code io.github.shm4j} logger. */
        System.Logger log();

        /**
         * The address of index 0 of {@code view}'s buffers, for {@link MappedWords}; the
         * memory there stays valid while one of those buffers is reachable.
         */
        long address(MappedView view);

        /**
         * The {@code MemoryFaultException} for the memory of {@code what}: a page gone (the
         * object was shrunk by another process), seen by the JDK ({@code cause}, its
         * {@code InternalError}) or by the caller (no cause).
         */
        RuntimeException memoryFault(String what, @Nullable InternalError cause);

        /** {@code shm}'s size as the OS reports it now; {@code SharedMemoryException} if it cannot. */
        long currentSize(SharedMemory shm);
    }

    private static volatile @Nullable Api api;

    private ApiAccess() {}

    /** Called once, by {@code io.github.shm4j.InternalApi}'s initializer; later calls are ignored. */
    public static synchronized void register(Api implementation) {
        if (api == null) {
            api = implementation;
        }
    }

    /** The implementation, initializing {@code io.github.shm4j.InternalApi} on first use. */
    public static Api api() {
        Api a = api;
        if (a == null) {
            try {
                Class.forName("io.github.shm4j.InternalApi", true, ApiAccess.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("shm4j is incomplete: io.github.shm4j.InternalApi is missing", e);
            }
            a = api;
            if (a == null) {
                throw new IllegalStateException("io.github.shm4j.InternalApi did not register");
            }
        }
        return a;
    }
}
