/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * shm4j_channel.h - the layout of shm4j's message channel (io.github.shm4j.channel),
 * version 3, for C and C++ programs that send to or receive from Java. This header is
 * the contract: the Java side (Layout.java) uses the same numbers, and a C program
 * that knows only this header (channel/src/test/c/channel_peer.c) exchanges
 * 10,000,000 messages with Java in ChannelCInteropIT.
 *
 * WHERE A CHANNEL LIVES
 *   The channel "X" (Java: "Local\X", "Global\X" or "X") is the shared memory object
 *   "/X" (Linux: /dev/shm/X; Windows: the file mapping "Local\X"), of
 *   shm4j_channel_total_size() bytes, in the byte order and alignment of the machine.
 *   Its auxiliary objects are shm4j sync objects (layout: shm4j_sync.h):
 *     X.rx         auto-reset event: wakes a parked receiver
 *     X.txN        auto-reset event: wakes the parked sender of slot N
 *     X.rx-lock    robust mutex held by the receiver's process while attached
 *     X.txN-lock   robust mutex held by slot N's sender's process while attached
 *   The object's name lives as a NameLifetime.HELD name: a C process that uses the
 *   channel should hold flock(fd, LOCK_SH) on it, or the name may vanish when the
 *   last Java process closes it (the mapping stays valid).
 *
 * HEADER (offset 0, SHM4J_CH_HEADER_SIZE bytes)
 *   magic, version   SHM4J_CH_MAGIC, SHM4J_CH_VERSION; refuse any other version
 *   capacity         bytes of each slot's ring: a power of two, at least 1024
 *   slots            sender slots: 1 for mode ONE, 1..64 for MANY
 *   mode             SHM4J_CH_MODE_ONE or _MANY
 *   max_message      capacity / 8: the longest message
 *   ready            SHM4J_CH_READY, written last by the creator with release; read
 *                    it with acquire before trusting any other word
 *   total_size       the object's size as the creator made it
 *   rx_parked        1 while the receiver sleeps on X.rx (see WAKING)
 *   rx_state         SHM4J_CH_NEVER / _ATTACHED / _CLOSED / _DIED
 *   rx_deaths        how often a receiver was found dead
 *   rx_no_fence      1 if the receiver publishes head without a full fence (see
 *                    WAKING); the receiver stores it (seq_cst) when it attaches
 *
 * SLOTS (slot i at SHM4J_CH_HEADER_SIZE + i * SHM4J_CH_SLOT_SIZE)
 *   tail         bytes ever committed by the sender (64-bit, only grows), stored
 *                after each commit; only the slot's next sender reads it (own line)
 *   claim_open   1 while a Java sender holds a claim (peer-death bookkeeping)
 *   tx_parked    1 while the sender sleeps on X.txN (see WAKING)
 *   state        as rx_state, for the slot's sender
 *   deaths, death_tail, abandoned: peer-death bookkeeping (Java side)
 *   no_fence     1 if the slot's sender commits without a full fence (see WAKING);
 *                the sender stores it (seq_cst) before its first commit
 *   head         bytes ever consumed by the receiver (64-bit, only grows; own line)
 *
 * RINGS (slot i's at shm4j_channel_ring_offset(slots, capacity, i), capacity bytes)
 *   A record at ring index (pos & (capacity - 1)): an int32 header word, then the
 *   message bytes, the whole padded to a multiple of 8. The header word says:
 *     SHM4J_CH_UNWRITTEN (0)  nothing here yet: the sender has not committed it
 *     SHM4J_CH_PADDING (-1)   the rest of the ring up to its end is unused, the next
 *                             record is at index 0
 *     n > 0                   a message of n - 1 bytes (shm4j_channel_header_word)
 *   A record never wraps. The ring starts zeroed, and every commit zeroes the header
 *   word after its record first, so the word at the tail is always UNWRITTEN: the
 *   receiver polls the next record's own header, one cache line, not a tail word.
 *
 * SENDING (one producer per slot)
 *   Start at tail; then skip any record committed after it (a header that is not
 *   UNWRITTEN: a sender killed between its commit and its tail store).
 *   Let rec = shm4j_channel_record_size(len), at = tail & (capacity - 1). Room for
 *   b bytes means tail + b + SHM4J_CH_RECORD_HEADER - head <= capacity (head read
 *   with acquire): the bytes, and the next record's header word after them.
 *   If rec > capacity - at: when there is room for capacity - at bytes, store
 *   UNWRITTEN at index 0, then SHM4J_CH_PADDING at `at` with RELEASE; tail +=
 *   capacity - at, at = 0.
 *   If there is room for rec bytes: write the bytes at at + 4, store UNWRITTEN at
 *   (tail + rec) & (capacity - 1), then the header word at `at` with RELEASE (the
 *   commit); tail += rec, stored with release. Then a full fence (none if no_fence
 *   is 1, see WAKING), and if rx_parked is 1 and a CAS turns it 1 -> 0, set the
 *   event X.rx.
 *
 * RECEIVING (one consumer)
 *   Read the header word at head with ACQUIRE; while it is not UNWRITTEN, consume
 *   the record and go on with the next; then store head with RELEASE. Then a full
 *   fence (none if rx_no_fence is 1, see WAKING), and if the slot's tx_parked is 1
 *   and a CAS turns it 1 -> 0, set the event X.txN. Consumed records are not cleared.
 *
 * WAKING (parking without a system call per message)
 *   A side that wants to sleep stores its flag = 1 (seq_cst), checks the ring again,
 *   and sleeps on its event only if there is still nothing to do, in slices of at
 *   most 40 ms (so it sees close and the peer's death). The other side's full fence
 *   between its publication and its flag load pairs with it: one of the two always
 *   sees the other.
 *   No fence (version 3, Linux): a party whose process registered with
 *   membarrier(MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED, 0, 0) may store its no_fence
 *   word = 1 and then leave out that full fence (it keeps the publication and the flag
 *   load in program order: at least a compiler barrier). Then a side that wants to
 *   sleep, after storing its flag, reads the peer's no_fence word (any slot's, for the
 *   receiver) and, if it is 1, calls membarrier(MEMBARRIER_CMD_GLOBAL_EXPEDITED, 0, 0)
 *   before it checks the ring again: that makes the peer pass the fence it left out.
 *   If that call fails, sleep in slices of 1 ms. A party that keeps its fence stores
 *   no_fence = 0; every party must store it, since a previous one may have left 1.
 *   Setting an event (shm4j_sync.h, EVENT): store state = 1 (seq_cst); if
 *   waiters > 0, FUTEX_WAKE(state, 1). A C peer that never sets the
 *   events is still correct: a parked Java side then wakes at the end of its slice.
 *
 * LIVENESS
 *   A Java party holds its robust mutex (X.rx-lock, X.txN-lock) while attached; a
 *   C peer that uses only this header does not, so Java neither refuses a second
 *   party because of it nor notices its death.
 */
#ifndef SHM4J_CHANNEL_H
#define SHM4J_CHANNEL_H

#include <stddef.h>
#include <stdint.h>

#define SHM4J_CH_MAGIC 0x4E484353u /* "SCHN" in little-endian memory */
#define SHM4J_CH_VERSION 3u
#define SHM4J_CH_READY 0x59444552u /* "REDY" */
#define SHM4J_CH_HEADER_SIZE 256u
#define SHM4J_CH_SLOT_SIZE 256u
#define SHM4J_CH_MIN_CAPACITY 1024u
#define SHM4J_CH_MAX_SLOTS 64u
#define SHM4J_CH_UNWRITTEN 0
#define SHM4J_CH_PADDING (-1)
#define SHM4J_CH_RECORD_HEADER 4u
#define SHM4J_CH_ALIGNMENT 8u

enum shm4j_ch_mode { SHM4J_CH_MODE_ONE = 1, SHM4J_CH_MODE_MANY = 2 };
enum shm4j_ch_state { SHM4J_CH_NEVER = 0, SHM4J_CH_ATTACHED = 1, SHM4J_CH_CLOSED = 2, SHM4J_CH_DIED = 3 };

struct shm4j_channel_header {
    uint32_t magic;        /* 0 */
    uint32_t version;      /* 4 */
    uint32_t capacity;     /* 8 */
    uint32_t slots;        /* 12 */
    uint32_t mode;         /* 16 */
    uint32_t max_message;  /* 20 */
    uint32_t ready;        /* 24 */
    uint32_t reserved0;    /* 28 */
    uint64_t total_size;   /* 32 */
    uint8_t pad0[24];      /* 40 */
    uint32_t rx_parked;    /* 64: its own cache line */
    uint8_t pad1[60];
    uint32_t rx_state;     /* 128 */
    uint32_t rx_deaths;    /* 132 */
    uint32_t rx_no_fence;  /* 136 */
    uint8_t pad2[116];
};

struct shm4j_channel_slot {
    uint64_t tail;         /* 0: written by the sender only */
    uint32_t claim_open;   /* 8 */
    uint8_t pad0[52];      /* 12 */
    uint32_t tx_parked;    /* 64: its own cache line, with the bookkeeping */
    uint32_t state;        /* 68 */
    uint32_t deaths;       /* 72 */
    uint32_t abandoned;    /* 76 */
    uint64_t death_tail;   /* 80 */
    uint32_t no_fence;     /* 88 */
    uint8_t pad1[36];      /* 92 */
    uint64_t head;         /* 128: its own cache line */
    uint8_t pad2[120];
};

_Static_assert(sizeof(struct shm4j_channel_header) == SHM4J_CH_HEADER_SIZE, "header is 256 bytes");
_Static_assert(offsetof(struct shm4j_channel_header, rx_parked) == 64, "rx_parked at 64");
_Static_assert(offsetof(struct shm4j_channel_header, rx_state) == 128, "rx_state at 128");
_Static_assert(sizeof(struct shm4j_channel_slot) == SHM4J_CH_SLOT_SIZE, "slot is 256 bytes");
_Static_assert(offsetof(struct shm4j_channel_slot, tx_parked) == 64, "tx_parked at 64");
_Static_assert(offsetof(struct shm4j_channel_slot, death_tail) == 80, "death_tail at 80");
_Static_assert(offsetof(struct shm4j_channel_slot, head) == 128, "head at 128");
_Static_assert(offsetof(struct shm4j_channel_header, rx_no_fence) == 136, "rx_no_fence at 136");
_Static_assert(offsetof(struct shm4j_channel_slot, no_fence) == 88, "no_fence at 88");

static inline uint64_t shm4j_channel_total_size(uint32_t slots, uint32_t capacity) {
    return SHM4J_CH_HEADER_SIZE + (uint64_t) slots * SHM4J_CH_SLOT_SIZE + (uint64_t) slots * capacity;
}

static inline uint64_t shm4j_channel_ring_offset(uint32_t slots, uint32_t capacity, uint32_t i) {
    return SHM4J_CH_HEADER_SIZE + (uint64_t) slots * SHM4J_CH_SLOT_SIZE + (uint64_t) i * capacity;
}

static inline uint32_t shm4j_channel_record_size(uint32_t length) {
    return (length + SHM4J_CH_RECORD_HEADER + SHM4J_CH_ALIGNMENT - 1) & ~(SHM4J_CH_ALIGNMENT - 1);
}

/* The header word of a committed message of `length` bytes: never SHM4J_CH_UNWRITTEN. */
static inline int32_t shm4j_channel_header_word(uint32_t length) {
    return (int32_t) length + 1;
}

static inline struct shm4j_channel_slot *shm4j_channel_slot(void *base, uint32_t i) {
    return (struct shm4j_channel_slot *) ((char *) base + SHM4J_CH_HEADER_SIZE + (size_t) i * SHM4J_CH_SLOT_SIZE);
}

#endif /* SHM4J_CHANNEL_H */
