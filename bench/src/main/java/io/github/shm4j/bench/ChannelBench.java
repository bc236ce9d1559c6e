/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.bench;

import io.github.shm4j.SharedMemory;
import io.github.shm4j.channel.Channel;
import io.github.shm4j.channel.ChannelOptions;
import io.github.shm4j.channel.PeerDiedException;
import io.github.shm4j.channel.Producers;
import io.github.shm4j.channel.Receiver;
import io.github.shm4j.channel.Sender;
import io.github.shm4j.sync.EventReset;
import io.github.shm4j.sync.NamedEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The channel benchmarks of issue 12, two processes each, shm4j side by side with its
 * baselines in alternating blocks of one run; ratios are medians of per-block ratios.
 * <ol>
 * <li>throughput, 32-byte messages, 1 → 1: shm4j {@code Channel} vs Agrona
 *     {@code OneToOneRingBuffer} (both 1 MiB, in /dev/shm); a sender JVM spins on
 *     {@code offer}/{@code write}, this JVM polls, timed from the first message to the last;
 * <li>throughput, 4 → 1: four sender JVMs, shm4j {@code Producers.MANY} (4 rings of
 *     256 KiB) vs Agrona {@code ManyToOneRingBuffer} (1 MiB);
 * <li>ping-pong round trip, 32 bytes, over two channels (this JVM pings, a JVM echoes)
 *     vs the raw C cache-line ping-pong ({@code pingpong_c}) and vs Agrona over two
 *     OneToOneRingBuffers: p50, p99, p99.9;
 * <li>a parked receiver (another JVM) woken by a send: now minus the send's stamp, p50/p99;
 * <li>CPU of a receiver blocked 10 s in {@code receive} (an idle sender attached, so it probes);
 * <li>kill -9 of a sender JVM → {@code PeerDiedException} in a blocked {@code receive}, over 50 kills.
 * </ol>
 * usage: ChannelBench CDIR OUT.md [--quick] [--pingpong-only | --throughput-only | --wake-only]
 */
public final class ChannelBench {
    private static final String PREFIX = "shm4j-bench-ch-" + ProcessHandle.current().pid() + "-";
    private static int counter;
    private static final List<Process> CHILDREN = new ArrayList<>();

    private final boolean quick;
    private final Path cdir;
    private final StringBuilder md = new StringBuilder();
    private final List<String[]> chart = new ArrayList<>();
    private boolean pingPongOnly;
    private boolean throughputOnly;
    private boolean wakeOnly;

    private ChannelBench(Path cdir, boolean quick) {
        this.cdir = cdir;
        this.quick = quick;
    }

