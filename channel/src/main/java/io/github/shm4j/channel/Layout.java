/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.channel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The channel's layout in shared memory, version 3: the same numbers as
 * {@code src/main/c/shm4j_channel.h}, which documents them for C peers. All words are
 * in native byte order and naturally aligned (the object is mapped at a page boundary).
 *
 * <h2>Who publishes what (acquire/release pairs)</h2>
 * <ul>
 * <li>{@code READY}: the creator writes every other header word, creates the auxiliary
 * sync objects, then writes {@code READY} with release; openers read it with acquire
 * before anything else but the magic and version.
 * <li>A record's header word: its sender writes the message bytes and a 0 header word
 * where the next record will start (plain), then the header with release; the
 * receiver reads the header at its head with acquire, then the bytes. So the receiver
 * polls one cache line, the one the message is in. A header word of 0 means "not yet
 * written": the ring starts zeroed, and every commit zeroes the next header first.
 * <li>A slot's {@code tail}: its sender stores it after each commit (release), on a
 * line no one else reads while it sends. It is where the next sender of the slot
 * starts, after skipping records committed after it (a sender killed between the two
 * stores): {@link Channel#committedTail}.
 * <li>A slot's {@code head}: the receiver writes it with release after it has read the
 * records below it; the sender reads it with acquire before it overwrites them.
 * <li>{@code rxParked} / a slot's {@code txParked}: the waiting side stores 1 (volatile),
 * then re-checks the ring; the other side publishes its tail or head with a volatile
 * swap (release plus a full barrier; or a release store, see the next item), then reads the flag. One of the two always
 * sees the other (a store-load pair; the fence is what ARM needs). Whoever turns the flag from 1 to 0 by CAS sets the event.
 * <li>{@code rxNoFence} / a slot's {@code noFence} (version 3): 1 when that party's
 * process is registered for {@code membarrier} ({@code ProcessBarrier.lightPublisher()})
 * and so publishes with a release store and no full barrier; stored (volatile) when it
 * attaches, before its first publication. A waiting side that finds its peer's word at 1
 * after storing its flag calls {@code ProcessBarrier.all()} before it re-checks, which
 * gives the peer its barrier; if that fails, it parks in 1 ms slices. Saving the barrier
 * per message doubled the 1 to 1 throughput here (2026-12-07).
 * <li>{@code state}, {@code deaths}, {@code deathTail}, {@code abandoned}: volatile or
 * CAS, written by whoever attaches, closes or finds a dead owner (holding the slot's
 * robust mutex while it does).
 * </ul>
 */
final class Layout {
    private Layout() {}

    static final int MAGIC = 0x4E484353; // "SCHN" in little-endian memory
    static final int VERSION = 3;
    static final int READY = 0x59444552; // "REDY"

    static final int H_MAGIC = 0;
    static final int H_VERSION = 4;
    static final int H_CAPACITY = 8;
    static final int H_SLOTS = 12;
    static final int H_MODE = 16;
    static final int H_MAX_MESSAGE = 20;
    static final int H_READY = 24;
    static final int H_TOTAL_SIZE = 32;
    /** Written by the receiver when it parks, read by senders after each message: a line of its own. */
    static final int H_RX_PARKED = 64;
    static final int H_RX_STATE = 128;
    static final int H_RX_DEATHS = 132;
    /** 1: the receiver publishes its head without a full barrier (version 3). */
    static final int H_RX_NO_FENCE = 136;
    static final int HEADER_SIZE = 256;

    static final int MODE_ONE = 1;
    static final int MODE_MANY = 2;

    static final int SLOT_SIZE = 256;
    /** Written by the sender only, per message: a line of its own. */
    static final int S_TAIL = 0;
    static final int S_CLAIM_OPEN = 8;
    /** Written when a party parks, attaches, leaves or dies; read by the receiver per drain. */
    static final int S_TX_PARKED = 64;
    static final int S_STATE = 68;
    static final int S_DEATHS = 72;
    static final int S_ABANDONED = 76;
    static final int S_DEATH_TAIL = 80;
    /** 1: the slot's sender publishes its records without a full barrier (version 3). */
    static final int S_NO_FENCE = 88;
    /** Written by the receiver only: a line of its own. */
    static final int S_HEAD = 128;

    /** A party's state (receiver or sender slot). */
    static final int NEVER = 0;
    static final int ATTACHED = 1;
    static final int CLOSED = 2;
    static final int DIED = 3;

    /** A record's header word before its sender commits it. */
    static final int UNWRITTEN = 0;
    /** The header word of a record that fills the ring's end: the next record is at index 0. */
    static final int PADDING = -1;
    static final int RECORD_HEADER = 4;
    static final int ALIGNMENT = 8;

    static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    static int slot(int i) {
        return HEADER_SIZE + i * SLOT_SIZE;
    }

    static int ring(int slots, int capacity, int i) {
        return HEADER_SIZE + slots * SLOT_SIZE + i * capacity;
    }

    static long totalSize(int slots, int capacity) {
        return HEADER_SIZE + (long) slots * SLOT_SIZE + (long) slots * capacity;
    }

    static int maxMessage(int capacity) {
        return capacity / 8;
    }

    /** The header word of a committed message of {@code length} bytes (never {@link #UNWRITTEN}). */
    static int header(int length) {
        return length + 1;
    }

    /** The message length a committed header word gives ({@code header} > 0). */
    static int length(int header) {
        return header - 1;
    }

    /**
     * Whether {@code header}, read at ring index {@code at}, is a message's: at most
     * {@code maxMessage} bytes, and a record that ends before the ring's end.
     */
    static boolean isMessage(int header, int at, int capacity, int maxMessage) {
        return header > 0 && length(header) <= maxMessage && length(header) <= capacity - at - RECORD_HEADER;
    }

    /** The bytes a record of {@code length} takes: header plus message, rounded up to 8. */
    static int record(int length) {
        return (length + RECORD_HEADER + ALIGNMENT - 1) & -ALIGNMENT;
    }

    static String receiverMutex(String name) {
        return name + ".rx-lock";
    }

    static String receiverEvent(String name) {
        return name + ".rx";
    }

    static String senderMutex(String name, int slot) {
        return name + ".tx" + slot + "-lock";
    }

    static String senderEvent(String name, int slot) {
        return name + ".tx" + slot;
    }
}
