/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/**
 * Two class loaders of one JVM (two web applications, plugins) each use shm4j from
 * their own copy of the jar, and a loader that is closed and dropped (a redeploy) can
 * be collected: nothing of shm4j pins it.
 */
class ClassLoaderIT {
    private static URLClassLoader newLoader() throws Exception {
        URL jar = ShmNative.class.getProtectionDomain().getCodeSource().getLocation();
        return new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader());
    }

    /** Through {@code loader}'s own shm4j: opens (or creates) {@code name}, adds 1 to the int at 0, returns it. */
    private static int increment(ClassLoader loader, String name, boolean create) throws Exception {
        Class<?> sharedMemory = loader.loadClass("io.github.shm4j.SharedMemory");
        assertNotSame(SharedMemory.class, sharedMemory, "the loader's own copy of the class");
        @SuppressWarnings({"unchecked", "rawtypes"})
        Object readWrite = Enum.valueOf((Class) loader.loadClass("io.github.shm4j.Access"), "READ_WRITE");
        Object shm = create
                ? sharedMemory.getMethod("create", String.class, long.class).invoke(null, name, 4096L)
                : sharedMemory.getMethod("open", String.class, readWrite.getClass()).invoke(null, name, readWrite);
        try {
            Object view = sharedMemory.getMethod("map", long.class, long.class, readWrite.getClass())
                    .invoke(shm, 0L, 4096L, readWrite);
            Method getAndAdd = view.getClass().getMethod("getAndAddInt", long.class, int.class);
            int before = (Integer) getAndAdd.invoke(view, 0L, 1);
            view.getClass().getMethod("close").invoke(view);
            return before + 1;
        } finally {
            if (!create) {
                sharedMemory.getMethod("close").invoke(shm);
            }
        }
    }

    @Test
    void twoLoadersShareAnObjectAndADroppedLoaderIsCollected() throws Exception {
        String name = TestSupport.uniqueName("loaders");
        try (SharedMemory mine = SharedMemory.create(name, 4096); // this loader's library, loaded first
                MappedView view = mine.map(0, 4096, Access.READ_WRITE)) {
            URLClassLoader first = newLoader();
            URLClassLoader second = newLoader();
            assertEquals(1, increment(first, name, false));
            assertEquals(2, increment(second, name, false));
            assertEquals(2, view.getIntVolatile(0), "all three loaders' natives reach one object");

            WeakReference<ClassLoader> dropped = new WeakReference<>(first);
            first.close();
            first = null; // a redeploy: the old application's loader goes
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (dropped.get() != null && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(20);
            }
            assertNull(dropped.get(), "nothing pins the dropped loader");

            URLClassLoader third = newLoader(); // the redeployed application
            assertEquals(3, increment(third, name, false));
            assertEquals(4, increment(second, name, false), "the other application is unaffected");
            third.close();
            second.close();
        }
    }
}
