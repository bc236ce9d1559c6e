/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import io.github.shm4j.sync.NamedEvent;
import io.github.shm4j.sync.NamedMutex;
import io.github.shm4j.sync.NamedSemaphore;
import io.github.shm4j.sync.OwnerDiedException;
import io.github.shm4j.sync.SemaphoreFullException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The other process of the sync tests, one JVM per run: {@code SyncChild MODE NAME [ARG]}.
 * Prints what happened, one word a line; the parent reads it through {@code ChildProcess}.
 * <ul>
 * <li>{@code lock NAME}: lock ("locked" or "owner-died"), unlock, "unlocked"
 * <li>{@code hold NAME}: lock, "locked", unlock after a line on stdin (never, if killed)
 * <li>{@code nest A B}: lock A, lock B, unlock A, unlock B (not in last-in first-out order),
 *     then lock B and A: "both", and unlock them after a line on stdin (never, if killed)
 * <li>{@code set NAME} / {@code wait NAME MS}: "set" or "timeout"
 * <li>{@code release NAME N}: the previous count, or "full"; {@code acquire NAME MS}: "acquired" or "timeout"
 * <li>{@code try-open NAME}: open a mutex: "opened NAME", or the exception's class and message
 * <li>{@code create NAME}: create a mutex, "created", then wait (to be killed)
 * <li>{@code counter SHM MUTEX} / {@code ready NAME}: the README's examples ({@link SyncReadmeIT})
 * <li>{@code stress MUTEX SHM INDEX QUOTA}: see {@link SyncStressIT}
 * </ul>
 */
public final class SyncChild {
    private SyncChild() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String name = args[1];
        switch (mode) {
            case "lock":
            case "hold":
                try (NamedMutex m = NamedMutex.open(name)) {
                    try {
                        m.lock();
                        System.out.println("locked");
                    } catch (OwnerDiedException e) {
                        System.out.println("owner-died");
                    }
                    if (mode.equals("hold")) {
                        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                    }
                    m.unlock();
                    System.out.println("unlocked");
                }
                break;
            case "nest":
                try (NamedMutex a = NamedMutex.open(name); NamedMutex b = NamedMutex.open(args[2])) {
                    a.lock();
                    b.lock();
                    a.unlock();
                    b.unlock();
                    b.lock();
                    a.lock();
                    System.out.println("both");
                    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                    b.unlock();
                    a.unlock();
                    System.out.println("unlocked");
                }
                break;
            case "set":
                try (NamedEvent e = NamedEvent.open(name)) {
                    e.set();
                }
                break;
            case "wait":
                try (NamedEvent e = NamedEvent.open(name)) {
                    System.out.println("waiting");
                    System.out.println(e.await(Duration.ofMillis(Long.parseLong(args[2]))) ? "set" : "timeout");
                }
                break;
            case "release":
                try (NamedSemaphore s = NamedSemaphore.open(name)) {
                    System.out.println(s.release(Integer.parseInt(args[2])));
                } catch (SemaphoreFullException full) {
                    System.out.println("full");
                }
                break;
            case "acquire":
                try (NamedSemaphore s = NamedSemaphore.open(name)) {
                    System.out.println("waiting");
                    System.out.println(s.tryAcquire(Duration.ofMillis(Long.parseLong(args[2]))) ? "acquired" : "timeout");
                }
                break;
            case "create":
                NamedMutex.create(name);
                System.out.println("created");
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                break;
            case "counter":
                SyncReadmeIT.counter(name, args[2]);
                break;
            case "ready":
                SyncReadmeIT.secondProcess(name);
                break;
            case "try-open":
                try (NamedMutex m = NamedMutex.open(name)) {
                    System.out.println("opened " + m.name());
                } catch (SharedMemoryException e) {
                    System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
                }
                break;
            case "stress":
                SyncStressIT.worker(name, args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
                break;
            default:
                throw new IllegalArgumentException(mode);
        }
    }
}
