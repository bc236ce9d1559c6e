/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import io.github.shm4j.sync.EventReset;
import io.github.shm4j.sync.NamedEvent;
import io.github.shm4j.sync.NamedMutex;
import io.github.shm4j.sync.NamedSemaphore;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The other process of {@link SyncAbuseIT}, for what may kill a JVM:
 * {@code SyncAbuseChild truncated NAME} creates an event, a mutex and a semaphore
 * (NAME.e, NAME.m, NAME.s), truncates their files in /dev/shm to 0 bytes (as a careless
 * peer's {@code ftruncate} would), then uses each: "event OUTCOME", "mutex OUTCOME",
 * "semaphore OUTCOME" (OUTCOME: "ok" or the exception's simple class name), then
 * "survived".
 */
public final class SyncAbuseChild {
    private SyncAbuseChild() {}

    public static void main(String[] args) throws Exception {
        String name = args[1];
        if (!args[0].equals("truncated")) {
            throw new IllegalArgumentException(args[0]);
        }
        try (NamedEvent e = NamedEvent.create(name + ".e", EventReset.AUTO, false);
                NamedMutex m = NamedMutex.create(name + ".m");
                NamedSemaphore s = NamedSemaphore.create(name + ".s", 0, 10)) {
            for (String suffix : new String[] {".e", ".m", ".s"}) {
                try (FileChannel fc = FileChannel.open(Path.of("/dev/shm", name + suffix), StandardOpenOption.WRITE)) {
                    fc.truncate(0);
                }
            }
            System.out.println("truncated");
            System.out.println("event " + outcome(e::set));
            System.out.println("mutex " + outcome(() -> {
                m.lock();
                m.unlock();
            }));
            System.out.println("semaphore " + outcome(s::release));
        } catch (RuntimeException closing) {
            System.out.println("close " + closing.getClass().getSimpleName());
        }
        System.out.println("survived");
    }

    private static String outcome(Runnable r) {
        try {
            r.run();
            return "ok";
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }
}
