/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.shm4j.SharedMemory;
import java.lang.ref.WeakReference;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two class loaders of one JVM (two web applications), each with its own copy of the
 * core and the channel, use one channel: the receiver in one, a sender in the other,
 * and one receiver between them. Once its channels are closed, a dropped loader (a
 * redeploy) can be collected: the channel's keeper thread does not pin it.
 */
class ChannelClassLoaderIT {
    @AfterEach
    void nothingLeft() {
        Support.assertNothingLeft();
    }

    private static URLClassLoader newLoader() {
        URL core = SharedMemory.class.getProtectionDomain().getCodeSource().getLocation();
        URL channel = Channel.class.getProtectionDomain().getCodeSource().getLocation();
        return new URLClassLoader(new URL[] {core, channel}, ClassLoader.getPlatformClassLoader());
    }

    private static Object call(ClassLoader loader, String type, Object target, String method, Object... args)
            throws Exception {
        Class<?> c = loader.loadClass(type);
        for (java.lang.reflect.Method m : c.getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == args.length) {
                try {
                    return m.invoke(target, args);
                } catch (InvocationTargetException e) {
                    throw (Exception) e.getCause();
                }
            }
        }
        throw new NoSuchMethodException(type + "." + method);
    }

    @Test
    void twoLoadersShareAChannelAndADroppedLoaderIsCollected() throws Exception {
        String name = Support.uniqueName("loaders");
        URLClassLoader first = newLoader();
        assertNotSame(Channel.class, first.loadClass(Channel.class.getName()), "the loader's own copy");
        String ch = Channel.class.getName();
        AutoCloseable created = (AutoCloseable) call(first, ch, null, "create", name);
        try {
            shareAndDrop(first, created, name);
        } finally {
            created.close(); // also when a check failed: leave nothing in /dev/shm
            first.close();
        }
    }

    /** Shares the channel with a second loader, drops that loader, and attaches from a third. */
    private static void shareAndDrop(URLClassLoader first, AutoCloseable created, String name) throws Exception {
        String ch = Channel.class.getName();
        URLClassLoader second = newLoader();
        AutoCloseable opened = (AutoCloseable) call(second, ch, null, "open", name);
        Object rx = call(first, ch, created, "receiver");
        String refused = "nothing";
        try {
            call(second, ch, opened, "receiver");
        } catch (Exception e) { // of the second loader's classes: keep only its text
            refused = e.toString();
        }
        assertTrue(refused.startsWith(AlreadyAttachedException.class.getName()), "one receiver across loaders: "
                + refused);
        Object tx = call(second, ch, opened, "sender");
        assertEquals(true, call(second, Sender.class.getName(), tx, "offer", ByteBuffer.wrap(new byte[] {42})));
        Object handler = java.lang.reflect.Proxy.newProxyInstance(first,
                new Class<?>[] {first.loadClass(MessageHandler.class.getName())}, (p, m, a) -> {
                    if (m.getName().equals("onMessage")) {
                        assertEquals(42, ((ByteBuffer) a[0]).get(((ByteBuffer) a[0]).position()));
                    }
                    return null;
                });
        assertEquals(1, call(first, Receiver.class.getName(), rx, "receive", handler, 10, Duration.ofSeconds(10)));

        opened.close(); // closes its sender too
        second.close();
        WeakReference<ClassLoader> dropped = new WeakReference<>(second);
        second = null; // a redeploy: the old application's loader goes
        opened = null;
        tx = null;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (dropped.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(50);
        }
        assertNull(dropped.get(), "nothing of the channel pins the dropped loader");

        URLClassLoader third = newLoader(); // the redeployed application attaches again
        AutoCloseable again = (AutoCloseable) call(third, ch, null, "open", name);
        Object tx3 = call(third, ch, again, "sender");
        assertEquals(true, call(third, Sender.class.getName(), tx3, "offer", ByteBuffer.wrap(new byte[] {42})));
        assertEquals(1, call(first, Receiver.class.getName(), rx, "receive", handler, 10, Duration.ofSeconds(10)));
        again.close();
        third.close();
    }
}
