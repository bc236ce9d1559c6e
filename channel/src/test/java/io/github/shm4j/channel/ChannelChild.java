/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.channel;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * The other process of the channel tests: {@code ChannelChild MODE NAME ARGS...}. Prints
 * what happened, one line each; the parent reads it through {@code ChildProcess}.
 * <ul>
 * <li>{@code send NAME ID COUNT MAXLEN SEED}: sends COUNT messages of {@link Support#fill}
 * (sender ID, random lengths 12..MAXLEN), "done"
 * <li>{@code send-hang NAME ID COUNT}: sends COUNT messages of 16..64 bytes, "sent COUNT", then waits to be killed
 * <li>{@code send-forever NAME ID}: sends messages as fast as it can until killed ("sending" first)
 * <li>{@code claim-hang NAME ID COUNT}: sends COUNT messages, claims one more, "claimed", waits to be killed
 * <li>{@code receive-hang NAME}: attaches the receiver, "attached", never receives, waits to be killed
 * <li>{@code receive-slow NAME LIMIT}: attaches the receiver, "attached", then receives up to
 * LIMIT messages a call, checking each, printing "got SEQ" and sleeping 1 ms after every
 * seventh, until killed
 * <li>{@code receive NAME SENDERS COUNT}: receives COUNT messages from each of SENDERS senders
 * (ids 0..), checking content and per-sender order, "received N"
 * <li>{@code echo NAME-IN NAME-OUT COUNT}: receives from IN and sends each message back on OUT
 * <li>{@code busy NAME COUNT}: creates the channel, sends COUNT 32-byte messages from one thread and
 * receives them in another, "received COUNT" (for strace: COUNT 0 measures the rest of the JVM)
 * <li>{@code wake-race NAME COUNT SEED}: creates the channel; one thread sends COUNT messages, each
 * after a random pause of 0 to 100 µs, while this one receives them, parking whenever it finds
 * none; "received N parks P late L" (the receiver's counters)
 * </ul>
 */
public final class ChannelChild {
    private ChannelChild() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String name = args[1];
        switch (mode) {
            case "send": {
                int id = Integer.parseInt(args[2]);
                long count = Long.parseLong(args[3]);
                int maxLen = Integer.parseInt(args[4]);
                send(name, id, count, maxLen, Long.parseLong(args[5]));
                System.out.println("done");
                break;
            }
            case "send-hang":
            case "claim-hang": {
                int id = Integer.parseInt(args[2]);
                long count = Long.parseLong(args[3]);
                Channel ch = Channel.open(name);
                Sender tx = ch.sender();
                ByteBuffer b = ByteBuffer.allocate(64);
                SplittableRandom r = new SplittableRandom(id);
                for (long seq = 0; seq < count; seq++) {
                    b.clear().limit(Support.fill(b, 0, seq, id, 16 + r.nextInt(49)));
                    tx.send(b);
                }
                if (mode.equals("claim-hang")) {
                    Claim c;
                    while ((c = tx.tryClaim(32)) == null) {
                        Thread.onSpinWait();
                    }
                    Support.fill(c.buffer(), 0, count, id, 32);
                    System.out.println("claimed");
                } else {
                    System.out.println("sent " + count);
                }
                Thread.sleep(Long.MAX_VALUE);
                break;
            }
            case "send-forever": {
                int id = Integer.parseInt(args[2]);
                Channel ch = Channel.open(name);
                Sender tx = ch.sender();
                ByteBuffer b = ByteBuffer.allocate(64);
                System.out.println("sending");
                for (long seq = 0;; seq++) {
                    b.clear().limit(Support.fill(b, 0, seq, id, 24));
                    tx.send(b);
                }
            }
            case "receive-hang": {
                Channel ch = Channel.open(name);
                ch.receiver();
                System.out.println("attached");
                Thread.sleep(Long.MAX_VALUE);
                break;
            }
            case "receive-slow": {
                int limit = Integer.parseInt(args[2]);
                Receiver rx = Channel.open(name).receiver();
                System.out.println("attached");
                for (;;) {
                    rx.receive(m -> {
                        long seq = Support.check(m, 0);
                        System.out.println("got " + seq);
                        if (seq % 7 == 0) { // a pause now and then, at another place of each call
                            try {
                                Thread.sleep(1);
                            } catch (InterruptedException e) {
                                throw new AssertionError(e);
                            }
                        }
                    }, limit, Duration.ofSeconds(60));
                }
            }
            case "receive": {
                int senders = Integer.parseInt(args[2]);
                long count = Long.parseLong(args[3]);
                System.out.println("received " + receive(name, senders, count));
                break;
            }
            case "echo": {
                try (Channel in = Channel.open(name); Channel out = Channel.open(args[2]);
                        Receiver rx = in.receiver(); Sender tx = out.sender()) {
                    long count = Long.parseLong(args[3]);
                    System.out.println("ready");
                    long[] n = {0};
                    while (n[0] < count) {
                        rx.receive(m -> {
                            if (!tx.offer(m)) {
                                throw new AssertionError("echo: the reply channel is full");
                            }
                            n[0]++;
                        }, 64, Duration.ofSeconds(60));
                    }
                }
                break;
            }
            case "busy": {
                long count = Long.parseLong(args[2]);
                try (Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(1 << 16));
                        Receiver rx = ch.receiver()) {
                    Thread t = new Thread(() -> {
                        try (Sender tx = ch.sender()) {
                            ByteBuffer b = ByteBuffer.allocate(32);
                            for (long seq = 0; seq < count; seq++) {
                                b.clear().limit(Support.fill(b, 0, seq, 0, 32));
                                tx.send(b);
                            }
                        } catch (InterruptedException e) {
                            throw new AssertionError(e);
                        }
                    });
                    t.start();
                    System.out.println("received " + receive(rx, 1, count));
                    t.join();
                }
                break;
            }
            case "wake-race":
                wakeRace(name, Long.parseLong(args[2]), Long.parseLong(args[3]));
                break;
            default:
                throw new IllegalArgumentException(mode);
        }
    }

    private static void wakeRace(String name, long count, long seed) throws Exception {
        try (Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(1 << 16));
                Receiver rx = ch.receiver()) {
            Thread t = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                try (Sender tx = ch.sender()) {
                    ByteBuffer b = ByteBuffer.allocate(16);
                    for (long seq = 0; seq < count; seq++) {
                        long until = System.nanoTime() + random.nextLong(100_000);
                        while (System.nanoTime() < until) {
                            Thread.onSpinWait();
                        }
                        b.clear().limit(Support.fill(b, 0, seq, 0, 16));
                        if (!tx.offer(b)) {
                            throw new AssertionError("wake-race: the channel is full");
                        }
                    }
                }
            });
            t.start();
            long got = receive(rx, 1, count);
            t.join();
            ShmReceiver r = (ShmReceiver) rx;
            System.out.println("received " + got + " parks " + r.parks + " late " + r.lateWakes);
        }
    }

    static void send(String name, int id, long count, int maxLen, long seed) throws InterruptedException {
        try (Channel ch = Channel.open(name); Sender tx = ch.sender()) {
            ByteBuffer b = ByteBuffer.allocateDirect(maxLen);
            SplittableRandom r = new SplittableRandom(seed);
            for (long seq = 0; seq < count; seq++) {
                int length = 12 + r.nextInt(maxLen - 11);
                b.clear().limit(Support.fill(b, 0, seq, id, length));
                if (!tx.offer(b)) {
                    tx.send(b);
                }
            }
        }
    }

    /** Receives {@code count} messages from each of {@code senders}, checking them; returns the total. */
    static long receive(String name, int senders, long count) throws InterruptedException {
        try (Channel ch = Channel.open(name); Receiver rx = ch.receiver()) {
            return receive(rx, senders, count);
        }
    }

    static long receive(Receiver rx, int senders, long count) throws InterruptedException {
        long[] next = new long[senders];
        long[] total = {0};
        long want = count * senders;
        while (total[0] < want) {
            int n = rx.receive(m -> {
                int sender = m.getInt(m.position() + 8);
                long seq = Support.check(m, -1);
                if (sender < 0 || sender >= senders || seq != next[sender]) {
                    throw new AssertionError("sender " + sender + ": message " + seq + " where "
                            + (sender >= 0 && sender < senders ? next[sender] : -1) + " was due");
                }
                next[sender]++;
                total[0]++;
            }, 256, Duration.ofSeconds(60));
            if (n == 0) {
                throw new AssertionError("nothing for 60 s after " + total[0] + " messages");
            }
        }
        return total[0];
    }
}
