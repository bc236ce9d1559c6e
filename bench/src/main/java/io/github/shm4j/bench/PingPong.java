/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.bench;

import io.github.shm4j.Access;
import io.github.shm4j.MappedView;
import io.github.shm4j.SharedMemory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One side of the Java ping-pong, in its own JVM; the same protocol as
 * src/main/c/pingpong_c.c (see there): round i, ping stores 2i+1 (release), pong
 * waits for it (acquire) and stores 2i+2, ping waits for 2i+2. Driven over stdin by
 * {@link Harness} so that a pair spins only during its block.
 *
 * <p>usage: PingPong shm4j|jdk ping|pong NAME
 */
public final class PingPong {
    static final int SIZE = 4096;
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    /** The word, whichever way it is reached. */
    interface Word {
        long getAcquire();

        void setRelease(long v);
    }

    static final class Shm4jWord implements Word {
        final MappedView view;

        Shm4jWord(MappedView view) {
            this.view = view;
        }

        @Override
        public long getAcquire() {
            return view.getLongAcquire(0);
        }

        @Override
        public void setRelease(long v) {
            view.putLongRelease(0, v);
        }
    }

    static final class JdkWord implements Word {
        final MappedByteBuffer buf;

        JdkWord(MappedByteBuffer buf) {
            this.buf = buf;
        }

        @Override
        public long getAcquire() {
            return (long) LONG.getAcquire(buf, 0);
        }

        @Override
        public void setRelease(long v) {
            LONG.setRelease(buf, 0, v);
        }
    }

    private long round;

    // Separate loops per word class, so that each JVM's call site is monomorphic anyway.
    void serve(Word w, long n) {
        for (long i = 0; i < n; i++, round++) {
            while (w.getAcquire() != 2 * round + 1) {
                Thread.onSpinWait();
            }
            w.setRelease(2 * round + 2);
        }
    }

    void ping(Word w, long[] times, int n) {
        for (int i = 0; i < n; i++, round++) {
            long t0 = System.nanoTime();
            w.setRelease(2 * round + 1);
            while (w.getAcquire() != 2 * round + 2) {
                Thread.onSpinWait();
            }
            times[i] = System.nanoTime() - t0;
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: PingPong shm4j|jdk ping|pong NAME");
            System.exit(2);
        }
        boolean shm4j = args[0].equals("shm4j");
        boolean pong = args[1].equals("pong");
        String name = args[2];
        PrintStream out = System.out;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));

        SharedMemory shm = null;
        FileChannel ch = null;
        Word word;
        if (shm4j) {
            shm = pong ? SharedMemory.create(name, SIZE) : SharedMemory.open(name, Access.READ_WRITE);
            word = new Shm4jWord(shm.map(0, SIZE, Access.READ_WRITE));
        } else {
            Path path = Path.of("/dev/shm", name);
            ch = pong
                    ? FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                            StandardOpenOption.WRITE)
                    : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            word = new JdkWord(ch.map(FileChannel.MapMode.READ_WRITE, 0, SIZE));
        }
        out.println("ready");
        out.flush();

        PingPong pp = new PingPong();
        long[] times = new long[0];
        String line;
        while ((line = in.readLine()) != null && !line.startsWith("q")) {
            String[] parts = line.trim().split(" ");
            int n = Integer.parseInt(parts[0]);
            if (pong) {
                pp.serve(word, n);
            } else {
                if (times.length < n) {
                    times = new long[n];
                }
                pp.ping(word, times, n);
                ByteBuffer bb = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
                bb.asLongBuffer().put(times, 0, n);
                try (FileChannel f = FileChannel.open(Path.of(parts[1]), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    while (bb.hasRemaining()) {
                        f.write(bb);
                    }
                }
            }
            out.println("ok");
            out.flush();
        }
        if (shm != null) {
            shm.close(); // the pong, the creator, removes the name
        }
        if (ch != null) {
            ch.close();
            if (pong) {
                java.nio.file.Files.deleteIfExists(Path.of("/dev/shm", name));
            }
        }
    }
}
