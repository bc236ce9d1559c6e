/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.bench;

import io.github.shm4j.channel.Channel;
import io.github.shm4j.channel.Receiver;
import io.github.shm4j.channel.Sender;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * The other process of {@link ChannelBench}, one role per JVM, driven over stdin so
 * that it runs only during its blocks:
 * <ul>
 * <li>{@code tx shm|agrona|agrona-many NAME spin|wait}: per line "N", sends N 32-byte
 *     messages, answers "ok". While the ring is full, {@code spin} spins
 *     ({@code Thread.onSpinWait()}); {@code wait} waits the way each library offers:
 *     shm4j's {@code send} (spins 20 us, then parks until the receiver frees room), Agrona's
 *     {@code BackoffIdleStrategy} with its defaults (10 spins, 5 yields, then parks from
 *     1 us up to 1 ms)
 * <li>{@code pong shm|agrona NAME-IN NAME-OUT}: per line "N", echoes N messages, answers "ok"
 * <li>{@code wake NAME}: a receiver that parks between messages: prints "ready", then per
 *     line "N", after N messages "P50 P99" of now minus the stamp in each (ns)
 * <li>{@code attach NAME}: attaches a sender, prints "ready", waits to be killed
 * </ul>
 */
public final class ChannelBenchPeer {
    static final int MESSAGE = 32;

    private ChannelBenchPeer() {}

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        switch (args[0]) {
            case "tx":
                tx(args[1], args[2], args[3].equals("wait"), in);
                break;
            case "pong":
                pong(args[1], args[2], args[3], in);
                break;
            case "wake":
                wake(args[1], in);
                break;
            case "attach": {
                Channel ch = Channel.open(args[1]);
                ch.sender();
                System.out.println("ready");
                Thread.sleep(Long.MAX_VALUE);
                break;
            }
            default:
                throw new IllegalArgumentException(args[0]);
        }
    }

    /** Maps the Agrona ring's file (made by the driver). */
    static UnsafeBuffer agronaBuffer(String file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(Path.of(file).toFile(), "rw")) {
            MappedByteBuffer m = f.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, f.length());
            return new UnsafeBuffer(m);
        }
    }

    private static void tx(String kind, String name, boolean wait, BufferedReader in) throws Exception {
        Sender tx = null;
        RingBuffer ring = null;
        if (kind.equals("shm")) {
            tx = Channel.open(name).sender();
        } else if (kind.equals("agrona")) {
            ring = new OneToOneRingBuffer(agronaBuffer(name));
        } else {
            ring = new ManyToOneRingBuffer(agronaBuffer(name));
        }
        ByteBuffer b = ByteBuffer.allocateDirect(MESSAGE);
        UnsafeBuffer ub = new UnsafeBuffer(b);
        System.out.println("ready");
        long seq = 0;
        for (String line; (line = in.readLine()) != null && !line.equals("q"); ) {
            long n = Long.parseLong(line.trim());
            if (tx != null && wait) {
                for (long i = 0; i < n; i++) {
                    b.putLong(0, seq++);
                    tx.send(b);
                }
            } else if (tx != null) {
                for (long i = 0; i < n; i++) {
                    b.putLong(0, seq++);
                    while (!tx.offer(b)) {
                        Thread.onSpinWait();
                    }
                }
            } else if (wait) {
                BackoffIdleStrategy idle = new BackoffIdleStrategy();
                for (long i = 0; i < n; i++) {
                    ub.putLong(0, seq++);
                    while (!ring.write(1, ub, 0, MESSAGE)) {
                        idle.idle();
                    }
                    idle.reset();
                }
            } else {
                for (long i = 0; i < n; i++) {
                    ub.putLong(0, seq++);
                    while (!ring.write(1, ub, 0, MESSAGE)) {
                        Thread.onSpinWait();
                    }
                }
            }
            System.out.println("ok");
        }
    }

    private static void pong(String kind, String inName, String outName, BufferedReader in) throws Exception {
        ByteBuffer b = ByteBuffer.allocateDirect(MESSAGE);
        UnsafeBuffer ub = new UnsafeBuffer(b);
        if (kind.equals("shm")) {
            try (Channel a = Channel.open(inName); Channel c = Channel.open(outName); Receiver rx = a.receiver();
                    Sender tx = c.sender()) {
                System.out.println("ready");
                for (String line; (line = in.readLine()) != null && !line.equals("q"); ) {
                    long n = Long.parseLong(line.trim());
                    for (long i = 0; i < n; ) {
                        i += rx.receive(m -> {
                            b.putLong(0, m.getLong(m.position()));
                            while (!tx.offer(b)) {
                                Thread.onSpinWait();
                            }
                        }, 1, Duration.ofSeconds(60));
                    }
                    System.out.println("ok");
                }
            }
        } else {
            OneToOneRingBuffer rin = new OneToOneRingBuffer(agronaBuffer(inName));
            OneToOneRingBuffer rout = new OneToOneRingBuffer(agronaBuffer(outName));
            System.out.println("ready");
            for (String line; (line = in.readLine()) != null && !line.equals("q"); ) {
                long n = Long.parseLong(line.trim());
                for (long i = 0; i < n; ) {
                    int got = rin.read((type, buf, index, length) -> {
                        ub.putLong(0, buf.getLong(index));
                        while (!rout.write(1, ub, 0, MESSAGE)) {
                            Thread.onSpinWait();
                        }
                    }, 1);
                    if (got == 0) {
                        Thread.onSpinWait();
                    }
                    i += got;
                }
                System.out.println("ok");
            }
        }
    }

    private static void wake(String name, BufferedReader in) throws Exception {
        try (Channel ch = Channel.open(name); Receiver rx = ch.receiver()) {
            System.out.println("ready");
            for (String line; (line = in.readLine()) != null && !line.equals("q"); ) {
                int n = Integer.parseInt(line.trim());
                long[] lat = new long[n];
                int[] i = {0};
                while (i[0] < n) {
                    rx.receive(m -> lat[i[0]++] = System.nanoTime() - m.getLong(m.position()), 1,
                            Duration.ofSeconds(60));
                }
                Arrays.sort(lat);
                System.out.println(lat[n / 2] + " " + lat[n * 99 / 100]);
            }
        }
    }
}