    public static void main(String[] args) throws Exception {
        List<String> flags = List.of(args).subList(2, args.length);
        boolean quick = flags.contains("--quick");
        ChannelBench b = new ChannelBench(Path.of(args[0]), quick);
        b.pingPongOnly = flags.contains("--pingpong-only");
        b.throughputOnly = flags.contains("--throughput-only");
        b.wakeOnly = flags.contains("--wake-only");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> CHILDREN.forEach(Process::destroyForcibly)));
        try {
            b.run(Path.of(args[1]));
        } finally {
            CHILDREN.forEach(Process::destroyForcibly);
        }
    }

    private void run(Path out) throws Exception {
        md.append("## Message channel (issue 12): `ChannelBench`\n\n")
                .append("Two processes each; shm4j and its baselines alternate block by block inside one run, and the")
                .append(" ratio is the median of the per-block ratios (shm4j ÷ baseline). Load average at start: ")
                .append(Files.readString(Path.of("/proc/loadavg")).trim()).append(quick ? " (QUICK: a smoke test)" : "")
                .append("; receiver spin before parking: ").append(System.getProperty(
                        "io.github.shm4j.channel.spinMicros", "50")).append(" µs")
                .append(".\n\n| benchmark | shm4j (median) | baseline (median) | ratio median (per block) | goal | met? |\n")
                .append("|---|---|---|---|---|---|\n");
        if (wakeOnly) {
            StringBuilder notes = new StringBuilder();
            wake(notes);
            writeOnly(out, md.append("\n").append(notes));
            return;
        }
        if (pingPongOnly) {
            pingPong();
            writeOnly(out, md);
            return;
        }
        throughput(false, false);
        throughput(true, false);
        throughput(false, true);
        throughput(true, true);
        if (throughputOnly) {
            writeOnly(out, md);
            return;
        }
        pingPong();
        StringBuilder notes = new StringBuilder();
        wake(notes);
        idle(notes);
        death(notes);
        md.append("\n").append(notes);
        md.append("\n![channel ratios vs goals](chart-channel.svg)\n");
        Files.writeString(out, md.toString());
        Files.writeString(out.resolveSibling("chart-channel.svg"), svg());
        System.out.print(md);
    }

    // ---- helpers ---------------------------------------------------------------------

    /** The report of a partial run (no chart: it would lack the other rows). */
    private static void writeOnly(Path out, StringBuilder report) throws IOException {
        Files.writeString(out, report.toString());
        System.out.print(report);
    }

    private static String name(String what) {
        return PREFIX + what + "-" + (++counter);
    }

    /** A child JVM running {@link ChannelBenchPeer}, stdin/stdout as lines. */
    private static final class Peer {
        final Process process;
        final BufferedReader out;
        final PrintStream in;

        Peer(List<String> command) throws IOException {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            CHILDREN.add(process);
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        }

        static Peer java(String... args) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
                    "-Xms64m", "-Dio.github.shm4j.channel.spinMicros=" + System.getProperty(
                            "io.github.shm4j.channel.spinMicros", "50"),
                    "-cp", System.getProperty("java.class.path"), ChannelBenchPeer.class.getName()));
            cmd.addAll(List.of(args));
            return new Peer(cmd);
        }

        String expect(String prefix) throws IOException {
            String l = out.readLine();
            if (l == null || !l.startsWith(prefix)) {
                throw new IOException("expected '" + prefix + "' from " + process.info().command().orElse("?") + ", got " + l);
            }
            return l;
        }

        void quit() throws InterruptedException {
            in.println("q");
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static Path agronaFile(String name, int capacity) throws IOException {
        Path p = Path.of("/dev/shm", name);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(capacity + RingBufferDescriptor.TRAILER_LENGTH);
        }
        return p;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static String blocks(double[] ratios) {
        StringBuilder b = new StringBuilder();
        for (double r : ratios) {
            b.append(b.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", r));
        }
        return b.toString();
    }

    private void row(String what, String shm, String base, double[] ratios, String goal, boolean higherIsBetter,
            double goalValue) {
        double r = median(ratios);
        boolean met = higherIsBetter ? r >= goalValue : r <= goalValue;
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f (%s) | %s | %s |%n", what, shm, base, r,
                blocks(ratios), goal, met ? "yes" : "**no**"));
        chart.add(new String[] {what, String.valueOf(r), String.valueOf(goalValue), String.valueOf(higherIsBetter)});
    }

    // ---- 1, 2. throughput -----------------------------------------------------------------

    /**
     * Senders spinning on {@code offer}/{@code write} while the ring is full, or ({@code wait})
     * waiting the way each library offers: see {@link ChannelBenchPeer}'s {@code tx}.
     */
    private void throughput(boolean many, boolean wait) throws Exception {
        int senders = many ? 4 : 1;
        int blocks = quick ? 3 : 7;
        int warm = 2;
        long n = quick ? 1_000_000 : 5_000_000;
        String shmName = name(many ? "tp4" : "tp1");
        ChannelOptions o = many ? ChannelOptions.defaults().capacity(1 << 18).producers(Producers.MANY).maxSenders(4)
                : ChannelOptions.defaults().capacity(1 << 20);
        String agName = name(many ? "agrona4" : "agrona1");
        Path agFile = agronaFile(agName, 1 << 20);
        try (Channel ch = Channel.create(shmName, o); Receiver rx = ch.receiver()) {
            UnsafeBuffer agBuf = ChannelBenchPeer.agronaBuffer(agFile.toString());
            RingBuffer ag = many ? new ManyToOneRingBuffer(agBuf) : new OneToOneRingBuffer(agBuf);
            List<Peer> shmTx = new ArrayList<>();
            List<Peer> agTx = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                String mode = wait ? "wait" : "spin";
                shmTx.add(Peer.java("tx", "shm", shmName, mode));
                agTx.add(Peer.java("tx", many ? "agrona-many" : "agrona", agFile.toString(), mode));
            }
            for (Peer p : shmTx) {
                p.expect("ready");
            }
            for (Peer p : agTx) {
                p.expect("ready");
            }
            double[] ratios = new double[blocks];
            double[] shmRates = new double[blocks];
            double[] agRates = new double[blocks];
            long[] sink = {0};
            for (int b = -warm; b < blocks; b++) {
                double s = 0;
                double a = 0;
                for (int k = 0; k < 2; k++) {
                    boolean shmTurn = (k == 0) == (b % 2 == 0);
                    List<Peer> tx = shmTurn ? shmTx : agTx;
                    for (Peer p : tx) {
                        p.in.println(n / senders);
                    }
                    long want = n / senders * senders;
                    long got = 0;
                    long t0 = 0;
                    while (got < want) {
                        int r = shmTurn ? rx.poll(m -> sink[0] += m.getLong(m.position()), 4096)
                                : ag.read((t, buf, i, l) -> sink[0] += buf.getLong(i), 4096);
                        if (r > 0 && got == 0) {
                            t0 = System.nanoTime();
                        }
                        got += r;
                        if (r == 0) {
                            Thread.onSpinWait();
                        }
                    }
                    double rate = want / ((System.nanoTime() - t0) / 1e9);
                    for (Peer p : tx) {
                        p.expect("ok");
                    }
                    if (shmTurn) {
                        s = rate;
                    } else {
                        a = rate;
                    }
                }
                if (b >= 0) {
                    shmRates[b] = s;
                    agRates[b] = a;
                    ratios[b] = s / a;
                }
            }
            for (Peer p : shmTx) {
                p.quit();
            }
            for (Peer p : agTx) {
                p.quit();
            }
            String who = many ? "4 sender JVMs, " : "";
            row((many ? "Throughput 4 → 1" : "Throughput 1 → 1") + ", 32 B, msgs/s (" + who
                    + (wait ? "waiting while full: send / Agrona BackoffIdleStrategy)" : "spinning while full)"),
                    String.format(Locale.ROOT, "%.1f M/s", median(shmRates) / 1e6),
                    String.format(Locale.ROOT, "Agrona %s: %.1f M/s", many ? "ManyToOneRingBuffer" : "OneToOneRingBuffer",
                            median(agRates) / 1e6), ratios, many ? "≥ 1.5" : "≥ 1.2", true, many ? 1.5 : 1.2);
            if (sink[0] == 42) {
                System.out.println();
            }
        } finally {
            Files.deleteIfExists(agFile);
        }
    }

    // ---- 3. ping-pong ---------------------------------------------------------------------

    private void pingPong() throws Exception {
        int blocks = quick ? 3 : 7;
        int warm = 2;
        int rounds = quick ? 50_000 : 100_000;
        String a = name("ping");
        String b = name("pong");
        Path agA = agronaFile(name("agping"), 1 << 16);
        Path agB = agronaFile(name("agpong"), 1 << 16);
        String cName = name("cpp");
        Path cFile = Files.createTempFile("shm4j-bench-ch", ".bin");
        try (Channel chA = Channel.create(a, ChannelOptions.defaults().capacity(1 << 16));
                Channel chB = Channel.create(b, ChannelOptions.defaults().capacity(1 << 16));
                Sender tx = chA.sender(); Receiver rx = chB.receiver()) {
            Peer shmPong = Peer.java("pong", "shm", a, b);
            shmPong.expect("ready");
            Peer agPong = Peer.java("pong", "agrona", agA.toString(), agB.toString());
            agPong.expect("ready");
            Peer cPong = new Peer(List.of(cdir.resolve("pingpong_c").toString(), "pong", cName));
            cPong.expect("ready");
            Peer cPing = new Peer(List.of(cdir.resolve("pingpong_c").toString(), "ping", cName));
            cPing.expect("ready");
            OneToOneRingBuffer agTx = new OneToOneRingBuffer(ChannelBenchPeer.agronaBuffer(agA.toString()));
            OneToOneRingBuffer agRx = new OneToOneRingBuffer(ChannelBenchPeer.agronaBuffer(agB.toString()));
            ByteBuffer msg = ByteBuffer.allocateDirect(ChannelBenchPeer.MESSAGE);
            UnsafeBuffer umsg = new UnsafeBuffer(msg);
            long[] lat = new long[rounds];
            double[][] shm = new double[3][blocks];
            double[][] ag = new double[3][blocks];
            double[][] c = new double[3][blocks];
            double[] vsC = new double[blocks];
            double[] vsAg = new double[blocks];
            long[] sink = {0};
            for (int blk = -warm; blk < blocks; blk++) {
                for (int k = 0; k < 3; k++) {
                    int variant = Math.floorMod(k + blk, 3);
                    double[] p;
                    if (variant == 0) {
                        shmPong.in.println(rounds);
                        for (int i = 0; i < rounds; i++) {
                            long t0 = System.nanoTime();
                            msg.putLong(0, t0);
                            while (!tx.offer(msg)) {
                                Thread.onSpinWait();
                            }
                            while (rx.receive(m -> sink[0] += m.getLong(m.position()), 1, Duration.ofSeconds(60)) == 0) {
                                Thread.onSpinWait();
                            }
                            lat[i] = System.nanoTime() - t0;
                        }
                        shmPong.expect("ok");
                        p = percentiles(lat);
                        if (blk >= 0) {
                            set(shm, blk, p);
                        }
                    } else if (variant == 1) {
                        agPong.in.println(rounds);
                        for (int i = 0; i < rounds; i++) {
                            long t0 = System.nanoTime();
                            umsg.putLong(0, t0);
                            while (!agTx.write(1, umsg, 0, ChannelBenchPeer.MESSAGE)) {
                                Thread.onSpinWait();
                            }
                            while (agRx.read((t, buf, idx, l) -> sink[0] += buf.getLong(idx), 1) == 0) {
                                Thread.onSpinWait();
                            }
                            lat[i] = System.nanoTime() - t0;
                        }
                        agPong.expect("ok");
                        p = percentiles(lat);
                        if (blk >= 0) {
                            set(ag, blk, p);
                        }
                    } else {
                        cPong.in.println(rounds);
                        cPing.in.println(rounds + " " + cFile);
                        cPing.expect("ok");
                        cPong.expect("ok");
                        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(cFile)).order(ByteOrder.LITTLE_ENDIAN);
                        for (int i = 0; i < rounds; i++) {
                            lat[i] = bytes.getLong();
                        }
                        p = percentiles(lat);
                        if (blk >= 0) {
                            set(c, blk, p);
                        }
                    }
                }
                if (blk >= 0) {
                    vsC[blk] = shm[0][blk] / c[0][blk];
                    vsAg[blk] = shm[0][blk] / ag[0][blk];
                }
            }
            shmPong.quit();
            agPong.quit();
            cPong.quit();
            cPing.quit();
            String shmP = String.format(Locale.ROOT, "p50 %.0f ns, p99 %.0f, p99.9 %.0f", median(shm[0]), median(shm[1]),
                    median(shm[2]));
            row("Ping-pong round trip p50, 32 B, two channels", shmP, String.format(Locale.ROOT,
                    "raw C cache-line ping-pong: p50 %.0f ns, p99 %.0f, p99.9 %.0f", median(c[0]), median(c[1]),
                    median(c[2])), vsC, "≤ 1.3", false, 1.3);
            row("Ping-pong round trip p50, 32 B, two channels (vs Agrona)", shmP, String.format(Locale.ROOT,
                    "Agrona, two OneToOneRingBuffers: p50 %.0f ns, p99 %.0f, p99.9 %.0f", median(ag[0]), median(ag[1]),
                    median(ag[2])), vsAg, "≤ 0.6", false, 0.6);
            if (sink[0] == 42) {
                System.out.println();
            }
        } finally {
            Files.deleteIfExists(agA);
            Files.deleteIfExists(agB);
            Files.deleteIfExists(cFile);
        }
    }

    private static void set(double[][] into, int blk, double[] p) {
        for (int i = 0; i < 3; i++) {
            into[i][blk] = p[i];
        }
    }

    private static double[] percentiles(long[] lat) {
        long[] s = lat.clone();
        Arrays.sort(s);
        return new double[] {s[s.length / 2], s[(int) (s.length * 0.99)], s[(int) (s.length * 0.999)]};
    }

    // ---- 4. wake latency ------------------------------------------------------------------

    /**
     * After warm-up wake-ups 150 µs apart (see below), blocks of sends 2 ms apart to a
     * receiver JVM parked in {@code receive}, alternating
     * with blocks of the C floor ({@code sync_c pair}: raw FUTEX_WAIT/FUTEX_WAKE on an
     * shm4j event between two C processes, 1 ms apart); the ratio is per block.
     */
    private void wake(StringBuilder notes) throws Exception {
        int n = quick ? 150 : 300;
        int blocks = quick ? 3 : 7;
        int warm = 2;
        int warmWakes = quick ? 2_000 : 12_000;
        String name = name("wake");
        double[] shm = new double[blocks];
        double[] shm99 = new double[blocks];
        double[] c = new double[blocks];
        double[] ratios = new double[blocks];
        try (Channel ch = Channel.create(name); Sender tx = ch.sender();
                NamedEvent e = NamedEvent.create(name("wake-c-event"), EventReset.AUTO, false);
                SharedMemory stamps = SharedMemory.create(name("wake-c-stamps"), 4096)) {
            Peer rx = Peer.java("wake", name);
            rx.expect("ready");
            ByteBuffer msg = ByteBuffer.allocateDirect(ChannelBenchPeer.MESSAGE);
            // Warm-up as a running service is warm: the wake-up path compiled by C2 and the JIT
            // idle, in both JVMs. Each wake-up runs that path once, so it takes thousands of them
            // (tier 4 compiles a method after 5000 calls); 150 us apart, the receiver parks each time.
            rx.in.println(warmWakes);
            for (int i = 0; i < warmWakes; i++) {
                LockSupport.parkNanos(150_000);
                msg.putLong(0, System.nanoTime());
                tx.offer(msg);
            }
            rx.expect("");
            for (int b = -warm; b < blocks; b++) {
                double cs = 0;
                if (b >= 0 && (b & 1) == 1) { // rotate the order
                    cs = cWake(e.name(), stamps.name(), n);
                }
                rx.in.println(n);
                for (int i = 0; i < n; i++) {
                    Thread.sleep(2); // the receiver spins 50 us, then parks: it is parked by now
                    msg.putLong(0, System.nanoTime());
                    tx.offer(msg);
                }
                String[] r = rx.expect("").trim().split(" ");
                if (b < 0) {
                    continue;
                }
                if ((b & 1) == 0) {
                    cs = cWake(e.name(), stamps.name(), n);
                }
                shm[b] = Double.parseDouble(r[0]) / 1000;
                shm99[b] = Double.parseDouble(r[1]) / 1000;
                c[b] = cs / 1000;
                ratios[b] = shm[b] / c[b];
            }
            rx.quit();
        }
        double p50 = median(shm);
        double p99 = median(shm99);
        md.append(String.format(Locale.ROOT, "| Parked receiver woken by a send (other JVM), µs | p50 %.1f µs (p99 %.1f)"
                + " | %s | %.2f (%s) | p50 ≤ 10 µs | %s |%n", p50, p99,
                String.format(Locale.ROOT, "C floor, raw futex wake between two C processes: p50 %.1f µs", median(c)),
                median(ratios), blocks(ratios), p50 <= 10 ? "yes" : "**no**"));
        chart.add(new String[] {"Wake p50 (µs / 10 µs goal)", String.valueOf(p50 / 10), "1", "false"});
        notes.append(String.format(Locale.ROOT, "- Wake latency: after %d warm-up wake-ups 150 µs apart (so that"
                + " the wake-up path is compiled, as in a service that has run a while), blocks of %d sends 2 ms apart to"
                + " a receiver JVM parked in `receive`, now minus the send's `System.nanoTime()` stamp, alternating with blocks of the C floor"
                + " (`sync_c pair`: one C process `FUTEX_WAKE`s another parked in `FUTEX_WAIT`, 1 ms apart): per-block p50"
                + " shm4j %s µs; C %s µs; median p50 %.1f µs vs C %.1f µs (ratio %.2f); p99 %.1f µs.%n", warmWakes, n,
                blocks(shm), blocks(c), p50, median(c), median(ratios), p99));
    }

    /** One block of the C wake floor: the p50 in ns. */
    private double cWake(String event, String stamps, int n) throws Exception {
        Process p = new ProcessBuilder(cdir.resolve("sync_c").toString(), "pair", event, stamps, String.valueOf(n))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CHILDREN.add(p);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IOException("sync_c pair failed: " + out);
        }
        return Double.parseDouble(out.lines().reduce((a, b) -> b).orElseThrow());
    }

    // ---- 5. idle CPU ---------------------------------------------------------------------

    private void idle(StringBuilder notes) throws Exception {
        long millis = quick ? 2_000 : 10_000;
        String name = name("idle");
        try (Channel ch = Channel.create(name); Sender tx = ch.sender(); Receiver rx = ch.receiver()) {
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long[] cpu = {0};
            Thread t = new Thread(() -> {
                long c0 = mx.getCurrentThreadCpuTime();
                try {
                    rx.receive(m -> { }, 1, Duration.ofMillis(millis));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                cpu[0] = mx.getCurrentThreadCpuTime() - c0;
            });
            t.start();
            t.join();
            double pct = 100.0 * cpu[0] / (millis * 1e6);
            md.append(String.format(Locale.ROOT, "| Idle receiver blocked %d s in `receive`, CPU | %.3f%% of a core"
                    + " (%.1f ms) | (absolute) | — | < 1%% | %s |%n", millis / 1000, pct, cpu[0] / 1e6,
                    pct < 1 ? "yes" : "**no**"));
            chart.add(new String[] {"Idle CPU (% / 1% goal)", String.valueOf(pct), "1", "false"});
            notes.append(String.format(Locale.ROOT, "- Idle: the receiving thread's CPU time (ThreadMXBean) over a %d s"
                    + " `receive` with a live, silent sender attached (so it probes the sender's mutex every 40 ms"
                    + " slice): %.1f ms.%n", millis / 1000, cpu[0] / 1e6));
            if (tx.isClosed()) {
                throw new IllegalStateException();
            }
        }
    }

    // ---- 6. peer death -------------------------------------------------------------------

    private void death(StringBuilder notes) throws Exception {
        int kills = quick ? 10 : 50;
        String name = name("death");
        long[] lat = new long[kills];
        try (Channel ch = Channel.create(name); Receiver rx = ch.receiver()) {
            for (int i = 0; i < kills; i++) {
                Peer tx = Peer.java("attach", name);
                tx.expect("ready");
                long[] died = {0};
                Thread t = new Thread(() -> {
                    try {
                        rx.receive(m -> { }, 1, Duration.ofSeconds(30));
                    } catch (PeerDiedException e) {
                        died[0] = System.nanoTime();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                t.start();
                Thread.sleep(50); // parked by now
                long t0 = System.nanoTime();
                tx.process.destroyForcibly();
                t.join();
                tx.process.waitFor();
                if (died[0] == 0) {
                    throw new IllegalStateException("no PeerDiedException after kill " + i);
                }
                lat[i] = died[0] - t0;
            }
        }
        Arrays.sort(lat);
        double p50 = lat[kills / 2] / 1e6;
        double max = lat[kills - 1] / 1e6;
        md.append(String.format(Locale.ROOT, "| kill -9 of the sender → `PeerDiedException` in `receive`, %d kills |"
                + " p50 %.1f ms, max %.1f ms | (absolute) | — | within 100 ms | %s |%n", kills, p50, max,
                max <= 100 ? "yes" : "**no**"));
        chart.add(new String[] {"Peer death max (ms / 100 ms goal)", String.valueOf(max / 100), "1", "false"});
        notes.append(String.format(Locale.ROOT, "- Peer death: a sender JVM attached, this JVM blocked in `receive`;"
                + " from `destroyForcibly()` (SIGKILL) to the exception, over %d kills: p50 %.1f ms, max %.1f ms.%n",
                kills, p50, max));
    }

    // ---- chart --------------------------------------------------------------------------

    /** Bars of ratio ÷ goal: left of the line (1.0) meets the goal for latency rows, right of it for throughput. */
    private String svg() {
        int h = 30 * chart.size() + 40;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"760\" height=\"%d\" font-family=\"sans-serif\""
                        + " font-size=\"12\">%n<text x=\"10\" y=\"18\">Channel: figure ÷ goal (throughput: ≥ 1 meets it;"
                        + " latency, CPU: ≤ 1 meets it)</text>%n", h));
        int y = 30;
        for (String[] r : chart) {
            double v = Double.parseDouble(r[1]) / Double.parseDouble(r[2]);
            boolean higher = Boolean.parseBoolean(r[3]);
            boolean met = higher ? v >= 1 : v <= 1;
            double w = Math.min(v, 3) * 120;
            s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\">%s</text>%n", y + 15, escape(r[0])));
            s.append(String.format(Locale.ROOT, "<rect x=\"340\" y=\"%d\" width=\"%.1f\" height=\"20\" fill=\"%s\"/>%n",
                    y, w, met ? "#4a4" : "#c44"));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%.2f</text>%n", 345 + w, y + 15, v));
            y += 30;
        }
        s.append(String.format(Locale.ROOT, "<line x1=\"460\" y1=\"25\" x2=\"460\" y2=\"%d\" stroke=\"black\""
                + " stroke-dasharray=\"4\"/>%n</svg>%n", y));
        return s.toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
