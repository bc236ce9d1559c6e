/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.bench;

import io.github.shm4j.Access;
import io.github.shm4j.MappedView;
import io.github.shm4j.SharedMemory;
import io.github.shm4j.sync.EventReset;
import io.github.shm4j.sync.NamedEvent;
import io.github.shm4j.sync.NamedMutex;
import io.github.shm4j.sync.OwnerDiedException;
import io.github.shm4j.testkit.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The sync benchmarks, each side by side with C in one run, in
 * alternating blocks; the figures are medians of the per-block ratios.
 * <ol>
 * <li>uncontended NamedMutex lock+unlock vs C pthread_mutex_lock/unlock on a robust,
 *     process-shared mutex (sync_c lock, one process driven over a pipe): three times
 *     as many blocks as the others, each Java block right before its C block;
 * <li>NamedEvent set -> a parked waiter in another process running (p50), Java
 *     setter and Java waiter vs C setter and C waiter on the same layout with raw
 *     futex calls (sync_c pair). The setter writes CLOCK_MONOTONIC (System.nanoTime)
 *     to a shared word, sets, and waits for the waiter to clear the word before the
 *     next round, so that no set is merged into an unconsumed one;
 * <li>two processes contending for one mutex, each N lock+unlock pairs started
 *     together (a JVM each vs two C processes): the mutex goes back and forth;
 * <li>owner death -> a blocked Java waiter woken, over 100 kill -9 of a C holder:
 *     p50 and max.
 * <li>timeouts and interrupts: lateness of a 50 ms await, time from interrupt() to the end of an await;
 * <li>CPU time of a thread blocked in {@code NamedEvent.await()} for 10 s (ThreadMXBean).
 * </ol>
 * usage: SyncBench CDIR OUT.md [--quick] | SyncBench waiter|contender ... (internal)
 */
public final class SyncBench {
    private SyncBench() {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals("contender")) {
            try (NamedMutex m = NamedMutex.open(args[1]); NamedEvent go = NamedEvent.open(args[2])) {
                lockUnlock(m, 20_000); // warm-up
                System.out.println("ready");
                go.await();
                System.out.println(lockUnlock(m, Integer.parseInt(args[3])));
            }
            return;
        }
        if (args[0].equals("waiter")) {
            waiter(args[1], args[2], Integer.parseInt(args[3]));
            return;
        }
        Path c = Path.of(args[0], "sync_c");
        boolean quick = args.length > 2 && args[2].equals("--quick");
        int blocks = quick ? 3 : 7;
        StringBuilder md = new StringBuilder("# Sync benchmarks\n\n")
                .append("Alternating blocks in one run; ratio = shm4j / C, median of the per-block ratios.\n\n")
                .append("| benchmark | shm4j (last block) | C (last block) | ratio (median) | goal |\n|---|---|---|---|---|\n");

        // 1. uncontended lock + unlock: short blocks, each right after the other side's, so that
        // both of a pair run on the same host placement (it changes every few seconds)
        String prefix = "shm4j-bench-sync-" + ProcessHandle.current().pid();
        int pairs = blocks * 3;
        double[] ratios = new double[pairs];
        double js = 0;
        double cs = 0;
        int n = quick ? 200_000 : 1_000_000;
        try (NamedMutex m = NamedMutex.create(prefix + "-mutex");
             ChildProcess cLock = child(List.of(c.toString(), "lock"))) {
            for (int w = 0; w < 5; w++) { // warm-up (the JIT)
                lockUnlock(m, n);
                cLock.call(String.valueOf(n));
            }
            for (int b = 0; b < pairs; b++) {
                double j = lockUnlock(m, n);
                double cn = Double.parseDouble(cLock.call(String.valueOf(n)));
                ratios[b] = j / cn;
                js = j;
                cs = cn;
            }
            cLock.send("q");
        }
        row(md, "uncontended lock+unlock (ns/pair)", js, cs, ratios, "<= 1.2");

