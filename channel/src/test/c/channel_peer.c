/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * channel_peer.c - a C sender or receiver of a shm4j channel that knows only
 * shm4j_channel.h (and shm4j_sync.h's event layout, to wake a parked Java side).
 * Messages as the Java tests make them (Support.fill): 8-byte sequence number and
 * 4-byte sender id, both big-endian, then byte j = seq * 31 + sender * 7 + j.
 *
 *   channel_peer send NAME SLOT ID COUNT MAXLEN SEED   sends COUNT messages on slot SLOT, prints "done"
 *   channel_peer receive NAME SENDERS COUNT            receives COUNT messages of each sender 0..SENDERS-1,
 *                                                      checking them, prints "received N"
 *
 * Waiting: this peer never parks: it spins, then sleeps 50 us per round (nanosleep)
 * when there is nothing to do. It does set the Java side's events as the header
 * says, so a parked Java side is woken at once.
 */
#define _GNU_SOURCE
#include "shm4j_channel.h"
#include "shm4j_sync.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what) {
    perror(what);
    exit(2);
}

static void *map_file(const char *name, size_t *size, int *fd_out) {
    char path[512];
    snprintf(path, sizeof path, "/dev/shm/%s", name);
    int fd = open(path, O_RDWR);
    if (fd < 0) die(path);
    if (flock(fd, LOCK_SH) != 0) die("flock"); /* a holder of the HELD name while we use it */
    struct stat st;
    if (fstat(fd, &st) != 0) die("fstat");
    void *p = mmap(NULL, (size_t) st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) die("mmap");
    *size = (size_t) st.st_size;
    if (fd_out) *fd_out = fd;
    return p;
}

static struct shm4j_event *open_event(const char *channel, const char *suffix) {
    char name[512];
    size_t size;
    snprintf(name, sizeof name, "%s%s", channel, suffix);
    struct shm4j_event *e = map_file(name, &size, NULL);
    if (size < sizeof *e || e->header.magic != SHM4J_SYNC_MAGIC || e->header.kind != SHM4J_SYNC_EVENT) {
        fprintf(stderr, "%s is not a shm4j event\n", name);
        exit(2);
    }
    return e;
}

static void set_event(struct shm4j_event *e) {
    __atomic_store_n(&e->state, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&e->waiters, __ATOMIC_SEQ_CST) > 0) {
        syscall(SYS_futex, &e->state, FUTEX_WAKE, 1, NULL, NULL, 0);
    }
}

