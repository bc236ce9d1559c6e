/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * jni_handles.c - the handle tables of internal.h: one for shared memory objects,
 * one for sync objects, one for the mappings of mutexes that Java's fast path owns. A
 * handle is generation << 32 | tag | (index + 1); the two tag bits keep the kinds
 * apart (each table refuses the others' handles), and a reused slot's new
 * generation refuses an old handle to it.
 *
 * Lookups take no lock (lock, unlock, set and await look up their handle on every
 * call): slots live in chunks that are never moved or freed while the library is
 * loaded; a slot is filled and emptied under shm_global_lock, and read lock-free as
 * a seqlock (generation, object, generation again) where the compiler has __atomic
 * builtins (gcc, clang, MinGW); MSVC reads under the lock. A use that races the
 * close of the same object is the Java side's to prevent (it counts its users).
 */
#include "internal.h"

#include <stdlib.h>

#define CHUNK_BITS 10u
#define CHUNK (1u << CHUNK_BITS)
#define TAG_MASK 0xC0000000u

struct shm_handle_slot {
    void *obj;     /* NULL when free */
    uint32_t gen;  /* bumped when the slot is emptied */
    uint32_t next; /* next free slot + 1, 0 for none (free slots only) */
};

shm_handle_table shm_object_handles = {{NULL}, 0, 0, 0};
shm_handle_table shm_sync_handles = {{NULL}, 0, 0, 0x80000000u};
shm_handle_table shm_mapping_handles = {{NULL}, 0, 0, 0x40000000u};

#if defined(__GNUC__) || defined(__clang__)
#define LOCK_FREE_READS 1
#define LOAD_ACQUIRE(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define STORE_RELEASE(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#else
#define LOCK_FREE_READS 0
#define LOAD_ACQUIRE(p) (*(p))
#define STORE_RELEASE(p, v) (*(p) = (v))
#endif

static shm_handle_slot *slot_at(shm_handle_table *t, uint32_t index) {
    shm_handle_slot *chunk = LOAD_ACQUIRE(&t->chunks[index >> CHUNK_BITS]);
    return chunk == NULL ? NULL : &chunk[index & (CHUNK - 1)];
}

int64_t shm_handle_add(shm_handle_table *t, void *obj) {
    int64_t handle = 0;
    shm_global_lock();
    uint32_t index = 0;
    shm_handle_slot *slot = NULL;
    if (t->free_head != 0) {
        index = t->free_head - 1;
        slot = slot_at(t, index);
        t->free_head = slot->next;
    } else if (t->count < CHUNK * SHM_HANDLE_CHUNKS) {
        index = t->count;
        if (t->chunks[index >> CHUNK_BITS] == NULL) {
            shm_handle_slot *chunk = calloc(CHUNK, sizeof *chunk);
            if (chunk != NULL) {
                for (uint32_t i = 0; i < CHUNK; i++) {
                    chunk[i].gen = 1;
                }
                STORE_RELEASE(&t->chunks[index >> CHUNK_BITS], chunk);
            }
        }
        slot = slot_at(t, index);
        if (slot != NULL) {
            t->count++;
        }
    }
    if (slot != NULL) {
        slot->next = 0;
        STORE_RELEASE(&slot->obj, obj);
        handle = (int64_t)(((uint64_t)slot->gen << 32) | t->tag | (uint64_t)(index + 1));
    }
    shm_global_unlock();
    return handle;
}

/* The object of a live handle or NULL; reads only (see the top of the file). */
static void *read_slot(shm_handle_table *t, int64_t handle) {
    uint64_t h = (uint64_t)handle;
    uint32_t low = (uint32_t)(h & 0xFFFFFFFFu);
    uint32_t gen = (uint32_t)(h >> 32);
    uint32_t index = low & ~TAG_MASK;
    if ((low & TAG_MASK) != t->tag || index == 0 || index > CHUNK * SHM_HANDLE_CHUNKS) {
        return NULL;
    }
    shm_handle_slot *slot = slot_at(t, index - 1);
    if (slot == NULL || LOAD_ACQUIRE(&slot->gen) != gen) {
        return NULL;
    }
    void *obj = LOAD_ACQUIRE(&slot->obj);
    return obj != NULL && LOAD_ACQUIRE(&slot->gen) == gen ? obj : NULL;
}

void *shm_handle_get(shm_handle_table *t, int64_t handle) {
#if LOCK_FREE_READS
    return read_slot(t, handle);
#else
    shm_global_lock();
    void *obj = read_slot(t, handle);
    shm_global_unlock();
    return obj;
#endif
}

void *shm_handle_take(shm_handle_table *t, int64_t handle) {
    shm_global_lock();
    void *obj = read_slot(t, handle);
    if (obj != NULL) {
        uint32_t index = ((uint32_t)((uint64_t)handle & 0xFFFFFFFFu) & ~TAG_MASK) - 1;
        shm_handle_slot *slot = slot_at(t, index);
        STORE_RELEASE(&slot->obj, (void *)NULL);
        STORE_RELEASE(&slot->gen, slot->gen == UINT32_MAX ? 1 : slot->gen + 1);
        slot->next = t->free_head;
        t->free_head = index + 1;
    }
    shm_global_unlock();
    return obj;
}

void shm_handle_table_free(shm_handle_table *t) {
    shm_global_lock();
    for (uint32_t i = 0; i < SHM_HANDLE_CHUNKS; i++) {
        free(t->chunks[i]);
        t->chunks[i] = NULL;
    }
    t->count = t->free_head = 0;
    shm_global_unlock();
}