        // 2. two processes contending for one mutex
        try (NamedMutex m = NamedMutex.create(prefix + "-contend");
             NamedEvent go = NamedEvent.create(prefix + "-go", EventReset.MANUAL, false)) {
            int cn = quick ? 100_000 : 500_000;
            double[] cr = new double[blocks];
            for (int b = 0; b < blocks; b++) {
                go.reset();
                try (ChildProcess other = child(javaCommand("contender", m.name(), go.name(), String.valueOf(cn)))) {
                    other.expect("ready");
                    go.set();
                    double mine = lockUnlock(m, cn);
                    js = (mine + Double.parseDouble(other.nextLine())) / 2;
                    other.awaitExit();
                }
                cs = Double.parseDouble(run(List.of(c.toString(), "contend", String.valueOf(cn))).get(0));
                cr[b] = js / cs;
            }
            row(md, "two processes contending for one mutex (ns per lock+unlock, mean of both)", js, cs, cr,
                    "<= 1.5");
        }

        // 2. event set -> waiter in another process running
        int wakes = quick ? 200 : 1000;
        try (NamedEvent e = NamedEvent.create(prefix + "-event", EventReset.AUTO, false);
             SharedMemory stamps = SharedMemory.create(prefix + "-stamps", 4096);
             MappedView v = stamps.map(0, 8, Access.READ_WRITE)) {
            double[] er = new double[blocks];
            for (int i = 0; i < 20_000; i++) { // warm-up of the setter's path
                e.set();
            }
            e.reset();
            for (int b = 0; b < blocks; b++) {
                try (ChildProcess w = child(javaCommand("waiter", e.name(), stamps.name(), String.valueOf(wakes)))) {
                    w.expect("ready");
                    for (int i = 0; i < wakes; i++) {
                        while (v.getLongVolatile(0) != 0) { // the waiter has not taken the last one yet
                            Thread.sleep(0, 100_000);
                        }
                        Thread.sleep(1); // so that the waiter is parked in the kernel
                        v.putLongVolatile(0, System.nanoTime());
                        e.set();
                    }
                    js = Double.parseDouble(w.nextLine());
                    w.awaitExit();
                }
                cs = Double.parseDouble(run(List.of(c.toString(), "pair", e.name(), stamps.name(),
                        String.valueOf(wakes))).get(0));
                er[b] = js / cs;
            }
            row(md, "event set -> waiter running, other process, p50 (ns)", js, cs, er, "<= 1.5");
        }

        // 3. owner death -> waiter woken
        int kills = quick ? 20 : 100;
        long[] lat = new long[kills];
        try (NamedMutex m = NamedMutex.create(prefix + "-death")) {
            for (int i = 0; i < kills; i++) {
                ChildProcess holder = child(List.of(c.toString(), "hold", m.name()));
                holder.expect("locked");
                long[] woken = new long[1];
                Thread waiter = new Thread(() -> {
                    try {
                        m.lock();
                    } catch (OwnerDiedException expected) {
                        woken[0] = System.nanoTime();
                    }
                    m.unlock();
                });
                waiter.start();
                Thread.sleep(20); // parked in the kernel by now
                long t0 = System.nanoTime();
                holder.kill();
                waiter.join();
                lat[i] = woken[0] - t0;
            }
        }
        Arrays.sort(lat);

