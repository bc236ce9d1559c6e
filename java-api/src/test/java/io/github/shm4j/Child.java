/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The second process of the integration tests: {@code java Child COMMAND ARGS…}.
 * Prints what it read, or the simple name of the exception it got as
 * {@code EXCEPTION <SimpleName> <errorName>: <message>} (exit code 3).
 * Uses only the shm4j jar and the JDK, so that it also runs as another user.
 */
public final class Child {
    private Child() {}

    /** Where the contention commands keep their words, in the first 4 KiB of the object. */
    static final class Contention {
        static final long READY = 0; // int: how many peers have started
        static final long COUNTER = 64; // the getAndAdd target (int or long), a cache line of its own
        static final long LOCK = 128; // the spin-lock word (int or long)
        static final long FLAG = 192; // litmus: the round the writer released
        static final long ACK = 256; // litmus: the round the reader acknowledged
        static final long DATA = 512; // the lock's plain counter; the litmus's plain words
        static final int WORDS = 8;

        private Contention() {}
    }

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (SharedMemoryException e) {
            System.out.println("EXCEPTION " + e.getClass().getSimpleName() + " " + e.errorName() + ": "
                    + e.getMessage());
            System.out.flush();
            System.exit(3);
        }
    }

    /** What one access to a view whose memory is gone threw: the exception's class, or "nothing". */
    private static String faultOf(String what, MappedView view) {
        try {
            switch (what) {
                case "get":
                    view.get(4096, new byte[65536]);
                    break;
                case "put":
                    view.put(4096, new byte[65536]);
                    break;
                case "getLong":
                    for (int i = 0; i < 1000; i++) { // the JDK may report the fault a little later
                        view.getLong(8192 + 8 * i);
                    }
                    break;
                default:
                    view.buffer().get(65536, new byte[65536]);
                    break;
            }
            Thread.yield(); // JDK 17 reports a fault at the thread's next check: be sure there is one here
            return "nothing";
        } catch (MemoryFaultException | InternalError e) {
            return e.getClass().getSimpleName();
        }
    }

    /** The number of this process's memory mappings. */
    private static int mappingCount() throws java.io.IOException {
        return java.nio.file.Files.readAllLines(Path.of("/proc/self/maps")).size();
    }

    /** Fails the child (exit 4) when a spin has lasted too long: the peer or an atomic is broken. */
    private static final class Deadline {
        private final String what;
        private final long end = System.nanoTime() + 60_000_000_000L;
        private int spins;

        Deadline(String what) {
            this.what = what;
        }

        void check() {
            if ((++spins & 1023) == 0 && System.nanoTime() > end) {
                System.out.println("TIMEOUT waiting 60 s for " + what);
                System.out.flush();
                System.exit(4);
            }
        }
    }

    /** Counts this process in at {@link Contention#READY} and waits until both peers are there. */
    private static void meet(MappedView view) {
        view.getAndAddInt(Contention.READY, 1);
        Deadline deadline = new Deadline("the other process to start");
        while (view.getIntVolatile(Contention.READY) < 2) {
            deadline.check();
            Thread.onSpinWait();
        }
    }

    private static void release(MappedView view, boolean ints, long offset, int value) {
        if (ints) {
            view.putIntRelease(offset, value);
        } else {
            view.putLongRelease(offset, value + (1L << 40)); // the high half matters too
        }
    }

    private static long acquire(MappedView view, boolean ints, long offset) {
        return ints ? view.getIntAcquire(offset) : view.getLongAcquire(offset) - (1L << 40);
    }

    private static void run(String[] args) throws Exception {
        switch (args[0]) {
            case "read-string": { // name: prints the UTF-16LE string at 0
                try (SharedMemory shm = SharedMemory.open(args[1], Access.READ_ONLY);
                        MappedView view = shm.map(0, Math.min(shm.size(), 4096), Access.READ_ONLY)) {
                    System.out.println("read " + view.getString(0, StandardCharsets.UTF_16LE));
                }
                break;
            }
            case "write-string": { // name text: writes at offset 512, then bumps the int at 1024
                try (SharedMemory shm = SharedMemory.open(args[1], Access.READ_WRITE);
                        MappedView view = shm.map(0, 2048, Access.READ_WRITE)) {
                    view.putString(512, args[2], StandardCharsets.UTF_8);
                    System.out.println("before " + view.getAndAddInt(1024, 1));
                }
                break;
            }
            case "file": { // path text: maps the file, prints what is at 0, writes at 4096
                try (SharedMemory shm = SharedMemory.openFile(Path.of(args[1]), 8192, Access.READ_WRITE);
                        MappedView view = shm.map(0, 8192, Access.READ_WRITE)) {
                    System.out.println("read " + view.getString(0, StandardCharsets.UTF_8));
                    view.putString(4096, args[2], StandardCharsets.UTF_8);
                    view.force();
                }
                break;
            }
            case "create": { // name size: creates and closes at once
                try (SharedMemory shm = SharedMemory.create(args[1], Long.parseLong(args[2]))) {
                    System.out.println("created " + shm.size());
                }
                break;
            }
            case "open": { // name: opens read-write
                try (SharedMemory shm = SharedMemory.open(args[1], Access.READ_WRITE)) {
                    System.out.println("opened " + shm.size());
                }
                break;
            }
            case "create-and-wait": // name text [PERSISTENT]: creates, writes, waits for stdin or kill
            {
                CreateOptions options = args.length > 3
                        ? CreateOptions.defaults().withLifetime(NameLifetime.valueOf(args[3]))
                        : CreateOptions.defaults();
                SharedMemory shm = SharedMemory.create(args[1], 4096, options);
                MappedView view = shm.map(0, 4096, Access.READ_WRITE);
                view.putString(0, args[2], StandardCharsets.UTF_16LE);
                System.out.println("ready");
                System.out.flush();
                System.in.read(); // the test kills us, or closes stdin
                view.close();
                shm.close();
                break;
            }
            case "open-and-wait": { // name: opens read-only (a holder of the name), waits for stdin or kill
                SharedMemory shm = SharedMemory.open(args[1], Access.READ_ONLY);
                System.out.println("ready");
                System.out.flush();
                System.in.read();
                shm.close();
                break;
            }
            case "shrunk-copy": { // name: a peer shrinks the object under a view; bulk copies and accessors fault
                try (SharedMemory shm = SharedMemory.create(args[1], 1 << 20);
                        MappedView view = shm.map(0, 1 << 20, Access.READ_WRITE)) {
                    view.put(0, new byte[1 << 20]);
                    try (java.nio.channels.FileChannel peer = java.nio.channels.FileChannel.open(
                            Path.of("/dev/shm", args[1]), java.nio.file.StandardOpenOption.WRITE)) {
                        peer.truncate(0); // what a buggy peer's ftruncate does
                    }
                    for (String what : List.of("get", "put", "getLong", "buffer")) {
                        System.out.println(what + " " + faultOf(what, view));
                    }
                }
                break;
            }
            case "forget-views": { // name count: maps views and never closes them
                int count = Integer.parseInt(args[2]);
                try (SharedMemory shm = SharedMemory.create(args[1], 65536)) {
                    int most = 0;
                    long sum = 0;
                    for (int i = 0; i < count; i++) {
                        sum += shm.map(0, 4096, Access.READ_WRITE).getInt(0);
                        if (i % 5000 == 0) {
                            most = Math.max(most, mappingCount());
                        }
                    }
                    System.out.println("most " + Math.max(most, mappingCount()) + " sum " + sum);
                }
                break;
            }
            case "map-close-alternating": { // name count: map and close, alternating read-write and read-only
                int count = Integer.parseInt(args[2]);
                try (SharedMemory shm = SharedMemory.create(args[1], 65536)) {
                    int most = 0;
                    for (int i = 0; i < count; i++) {
                        try (MappedView v = shm.map(0, 4096, i % 2 == 0 ? Access.READ_WRITE : Access.READ_ONLY)) {
                            v.getInt(0);
                        }
                        if (i % 5000 == 0) {
                            most = Math.max(most, mappingCount());
                        }
                    }
                    System.out.println("most " + Math.max(most, mappingCount()));
                }
                break;
            }
            case "create-close-loop": { // name count size: creates and closes the name over and over
                int count = Integer.parseInt(args[2]);
                long size = Long.parseLong(args[3]);
                System.out.println("ready");
                System.out.flush();
                int created = 0;
                for (int i = 0; i < count; i++) {
                    try (SharedMemory shm = SharedMemory.create(args[1], size)) {
                        created += shm.isCreator() ? 1 : 0;
                    } catch (AlreadyExistsException e) {
                        // the racing opener holds it for a moment
                    }
                }
                System.out.println("created " + created);
                break;
            }
            case "non-utf8-file-name": { // dir: a file NIO names café.bin, mapped by that name
                Path file = Path.of(args[1], "caf\u00e9.bin");
                java.nio.file.Files.write(file, "mapped by its name".getBytes(StandardCharsets.UTF_8));
                try (SharedMemory shm = SharedMemory.openFile(file, 0, Access.READ_ONLY);
                        MappedView view = shm.map(0, shm.size(), Access.READ_ONLY)) {
                    System.out.println(System.getProperty("sun.jnu.encoding") + " read "
                            + view.getString(0, StandardCharsets.UTF_8));
                }
                break;
            }
            case "pong": { // name rounds: the answering side of CrossArchitectureIT's ping-pong
                try (SharedMemory shm = SharedMemory.open(args[1], Access.READ_WRITE);
                        MappedView view = shm.map(0, 4096, Access.READ_WRITE)) {
                    int rounds = Integer.parseInt(args[2]);
                    for (int r = 0; r < rounds; r++) {
                        CrossArchitectureIT.awaitTurn(view, 2L * r + 1);
                        CrossArchitectureIT.checkPayload(view, CrossArchitectureIT.PING, r);
                        CrossArchitectureIT.writePayload(view, CrossArchitectureIT.PONG, r);
                        view.putLongRelease(CrossArchitectureIT.TURN, 2L * r + 2);
                    }
                    System.out.println("pong " + rounds);
                }
                break;
            }
            case "add": { // name count: adds 1 to the int at 1024, count times
                try (SharedMemory shm = SharedMemory.open(args[1], Access.READ_WRITE);
                        MappedView view = shm.map(0, 4096, Access.READ_WRITE)) {
                    int count = Integer.parseInt(args[2]);
                    for (int i = 0; i < count; i++) {
                        view.getAndAddInt(1024, 1);
                    }
                    System.out.println("added " + count);
                }
                break;
            }
            case "probe": { // starts, and that is all: can this JVM run here (another user, a private checkout)?
                System.out.println("ok");
                break;
            }
            case "contend-add": { // name int|long n delta: meets its peer, then n getAndAdd of delta; prints the sum of the results
                try (SharedMemory shm = SharedMemory.open(args[1], Access.READ_WRITE);
                        MappedView view = shm.map(0, 4096, Access.READ_WRITE)) {
                    boolean ints = args[2].equals("int");
                    int n = Integer.parseInt(args[3]);
                    long delta = Long.parseLong(args[4]);
                    meet(view);
                    long sum = 0;
                    for (int i = 0; i < n; i++) {
                        sum += ints ? view.getAndAddInt(Contention.COUNTER, (int) delta)
                                : view.getAndAddLong(Contention.COUNTER, delta);
                    }
                    System.out.println("sum " + sum);
                }
                break;
            }
            case "lock": { // name int|long n: meets its peer, then n increments of a plain counter under a CAS spin-lock
                try (SharedMemory shm = SharedMemory.open(args[1], Access.READ_WRITE);
                        MappedView view = shm.map(0, 4096, Access.READ_WRITE)) {
                    boolean ints = args[2].equals("int");
                    int n = Integer.parseInt(args[3]);
                    meet(view);
                    Deadline deadline = new Deadline("the lock");
                    for (int i = 0; i < n; i++) {
                        while (!(ints ? view.compareAndSetInt(Contention.LOCK, 0, 1)
                                : view.compareAndSetLong(Contention.LOCK, 0, 1L))) {
                            deadline.check();
                            Thread.onSpinWait();
                        }
                        long value = view.getLong(Contention.DATA); // plain: only the lock orders it
                        view.putLong(Contention.DATA, value + 1);
                        if (ints) {
                            view.putIntRelease(Contention.LOCK, 0);
                        } else {
                            view.putLongRelease(Contention.LOCK, 0L);
                        }
                    }
                    System.out.println("done " + n);
                }
                break;
            }
            case "litmus": { // name int|long rounds writer|reader: message passing with release/acquire
                try (SharedMemory shm = SharedMemory.open(args[1], Access.READ_WRITE);
                        MappedView view = shm.map(0, 4096, Access.READ_WRITE)) {
                    boolean ints = args[2].equals("int");
                    int rounds = Integer.parseInt(args[3]);
                    boolean writer = args[4].equals("writer");
                    Deadline deadline = new Deadline("the peer");
                    int wrong = 0;
                    for (int r = 1; r <= rounds; r++) {
                        if (writer) {
                            for (int w = 0; w < Contention.WORDS; w++) { // plain writes, published by the release
                                view.putLong(Contention.DATA + 8L * w, (long) r * (w + 1));
                            }
                            release(view, ints, Contention.FLAG, r);
                            while (acquire(view, ints, Contention.ACK) != r) {
                                deadline.check();
                                Thread.onSpinWait();
                            }
                        } else {
                            while (acquire(view, ints, Contention.FLAG) != r) {
                                deadline.check();
                                Thread.onSpinWait();
                            }
                            for (int w = 0; w < Contention.WORDS; w++) { // plain reads, ordered by the acquire
                                if (view.getLong(Contention.DATA + 8L * w) != (long) r * (w + 1)) {
                                    wrong++;
                                }
                            }
                            release(view, ints, Contention.ACK, r);
                        }
                    }
                    System.out.println(writer ? "wrote " + rounds : "stale " + wrong);
                }
                break;
            }
            default:
                throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }
}
