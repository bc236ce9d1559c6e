/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.sync;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.jspecify.annotations.Nullable;

/** Whether a thread is virtual, on JDK 17 (where none is) and on JDK 21 and later. */
final class VirtualThreads {
    private static final @Nullable MethodHandle IS_VIRTUAL = isVirtualHandle();

    private VirtualThreads() {}

    static boolean isVirtual(Thread t) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(t);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static @Nullable MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual",
                    MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException beforeJdk21) {
            return null;
        }
    }
}
