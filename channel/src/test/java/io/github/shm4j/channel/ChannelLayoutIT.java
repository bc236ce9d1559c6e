/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.shm4j.Access;
import io.github.shm4j.MappedView;
import io.github.shm4j.SharedMemory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The layout's rules since version 2, on the bytes: the slot's tail word is only where the
 * next sender starts looking, the records' header words decide.
 */
class ChannelLayoutIT {
    private static final int CAPACITY = 1024;

    private static final int TAIL_AT = Layout.slot(0) + Layout.S_TAIL;

    /** A channel, its receiver, and a read-write view of its bytes. */
    private static final class Bytes implements AutoCloseable {
        final Channel ch;
        final SharedMemory raw;
        final MappedView v;
        final Receiver rx;

        Bytes(String what) {
            String name = Support.uniqueName(what);
            ch = Channel.create(name, ChannelOptions.defaults().capacity(CAPACITY));
            raw = SharedMemory.open(name, Access.READ_WRITE);
            v = raw.map(0, raw.size(), Access.READ_WRITE);
            rx = ch.receiver();
        }

        @Override
        public void close() {
            try (ch; raw; v; rx) {
                // closes all four, the last opened first
            }
        }
    }

    @Test
    void aRecordCommittedAfterTheTailWordIsNotOverwrittenByTheNextSender() {
        try (Bytes b = new Bytes("late-tail")) {
            try (Sender tx = b.ch.sender()) {
                send(tx, "a", "bb", "ccc");
            }
            long tail = b.v.getLongVolatile(TAIL_AT);
            assertEquals(3L * Layout.record(3), tail, "the tail word after three small records");
            // the sender died between committing "ccc" and storing its tail word
            b.v.putLongVolatile(TAIL_AT, tail - Layout.record(3));
            try (Sender tx = b.ch.sender()) {
                send(tx, "dddd");
            }
            assertEquals(List.of("a", "bb", "ccc", "dddd"), drain(b.rx));
            assertEquals(tail + Layout.record(4), b.v.getLongVolatile(TAIL_AT));
        }
    }

    @Test
    void aTailWordOutsideTheRingsWindowIsNotTrusted() {
        try (Bytes b = new Bytes("bad-tail")) {
            try (Sender tx = b.ch.sender()) {
                send(tx, "a", "bb");
            }
            assertEquals(List.of("a", "bb"), drain(b.rx));
            for (long garbage : new long[] {1L << 40, -8, 0}) {
                b.v.putLongVolatile(TAIL_AT, garbage);
                try (Sender tx = b.ch.sender()) {
                    send(tx, "x" + garbage);
                }
                assertEquals(List.of("x" + garbage), drain(b.rx), "tail word " + garbage);
            }
        }
    }

    @Test
    void eachCommitLeavesAnUnwrittenHeaderWordAfterItsRecordAcrossTheRingsEnd() {
        try (Bytes b = new Bytes("zero-ahead"); Sender tx = b.ch.sender()) {
            int ring = Layout.ring(1, CAPACITY, 0);
            // garbage where records will go: only commits may make a header word readable
            for (int i = 0; i < CAPACITY; i += 4) {
                b.v.putInt(ring + i, 0x7fff_0000 | i);
            }
            b.v.putIntVolatile(ring, Layout.UNWRITTEN);
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String m = "m" + i + "-".repeat(i % 50);
                send(tx, m);
                sent.add(m);
                long tail = b.v.getLongVolatile(TAIL_AT);
                assertEquals(Layout.UNWRITTEN, b.v.getIntVolatile(ring + (int) (tail & (CAPACITY - 1))),
                        "the header word at the tail after message " + i);
                assertEquals(List.of(m), drain(b.rx));
            }
            assertTrue(b.v.getLongVolatile(TAIL_AT) > 3 * CAPACITY, "wrapped around");
        }
    }

    private static void send(Sender tx, String... messages) {
        for (String m : messages) {
            byte[] b = m.getBytes(StandardCharsets.US_ASCII);
            assertTrue(tx.offer(b, 0, b.length), m);
        }
    }

    private static List<String> drain(Receiver rx) {
        List<String> got = new ArrayList<>();
        while (rx.poll(m -> {
            byte[] b = new byte[m.remaining()];
            m.get(b);
            got.add(new String(b, StandardCharsets.US_ASCII));
        }, 100) > 0) {
            // until empty
        }
        return got;
    }
}
