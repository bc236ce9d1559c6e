/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.channel;

import io.github.shm4j.SharedMemoryException;
import io.github.shm4j.sync.NamedMutex;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The other process of {@link ChannelResourceIT}: {@code AbuseChild MODE NAME}. Prints one
 * line per outcome.
 * <ul>
 * <li>{@code full-shm NAME}: on a private, otherwise empty /dev/shm, fills it with a
 * file, then for N = 0..12 free pages tries to create a mutex and a channel: "N mutex
 * OUTCOME channel OUTCOME left [ENTRIES]", where OUTCOME is "ok" or the exception's simple
 * class name, and ENTRIES what is in /dev/shm besides the filler after the attempt
 * <li>{@code other-user NAME}: opens the channel NAME and its mutex NAME.rx-lock of
 * another user ("channel OUTCOME", "mutex OUTCOME"), then makes and uses a channel and a
 * mutex of its own: "own ok"
 * <li>{@code create-hang NAME [SENDERS]}: creates the channel (capacity 4096; with SENDERS,
 * {@link Producers#MANY} with that many), attaches its receiver, "created", then waits to
 * be killed
 * </ul>
 */
public final class AbuseChild {
    private AbuseChild() {}

    private static final Path SHM = Path.of("/dev/shm");
    private static final String FILLER = "filler";

    public static void main(String[] args) throws Exception {
        String name = args[1];
        switch (args[0]) {
            case "full-shm":
                fullShm(name);
                break;
            case "other-user":
                otherUser(name);
                break;
            case "create-hang":
                Channel.create(name, args.length > 2
                        ? ChannelOptions.defaults().capacity(4096).producers(Producers.MANY)
                                .maxSenders(Integer.parseInt(args[2]))
                        : ChannelOptions.defaults().capacity(4096)).receiver();
                System.out.println("created");
                Thread.sleep(Long.MAX_VALUE);
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
    }

    private static String outcome(Runnable r) {
        try {
            r.run();
            return "ok";
        } catch (SharedMemoryException e) {
            return e.getClass().getSimpleName();
        }
    }

    private static void fullShm(String name) throws IOException {
        Path filler = SHM.resolve(FILLER);
        long full = 0;
        byte[] page = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (;;) {
                out.write(page);
                out.flush();
                full += page.length;
            }
        } catch (IOException noSpace) {
            // full: the last write may have been cut short; truncate to whole pages below
        }
        for (int free = 0; free <= 12; free++) {
            try (FileChannel fc = FileChannel.open(filler, StandardOpenOption.WRITE)) {
                fc.truncate(full - (long) free * page.length);
            }
            String mutex = outcome(() -> NamedMutex.create(name + ".m").close());
            String channel = outcome(() -> {
                try (Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(1024));
                        Sender tx = ch.sender(); Receiver rx = ch.receiver()) {
                    if (!tx.offer(new byte[] {1}, 0, 1) || rx.poll(m -> { }, 1) != 1) {
                        throw new AssertionError("the channel does not work");
                    }
                }
            });
            System.out.println(free + " mutex " + mutex + " channel " + channel + " left " + left());
        }
        Files.delete(filler);
    }

    private static List<String> left() throws IOException {
        try (Stream<Path> s = Files.list(SHM)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(FILLER)).sorted()
                    .collect(Collectors.toList());
        }
    }

    private static void otherUser(String name) throws Exception {
        System.out.println("channel " + outcome(() -> Channel.open(name).close()));
        System.out.println("mutex " + outcome(() -> NamedMutex.open(Layout.receiverMutex(name)).close()));
        String own = name + "-own";
        try (Channel ch = Channel.create(own, ChannelOptions.defaults().capacity(1024)); Sender tx = ch.sender();
                Receiver rx = ch.receiver(); NamedMutex m = NamedMutex.create(own + "-mutex")) {
            m.lock();
            tx.send(ByteBuffer.wrap(new byte[] {7}));
            int[] got = {0};
            rx.receive(x -> got[0] = x.get(x.position()), 1, Duration.ofSeconds(10));
            m.unlock();
            System.out.println(got[0] == 7 ? "own ok" : "own got " + got[0]);
        }
    }
}
