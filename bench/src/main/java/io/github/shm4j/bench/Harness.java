/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.bench;

import io.github.shm4j.testkit.ChildProcess;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The alternating harness. Every comparison runs its variants in short blocks, one
 * after the other, inside one run, rotating the order from block to block (ABC, BCA,
 * CAB, ... so no variant always follows the same one), and reports the median of the
 * per-block ratios: the host moves our vCPUs every few seconds, so only figures
 * measured side by side are comparable.
 *
 * <ul>
 *   <li>Java variants run in this JVM (lifecycle, bulk) or in child JVMs (ping-pong).
 *   <li>C variants run in helper processes started once and driven over a pipe: one
 *       line per block; the helper times the block itself (CLOCK_MONOTONIC), so the
 *       pipe is outside the figure; it waits in read(2) between its blocks.
 * </ul>
 *
 * <p>usage: Harness --cdir DIR --out DIR [--quick] [--machine FILE] [--jmh FILE] [--evidence DIR]<br>
 * or: Harness solo-lifecycle shm4j|jdk N (for strace: N cycles, nothing else)
 */
public final class Harness {
    private final boolean quick;
    private final Path cdir;
    private final Path out;
    private final Path machine;
    private final Path jmh;
    private final Path evidence;
    private final long pid = ProcessHandle.current().pid();
    private final List<Row> rows = new ArrayList<>();
    private final StringBuilder details = new StringBuilder();
    private final List<ChildProcess> children = new ArrayList<>();

    /** One line of the results table. */
    record Row(String benchmark, String unit, String shm4jLabel, double shm4j, String baseLabel, double base,
            double[] ratios, String goal, double goalValue, boolean higherIsBetter) {
        double ratio() {
            return median(ratios);
        }

        boolean judged() {
            return !Double.isNaN(goalValue);
        }

        boolean met() {
            return higherIsBetter ? ratio() >= goalValue : ratio() <= goalValue;
        }
    }

