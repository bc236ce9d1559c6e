/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import io.github.shm4j.sync.EventReset;
import io.github.shm4j.sync.NamedEvent;
import io.github.shm4j.sync.NamedMutex;

/**
 * The other process of {@link SyncAbuseIT}, for what may kill a JVM:
 * {@code SyncAbuseChild forged NAME} calls every native of SyncNative, through
 * reflection (as code on the class path can), with handles that are no sync object's:
 * 0, 4096, -1, a closed event's, and a live SharedMemory's; prints "KIND NATIVE
 * OUTCOME" for each, then "survived".
 */
public final class SyncAbuseChild {
    private SyncAbuseChild() {}

    public static void main(String[] args) throws Exception {
        String name = args[1];
        if (args[0].equals("forged")) {
            forged(name);
            return;
        }
        throw new IllegalArgumentException(args[0]);
    }

    private static long field(Object o, String name) throws ReflectiveOperationException {
        java.lang.reflect.Field f = o.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.getLong(o);
    }

    private static void forged(String name) throws Exception {
        NamedEvent closed = NamedEvent.create(name + ".e", EventReset.AUTO, false);
        java.lang.reflect.Field stateField = closed.getClass().getSuperclass().getDeclaredField("state");
        stateField.setAccessible(true);
        long closedHandle = field(stateField.get(closed), "handle");
        closed.close();
        try (SharedMemory shm = SharedMemory.create(name + ".shm", 4096);
                NamedMutex live = NamedMutex.create(name + ".m")) { // a live sync object in the table too
            java.lang.reflect.Method h = SharedMemory.class.getDeclaredMethod("handle");
            h.setAccessible(true);
            long shmHandle = field(h.invoke(shm), "value");
            Class<?> natives = Class.forName("io.github.shm4j.sync.SyncNative");
            java.util.Map<String, Long> handles = new java.util.LinkedHashMap<>();
            handles.put("zero", 0L);
            handles.put("small", 4096L);
            handles.put("minus-one", -1L);
            handles.put("closed", closedHandle);
            handles.put("shared-memory", shmHandle);
            for (java.util.Map.Entry<String, Long> e : handles.entrySet()) {
                for (java.lang.reflect.Method m : natives.getDeclaredMethods()) {
                    Class<?>[] p = m.getParameterTypes();
                    if (p.length == 0 || p[0] != long.class || !java.lang.reflect.Modifier.isNative(m.getModifiers())) {
                        continue;
                    }
                    m.setAccessible(true);
                    Object[] a = new Object[p.length];
                    a[0] = e.getValue();
                    for (int i = 1; i < p.length; i++) {
                        a[i] = p[i] == int.class ? (Object) 1 : p[i] == long.class ? (Object) 0L : null;
                    }
                    String outcome;
                    try {
                        m.invoke(null, a);
                        outcome = "ok";
                    } catch (java.lang.reflect.InvocationTargetException x) {
                        outcome = x.getCause().getClass().getSimpleName();
                    }
                    System.out.println(e.getKey() + " " + m.getName() + " " + outcome);
                }
            }
            System.out.println("live mutex still works " + live.tryLock());
            live.unlock();
        }
        System.out.println("survived");
    }
}