        // 4. CPU of a blocked wait: a thread in await(), and one in tryLock() of a mutex this
        //    thread holds, for 10 s each (2 s with --quick)
        long waitMillis = quick ? 2_000 : 10_000;
        try (NamedEvent never = NamedEvent.create(prefix + "-never", EventReset.AUTO, false);
             NamedMutex held = NamedMutex.create(prefix + "-held")) {
            long awaitCpu = blockedCpu(() -> never.await(java.time.Duration.ofMillis(waitMillis)));
            held.lock();
            long lockCpu;
            try {
                lockCpu = blockedCpu(() -> held.tryLock(java.time.Duration.ofMillis(waitMillis)));
            } finally {
                held.unlock();
            }
            md.append(String.format(Locale.ROOT, "\nCPU of a thread blocked %d s in NamedEvent.await(): %.2f ms"
                    + " = %.3f%% of a core; in NamedMutex.tryLock(%d s) of a held mutex: %.2f ms = %.3f%%"
                    + " (goal: < 1%%; on Linux 5.16+ one kernel sleep, elsewhere 5 ms slices).%n",
                    waitMillis / 1000, awaitCpu / 1e6, 100.0 * awaitCpu / (waitMillis * 1e6), waitMillis / 1000,
                    lockCpu / 1e6, 100.0 * lockCpu / (waitMillis * 1e6)));
        }
        // 5. timeouts and interrupts: how late a 50 ms await returns, and how long an
        //    interrupt takes to end an await, over 20 tries each
        int tries = quick ? 5 : 20;
        long[] late = new long[tries];
        long[] interrupt = new long[tries];
        try (NamedEvent never = NamedEvent.create(prefix + "-late", EventReset.AUTO, false)) {
            for (int i = 0; i < tries; i++) {
                long t0 = System.nanoTime();
                never.await(java.time.Duration.ofMillis(50));
                late[i] = System.nanoTime() - t0 - 50_000_000L;
                long[] ended = new long[1];
                Thread t = new Thread(() -> {
                    try {
                        never.await();
                    } catch (InterruptedException expected) {
                        ended[0] = System.nanoTime();
                    }
                });
                t.start();
                Thread.sleep(20);
                long i0 = System.nanoTime();
                t.interrupt();
                t.join();
                interrupt[i] = ended[0] - i0;
            }
        }
        Arrays.sort(late);
        Arrays.sort(interrupt);
        md.append(String.format(Locale.ROOT, "\nTimeouts: a 50 ms await returns late by p50 %.2f ms, max %.2f ms;"
                + " Thread.interrupt() ends an await after p50 %.2f ms, max %.2f ms (%d tries each; goal: within"
                + " 10 ms).%n", late[tries / 2] / 1e6, late[tries - 1] / 1e6, interrupt[tries / 2] / 1e6,
                interrupt[tries - 1] / 1e6, tries));
        md.append(String.format(Locale.ROOT, "\nOwner death (kill -9 of a C holder) -> blocked Java waiter woken,"
                + " over %d kills: p50 %.2f ms, max %.2f ms (goal: woken within 50 ms).%n", kills,
                lat[kills / 2] / 1e6, lat[kills - 1] / 1e6));
        Files.writeString(Path.of(args[1]), md.toString());
        System.out.print(md);
    }

    private static double lockUnlock(NamedMutex m, int n) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            m.lock();
            m.unlock();
        }
        return (System.nanoTime() - t0) / (double) n;
    }

    /** A wait that blocks its thread. */
    private interface BlockingWait {
        void run() throws InterruptedException;
    }

    /** The CPU time of a new thread that runs one blocking wait. */
    private static long blockedCpu(BlockingWait wait) throws InterruptedException {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long[] cpu = new long[1];
        Thread t = new Thread(() -> {
            long c0 = mx.getCurrentThreadCpuTime();
            try {
                wait.run();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            cpu[0] = mx.getCurrentThreadCpuTime() - c0;
        });
        t.start();
        t.join();
        return cpu[0];
    }

    /** The Java waiter of benchmark 2, in its own JVM: prints the p50 set -> running latency. */
    private static void waiter(String event, String stampsName, int n) throws Exception {
        try (NamedEvent e = NamedEvent.open(event);
             SharedMemory stamps = SharedMemory.open(stampsName, Access.READ_WRITE);
             MappedView v = stamps.map(0, 8, Access.READ_WRITE)) {
            long[] lat = new long[n];
            for (int i = 0; i < 20_000; i++) { // warm-up: compile the await path, as C needs no JIT
                e.await(java.time.Duration.ofNanos(i & 1)); // both paths: a try, and a wait (of 1 ns)
            }
            System.out.println("ready");
            for (int i = 0; i < n; i++) {
                e.await();
                lat[i] = System.nanoTime() - v.getLongVolatile(0);
                v.putLongVolatile(0, 0); // taken: the setter may go on
            }
            Arrays.sort(lat);
            System.out.println(lat[n / 2]);
        }
    }

    private static void row(StringBuilder md, String what, double j, double c, double[] ratios, String goal) {
        double[] s = ratios.clone();
        Arrays.sort(s);
        md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.2f (blocks: %s) | %s |%n", what, j, c,
                s[s.length / 2], Arrays.toString(Arrays.stream(ratios).map(x -> Math.round(x * 100) / 100.0).toArray()),
                goal));
    }

    private static List<String> javaCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                SyncBench.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static ChildProcess child(List<String> cmd) {
        return ChildProcess.of(cmd).timeout(Duration.ofMinutes(10)).start();
    }

    /** Runs cmd to its end; its output lines. */
    private static List<String> run(List<String> cmd) throws IOException {
        try (ChildProcess p = child(cmd)) {
            p.closeInput();
            if (p.awaitExit() != 0) {
                throw new IOException(cmd + " failed: " + p.out());
            }
            return p.out().lines().toList();
        }
    }
}
