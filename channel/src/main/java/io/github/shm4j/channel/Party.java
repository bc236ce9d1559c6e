/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.channel;

import io.github.shm4j.sync.NamedMutex;
import io.github.shm4j.sync.OwnerDiedException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Liveness of the parties of a channel, through robust named mutexes. A party (the
 * receiver, or a sender slot) is attached while its mutex is locked by the KEEPER: one
 * daemon thread per JVM (per class loader of this class) that lives while it holds a
 * mutex, so that the mutex is abandoned exactly when the process dies (a robust mutex
 * belongs to a thread), and whoever locks or probes it next gets
 * {@link OwnerDiedException}. The other side probes with a zero-timeout
 * {@code tryLock}, letting go at once if it got the mutex. The threads end when idle
 * with nothing held (and start again when needed), so that a class loader dropped
 * after its channels were closed (a redeploy) can be collected.
 */
final class Party {
    private Party() {}

    /** What a probe found. */
    enum Probe {
        /** Locked by a live owner. */
        ALIVE,
        /** Not locked: no one attached (or the owner is between attach and detach). */
        FREE,
        /** The owner died holding it; the prober had the mutex and let go. */
        DIED
    }

    /** A mutex the keeper holds for an attached party, and whether its previous owner had died. */
    static final class Hold {
        final NamedMutex mutex;
        final boolean previousDied;

        Hold(NamedMutex mutex, boolean previousDied) {
            this.mutex = mutex;
            this.previousDied = previousDied;
        }
    }

    /** The mutexes the keeper holds, by name; used on the keeper thread only. */
    private static final Set<String> HELD = new HashSet<>();
    private static final Worker KEEPER = new Worker("shm4j-channel-keeper", HELD::isEmpty);
    /** Probes for callers that cannot probe themselves (virtual threads). */
    private static final Worker PROBER = new Worker("shm4j-channel-prober", () -> true);

    /**
     * Attaches: the keeper locks the mutex {@code name}, trying for a few milliseconds
     * (a prober may hold it for a moment).
     *
     * @return the hold, or {@code null} if a live party holds it
     */
    static @Nullable Hold attach(String name) {
        return KEEPER.call(() -> {
            if (HELD.contains(name)) {
                return null; // by this process (the keeper must not lock it twice: EDEADLK, or nested on Win32)
            }
            NamedMutex m = NamedMutex.open(name);
            try {
                for (int attempt = 0; attempt < 5; attempt++) { // a prober holds it for microseconds
                    try {
                        if (m.tryLock()) {
                            HELD.add(name);
                            return new Hold(m, false);
                        }
                    } catch (OwnerDiedException e) {
                        HELD.add(name);
                        return new Hold(m, true);
                    }
                    Thread.sleep(1);
                }
            } catch (RuntimeException | Error | InterruptedException e) {
                m.close();
                throw e;
            }
            m.close();
            return null;
        });
    }

    /** Detaches: the keeper unlocks and closes the mutex. */
    static void detach(Hold hold) {
        KEEPER.call(() -> {
            HELD.remove(hold.mutex.name());
            hold.mutex.close(); // unlocks first: the keeper holds it
            return null;
        });
    }

    /**
     * Probes {@code m} (an instance the caller owns, not the keeper's). {@code onDied}
     * runs while the prober holds the mutex of a dead owner, before it lets go.
     */
    static Probe probe(NamedMutex m, Runnable onDied) {
        try {
            return probeHere(m, onDied);
        } catch (IllegalStateException virtualThread) {
            if (m.isClosed()) {
                throw virtualThread;
            }
            return PROBER.call(() -> probeHere(m, onDied));
        }
    }

    private static Probe probeHere(NamedMutex m, Runnable onDied) {
        boolean got;
        try {
            got = m.tryLock();
        } catch (OwnerDiedException e) {
            try {
                onDied.run();
            } finally {
                m.unlock();
            }
            return Probe.DIED;
        }
        if (got) {
            m.unlock();
            return Probe.FREE;
        }
        return Probe.ALIVE;
    }

    /**
     * One daemon platform thread at a time that runs tasks in order; it ends after
     * {@link #IDLE_MILLIS} without a task if {@code mayEnd} (asked on that thread) says
     * so, and the next task starts a new one.
     */
    private static final class Worker {
        static final long IDLE_MILLIS = 1000;

        private final String name;
        private final BooleanSupplier mayEnd;
        private final LinkedBlockingQueue<FutureTask<?>> tasks = new LinkedBlockingQueue<>();
        /** Whether a thread serves the queue; guarded by this. */
        private boolean running;

        Worker(String name, BooleanSupplier mayEnd) {
            this.name = name;
            this.mayEnd = mayEnd;
        }

        private void loop() {
            for (;;) {
                FutureTask<?> task;
                try {
                    task = tasks.poll(IDLE_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException ignored) {
                    continue; // never interrupted by us; keep serving: the held mutexes need this thread alive
                }
                if (task != null) {
                    task.run(); // FutureTask keeps the task's failure for its caller
                    continue;
                }
                synchronized (this) {
                    if (tasks.isEmpty() && mayEnd.getAsBoolean()) {
                        running = false;
                        return;
                    }
                }
            }
        }

        private synchronized void submit(FutureTask<?> task) {
            tasks.add(task);
            if (!running) {
                Thread t = new Thread(this::loop, name);
                t.setDaemon(true);
                t.setContextClassLoader(null); // pins no loader of the caller's
                t.start();
                running = true;
            }
        }

        <T> T call(Callable<T> task) {
            FutureTask<T> f = new FutureTask<>(task);
            submit(f);
            boolean interrupted = false;
            try {
                for (;;) {
                    try {
                        return f.get();
                    } catch (InterruptedException e) {
                        interrupted = true; // the task is short; finish it so no mutex is left half-done
                    } catch (ExecutionException e) {
                        Throwable c = e.getCause();
                        if (c instanceof RuntimeException) {
                            throw (RuntimeException) c;
                        }
                        if (c instanceof Error) {
                            throw (Error) c;
                        }
                        throw new IllegalStateException(c);
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