    Harness(boolean quick, Path cdir, Path out, Path machine, Path jmh, Path evidence) {
        this.quick = quick;
        this.cdir = cdir;
        this.out = out;
        this.machine = machine;
        this.jmh = jmh;
        this.evidence = evidence;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("solo-lifecycle")) {
            solo(args[1], Integer.parseInt(args[2]));
            return;
        }
        Map<String, String> opt = new LinkedHashMap<>();
        boolean quick = "1".equals(System.getenv("QUICK"));
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--quick")) {
                quick = true;
            } else {
                opt.put(args[i], args[++i]);
            }
        }
        Harness h = new Harness(quick, Path.of(opt.getOrDefault("--cdir", "bench/target/c")),
                Path.of(opt.getOrDefault("--out", "bench/results")), path(opt.get("--machine")),
                path(opt.get("--jmh")), path(opt.get("--evidence")));
        Runtime.getRuntime().addShutdownHook(new Thread(h::cleanUp));
        String only = opt.getOrDefault("--only", "lifecycle,bulk,pingpong"); // e.g. --only lifecycle
        try {
            if (only.contains("lifecycle")) {
                h.lifecycle();
            }
            if (only.contains("bulk")) {
                h.bulk();
            }
            if (only.contains("pingpong")) {
                h.pingPong();
            }
        } finally {
            h.cleanUp();
        }
        Report.write(h);
    }

    private static Path path(String s) {
        return s == null ? null : Path.of(s);
    }

    /** N lifecycle cycles and nothing else: strace -c -f runs this with N and with 0. */
    static void solo(String variant, int n) {
        String name = "shm4j-bench-solo-" + ProcessHandle.current().pid();
        Path path = Path.of("/dev/shm", name);
        long sink = 0;
        for (int i = 0; i < n; i++) {
            sink += variant.equals("shm4j") ? Lifecycle.shm4j(name) : Lifecycle.jdk(path);
        }
        System.out.println(sink);
    }

    // ---- accessors for Report ----------------------------------------------------------

    boolean quick() {
        return quick;
    }

    Path out() {
        return out;
    }

    Path machine() {
        return machine;
    }

    Path jmh() {
        return jmh;
    }

    Path evidence() {
        return evidence;
    }

    List<Row> rows() {
        return rows;
    }

    String details() {
        return details.toString();
    }

    // ---- 1. lifecycle --------------------------------------------------------------------

    void lifecycle() throws IOException {
        int n = quick ? 300 : 1000;
        int warm = quick ? 3 : 5;
        int blocks = quick ? 6 : 24;
        String shmName = "shm4j-bench-lc-" + pid;
        Path jdkPath = Path.of("/dev/shm", "shm4j-bench-lc-jdk-" + pid);
        ChildProcess c = start(List.of(cdir.resolve("lifecycle_c").toString(), "shm4j-bench-lc-c-" + pid,
                String.valueOf(Lifecycle.SIZE)), false);
        String[] names = {"shm4j", "C", "JDK"};
        double[][] opsPerSec = new double[3][blocks];
        alternate(3, warm, blocks, (v, b) -> {
            long ns;
            if (v == 0) {
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    Lifecycle.shm4j(shmName);
                }
                ns = System.nanoTime() - t0;
            } else if (v == 1) {
                ns = Long.parseLong(c.call(String.valueOf(n)));
            } else {
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    Lifecycle.jdk(jdkPath);
                }
                ns = System.nanoTime() - t0;
            }
            if (b >= 0) {
                opsPerSec[v][b] = n * 1e9 / ns;
            }
        });
        stop(c);
        double[] shmVsC = ratios(opsPerSec[0], opsPerSec[1]);
        double[] jdkVsC = ratios(opsPerSec[2], opsPerSec[1]);
        String bench = "Lifecycle: create+map+unmap+close+remove, 64 KiB";
        rows.add(new Row(bench, "ops/s", "shm4j", median(opsPerSec[0]), "C floor", median(opsPerSec[1]), shmVsC,
                "≥ 0.80", 0.80, true));
        rows.add(new Row(bench + " (JDK FileChannel, no unmap)", "ops/s", "JDK", median(opsPerSec[2]), "C floor",
                median(opsPerSec[1]), jdkVsC, "—", Double.NaN, true));
        detail("Lifecycle, " + blocks + " blocks of " + n + " cycles (after " + warm + " warm-up blocks), ops/s",
                names, opsPerSec, new String[] {"shm4j/C", "JDK/C"}, new double[][] {shmVsC, jdkVsC});
    }

    // ---- 2. bulk copy --------------------------------------------------------------------

    void bulk() throws IOException {
        int passes = quick ? 4 : 10;
        int warm = quick ? 3 : 5;
        int blocks = quick ? 6 : 24;
        ChildProcess c = start(List.of(cdir.resolve("bulk_c").toString(), "shm4j-bench-bulk-c-" + pid,
                String.valueOf(BulkCopy.SIZE), String.valueOf(BulkCopy.CHUNK)), false);
        double[][] gbps = new double[2][blocks];
        try (io.github.shm4j.SharedMemory shm = io.github.shm4j.SharedMemory.create("shm4j-bench-bulk-" + pid,
                BulkCopy.SIZE)) {
            io.github.shm4j.MappedView view = shm.map(0, BulkCopy.SIZE, io.github.shm4j.Access.READ_WRITE);
            byte[] chunk = BulkCopy.chunk();
            BulkCopy.prefault(view);
            alternate(2, warm, blocks, (v, b) -> {
                long ns;
                if (v == 0) {
                    long t0 = System.nanoTime();
                    for (int p = 0; p < passes; p++) {
                        BulkCopy.pass(view, chunk);
                    }
                    ns = System.nanoTime() - t0;
                } else {
                    ns = Long.parseLong(c.call(String.valueOf(passes)));
                }
                if (b >= 0) {
                    gbps[v][b] = (double) passes * BulkCopy.SIZE / ns; // bytes per ns = GB/s
                }
            });
        }
        stop(c);
        double[] r = ratios(gbps[0], gbps[1]);
        rows.add(new Row("Bulk copy: put(byte[]) 1 MiB chunks into a 64 MiB view", "GB/s", "shm4j",
                median(gbps[0]), "C memcpy", median(gbps[1]), r, "≥ 0.95", 0.95, true));
        detail("Bulk copy, " + blocks + " blocks of " + passes + " passes of 64 MiB (after " + warm
                + " warm-up blocks), GB/s", new String[] {"shm4j", "C memcpy"}, gbps, new String[] {"shm4j/C"},
                new double[][] {r});
    }

    // ---- 3. ping-pong --------------------------------------------------------------------

    void pingPong() throws IOException {
        int n = quick ? 20_000 : 50_000;
        int warm = quick ? 3 : 5;
        int blocks = quick ? 6 : 24;
        String[] names = {"shm4j", "C", "JDK"};
        ChildProcess[][] pairs = startPingPongPairs(names);
        Path tmp = Files.createTempFile("shm4j-bench-pp", ".bin");
        double[][][] pct = new double[3][3][blocks]; // [variant][p50,p99,p99.9][block]
        Histogram[] all = new Histogram[3];
        for (int v = 0; v < 3; v++) {
            all[v] = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        }
        try {
            alternate(3, warm, blocks, (v, b) -> {
                Histogram h = roundTrips(pairs[v][0], pairs[v][1], n, tmp);
                if (b >= 0) {
                    all[v].add(h);
                    pct[v][0][b] = h.getValueAtPercentile(50);
                    pct[v][1][b] = h.getValueAtPercentile(99);
                    pct[v][2][b] = h.getValueAtPercentile(99.9);
                }
            });
        } finally {
            Files.deleteIfExists(tmp);
            for (ChildProcess[] pair : pairs) {
                stop(pair[0]);
                stop(pair[1]);
            }
        }
        reportPingPong(names, blocks, n, warm, pct, all);
    }

    /** A ping and a pong process per variant (shm4j, C, JDK), each pair on its own object. */
    private ChildProcess[][] startPingPongPairs(String[] names) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        ChildProcess[][] pairs = new ChildProcess[3][];
        for (int v = 0; v < 3; v++) {
            String name = "shm4j-bench-pp-" + names[v].toLowerCase(Locale.ROOT) + "-" + pid;
            List<String> pong;
            List<String> ping;
            if (v == 1) {
                pong = List.of(cdir.resolve("pingpong_c").toString(), "pong", name);
                ping = List.of(cdir.resolve("pingpong_c").toString(), "ping", name);
            } else {
                String kind = v == 0 ? "shm4j" : "jdk";
                pong = List.of(java, "-cp", cp, PingPong.class.getName(), kind, "pong", name);
                ping = List.of(java, "-cp", cp, PingPong.class.getName(), kind, "ping", name);
            }
            ChildProcess po = start(pong, true);
            ChildProcess pi = start(ping, true); // after the pong said "ready": the object exists
            pairs[v] = new ChildProcess[] {pi, po};
        }
        return pairs;
    }

    /** n round trips between a pair; the ping writes each one's nanoseconds to tmp. */
    private static Histogram roundTrips(ChildProcess ping, ChildProcess pong, int n, Path tmp) throws IOException {
        pong.send(String.valueOf(n));
        ping.call(n + " " + tmp);
        pong.expect("ok");
        Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        ByteBuffer bb = ByteBuffer.wrap(Files.readAllBytes(tmp)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            h.recordValue(Math.max(1, Math.min(bb.getLong(), h.getHighestTrackableValue())));
        }
        return h;
    }

    private void reportPingPong(String[] names, int blocks, int n, int warm, double[][][] pct, Histogram[] all) {
        String[] ps = {"p50", "p99", "p99.9"};
        for (int p = 0; p < 3; p++) {
            rows.add(new Row("Ping-pong round trip " + ps[p] + " (2 processes, acquire/release)", "ns", "shm4j",
                    median(pct[0][p]), "C floor", median(pct[1][p]), ratios(pct[0][p], pct[1][p]), "≤ 1.10",
                    1.10, false));
        }
        for (int p = 0; p < 3; p++) {
            rows.add(new Row("Ping-pong round trip " + ps[p] + " (MappedByteBuffer + VarHandle)", "ns", "JDK",
                    median(pct[2][p]), "C floor", median(pct[1][p]), ratios(pct[2][p], pct[1][p]), "—", Double.NaN,
                    false));
        }
        for (int p = 0; p < 3; p++) {
            detail("Ping-pong " + ps[p] + ", " + blocks + " blocks of " + n + " round trips (after " + warm
                    + " warm-up blocks), ns", names, column(pct, p),
                    new String[] {"shm4j/C", "JDK/C", "shm4j/JDK"},
                    new double[][] {ratios(pct[0][p], pct[1][p]), ratios(pct[2][p], pct[1][p]),
                            ratios(pct[0][p], pct[2][p])});
        }
        details.append("All measured round trips, ns (HdrHistogram, all blocks together):\n\n");
        details.append("| variant | count | p50 | p90 | p99 | p99.9 | p99.99 | max |\n|---|---|---|---|---|---|---|---|\n");
        for (int v = 0; v < 3; v++) {
            Histogram h = all[v];
            details.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %d |%n", names[v],
                    h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                    h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getValueAtPercentile(99.99),
                    h.getMaxValue()));
        }
        details.append('\n');
    }

    /** One measured block of variant v (b < 0: a warm-up block, not recorded). */
    interface Block {
        void run(int v, int b) throws IOException;
    }

    /**
     * Runs warm-up then measured blocks; in each block every variant runs once, in an
     * order rotated every block, so that a drift of the machine hits all alike.
     */
    static void alternate(int variants, int warm, int blocks, Block block) throws IOException {
        for (int b = -warm; b < blocks; b++) {
            for (int k = 0; k < variants; k++) {
                block.run((k + Math.floorMod(b, variants)) % variants, b);
            }
        }
    }

    private static double[][] column(double[][][] pct, int p) {
        return new double[][] {pct[0][p], pct[1][p], pct[2][p]};
    }

    // ---- helpers -------------------------------------------------------------------------

    private void detail(String title, String[] names, double[][] values, String[] ratioNames, double[][] ratios) {
        details.append("**").append(title).append("**\n\n| block |");
        for (String n : names) {
            details.append(' ').append(n).append(" |");
        }
        for (String n : ratioNames) {
            details.append(' ').append(n).append(" |");
        }
        details.append("\n|").append("---|".repeat(1 + names.length + ratioNames.length)).append('\n');
        for (int b = 0; b < values[0].length; b++) {
            details.append("| ").append(b + 1).append(" |");
            for (double[] v : values) {
                details.append(' ').append(Report.num(v[b])).append(" |");
            }
            for (double[] r : ratios) {
                details.append(String.format(Locale.ROOT, " %.3f |", r[b]));
            }
            details.append('\n');
        }
        details.append("| **median** |");
        for (double[] v : values) {
            details.append(' ').append(Report.num(median(v))).append(" |");
        }
        for (double[] r : ratios) {
            details.append(String.format(Locale.ROOT, " **%.3f** |", median(r)));
        }
        details.append("\n\n");
    }

    static double[] ratios(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] / b[i];
        }
        return r;
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    /** A helper process driven by lines on its stdin: the C programs and the PingPong JVMs. */
    private ChildProcess start(List<String> command, boolean waitReady) {
        ChildProcess c = ChildProcess.of(command).timeout(Duration.ofMinutes(10)).separateStderr().start();
        children.add(c);
        if (waitReady) {
            c.expect("ready");
        }
        return c;
    }

    /** Asks a helper to quit ("q"), so that it removes its objects; kills it if it does not within 10 s. */
    private static void stop(ChildProcess c) {
        if (c.isAlive()) {
            c.input("q\n");
            try {
                c.process().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        c.close();
    }

    synchronized void cleanUp() {
        for (ChildProcess c : children) {
            stop(c);
        }
        children.clear();
        try (var s = Files.newDirectoryStream(Path.of("/dev/shm"), "shm4j-bench-*-" + pid)) {
            for (Path p : s) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // nothing more to do
        }
    }
}