/* wakes the other side if it said it parks: CAS its flag 1 -> 0, then set its event */
static void wake_if_parked(uint32_t *flag, struct shm4j_event *e) {
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    uint32_t one = 1;
    if (__atomic_load_n(flag, __ATOMIC_RELAXED) == 1
        && __atomic_compare_exchange_n(flag, &one, 0, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
        set_event(e);
    }
}

static void pause_briefly(unsigned *idle) {
    if (++*idle < 1000) {
        __builtin_ia32_pause();
    } else {
        struct timespec ts = {0, 50000};
        nanosleep(&ts, NULL);
    }
}

static struct shm4j_channel_header *open_channel(const char *name) {
    size_t size;
    struct shm4j_channel_header *h = map_file(name, &size, NULL);
    if (size < SHM4J_CH_HEADER_SIZE || h->magic != SHM4J_CH_MAGIC) {
        fprintf(stderr, "%s is not a channel\n", name);
        exit(2);
    }
    if (h->version != SHM4J_CH_VERSION) {
        fprintf(stderr, "%s has layout version %u, this program reads %u\n", name, h->version, SHM4J_CH_VERSION);
        exit(2);
    }
    while (__atomic_load_n(&h->ready, __ATOMIC_ACQUIRE) != SHM4J_CH_READY) {
        usleep(1000);
    }
    if (size < h->total_size || h->total_size != shm4j_channel_total_size(h->slots, h->capacity)) {
        fprintf(stderr, "%s is truncated or inconsistent\n", name);
        exit(2);
    }
    return h;
}

static uint64_t be64(uint64_t v) { return __builtin_bswap64(v); }
static uint32_t be32(uint32_t v) { return __builtin_bswap32(v); }

static int do_send(const char *name, uint32_t slot_index, uint32_t id, uint64_t count, uint32_t maxlen,
                   uint64_t seed) {
    struct shm4j_channel_header *h = open_channel(name);
    if (slot_index >= h->slots || maxlen > h->max_message || maxlen < 12) {
        fprintf(stderr, "bad slot or length\n");
        return 2;
    }
    struct shm4j_event *rx = open_event(name, ".rx");
    struct shm4j_channel_slot *s = shm4j_channel_slot(h, slot_index);
    uint8_t *ring = (uint8_t *) h + shm4j_channel_ring_offset(h->slots, h->capacity, slot_index);
    uint32_t capacity = h->capacity, mask = capacity - 1;
    __atomic_store_n(&s->no_fence, 0, __ATOMIC_SEQ_CST); /* this peer keeps its fence (wake_if_parked) */
    uint64_t tail = __atomic_load_n(&s->tail, __ATOMIC_ACQUIRE);
    uint64_t head = __atomic_load_n(&s->head, __ATOMIC_ACQUIRE);
    for (;;) { /* skip records committed after the tail word (a sender killed between the two) */
        int32_t word = __atomic_load_n((int32_t *) (ring + (tail & mask)), __ATOMIC_ACQUIRE);
        if (word == SHM4J_CH_UNWRITTEN) break;
        tail += word == SHM4J_CH_PADDING ? capacity - (tail & mask) : shm4j_channel_record_size((uint32_t) word - 1);
    }
    uint64_t rnd = seed * 0x9E3779B97F4A7C15ull + 1;
    for (uint64_t seq = 0; seq < count; seq++) {
        rnd ^= rnd << 13; rnd ^= rnd >> 7; rnd ^= rnd << 17;
        uint32_t len = 12 + (uint32_t) (rnd % (maxlen - 11));
        uint32_t rec = shm4j_channel_record_size(len);
        unsigned idle = 0;
        for (;;) {
            uint32_t at = (uint32_t) tail & mask;
            uint32_t to_end = capacity - at;
            if (rec > to_end) {
                if (tail + to_end + SHM4J_CH_RECORD_HEADER - head > capacity) {
                    head = __atomic_load_n(&s->head, __ATOMIC_ACQUIRE);
                    if (tail + to_end + SHM4J_CH_RECORD_HEADER - head > capacity) { pause_briefly(&idle); continue; }
                }
                __atomic_store_n((int32_t *) ring, SHM4J_CH_UNWRITTEN, __ATOMIC_RELAXED);
                __atomic_store_n((int32_t *) (ring + at), SHM4J_CH_PADDING, __ATOMIC_RELEASE);
                tail += to_end;
                __atomic_store_n(&s->tail, tail, __ATOMIC_RELEASE);
                at = 0;
            }
            if (tail + rec + SHM4J_CH_RECORD_HEADER - head > capacity) {
                head = __atomic_load_n(&s->head, __ATOMIC_ACQUIRE);
                if (tail + rec + SHM4J_CH_RECORD_HEADER - head > capacity) { pause_briefly(&idle); continue; }
            }
            uint8_t *m = ring + at + 4;
            uint64_t sq = be64(seq);
            uint32_t sd = be32(id);
            memcpy(m, &sq, 8);
            memcpy(m + 8, &sd, 4);
            for (uint32_t j = 12; j < len; j++) m[j] = (uint8_t) (seq * 31 + id * 7 + j);
            __atomic_store_n((int32_t *) (ring + ((tail + rec) & mask)), SHM4J_CH_UNWRITTEN, __ATOMIC_RELAXED);
            __atomic_store_n((int32_t *) (ring + at), shm4j_channel_header_word(len), __ATOMIC_RELEASE);
            tail += rec;
            __atomic_store_n(&s->tail, tail, __ATOMIC_RELEASE);
            wake_if_parked(&h->rx_parked, rx);
            break;
        }
    }
    printf("done\n");
    return 0;
}

static int do_receive(const char *name, uint32_t senders, uint64_t count) {
    struct shm4j_channel_header *h = open_channel(name);
    uint32_t slots = h->slots, capacity = h->capacity, mask = capacity - 1;
    struct shm4j_event **tx = calloc(slots, sizeof *tx);
    uint64_t *next = calloc(senders, sizeof *next);
    for (uint32_t i = 0; i < slots; i++) {
        char suffix[32];
        snprintf(suffix, sizeof suffix, ".tx%u", i);
        tx[i] = open_event(name, suffix);
    }
    __atomic_store_n(&h->rx_no_fence, 0, __ATOMIC_SEQ_CST); /* this peer keeps its fence (wake_if_parked) */
    uint64_t total = 0, want = (uint64_t) senders * count;
    unsigned idle = 0;
    while (total < want) {
        int any = 0;
        for (uint32_t i = 0; i < slots; i++) {
            struct shm4j_channel_slot *s = shm4j_channel_slot(h, i);
            uint8_t *ring = (uint8_t *) h + shm4j_channel_ring_offset(slots, capacity, i);
            uint64_t head = s->head, start = head;
            for (;;) {
                uint32_t at = (uint32_t) head & mask;
                int32_t word = __atomic_load_n((int32_t *) (ring + at), __ATOMIC_ACQUIRE);
                if (word == SHM4J_CH_UNWRITTEN) break;
                if (word == SHM4J_CH_PADDING) { head += capacity - at; continue; }
                int32_t len = word - 1;
                if (len < 12 || (uint32_t) len > h->max_message) {
                    fprintf(stderr, "bad length %d at %llu\n", len, (unsigned long long) head);
                    return 1;
                }
                const uint8_t *m = ring + at + 4;
                uint64_t seq;
                uint32_t id;
                memcpy(&seq, m, 8);
                memcpy(&id, m + 8, 4);
                seq = be64(seq);
                id = be32(id);
                if (id >= senders || seq != next[id]) {
                    fprintf(stderr, "sender %u: message %llu out of order\n", id, (unsigned long long) seq);
                    return 1;
                }
                for (int32_t j = 12; j < len; j++) {
                    if (m[j] != (uint8_t) (seq * 31 + id * 7 + j)) {
                        fprintf(stderr, "sender %u message %llu byte %d wrong\n", id, (unsigned long long) seq, j);
                        return 1;
                    }
                }
                next[id]++;
                total++;
                head += shm4j_channel_record_size((uint32_t) len);
            }
            if (head == start) continue;
            __atomic_store_n(&s->head, head, __ATOMIC_RELEASE);
            wake_if_parked(&s->tx_parked, tx[i]);
            any = 1;
        }
        if (any) idle = 0; else pause_briefly(&idle);
    }
    printf("received %llu\n", (unsigned long long) total);
    return 0;
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc >= 8 && strcmp(argv[1], "send") == 0) {
        return do_send(argv[2], (uint32_t) atoi(argv[3]), (uint32_t) atoi(argv[4]), strtoull(argv[5], NULL, 10),
                       (uint32_t) atoi(argv[6]), strtoull(argv[7], NULL, 10));
    }
    if (argc >= 5 && strcmp(argv[1], "receive") == 0) {
        return do_receive(argv[2], (uint32_t) atoi(argv[3]), strtoull(argv[4], NULL, 10));
    }
    fprintf(stderr, "usage: channel_peer send NAME SLOT ID COUNT MAXLEN SEED | receive NAME SENDERS COUNT\n");
    return 2;
}
