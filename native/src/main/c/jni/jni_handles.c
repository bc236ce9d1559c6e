/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * jni_handles.c - the handle table of internal.h. Slots are reused through a free
 * list; each reuse bumps the slot's generation, so an old handle to a reused slot
 * is refused. Handle = generation << 32 | (index + 1).
 */
#include "internal.h"

#include <stdlib.h>

typedef struct slot {
    shm_object *obj;  /* NULL when free */
    uint32_t gen;     /* bumped when the slot is freed */
    uint32_t next;    /* next free slot + 1, 0 for none (free slots only) */
} slot;

static slot *slots;
static uint32_t count;     /* slots in use or on the free list */
static uint32_t capacity;
static uint32_t free_head; /* first free slot + 1, 0 for none */

static int grow(void) {
    uint32_t want = capacity == 0 ? 64 : capacity * 2;
    if (want <= capacity || want > (uint32_t)INT32_MAX) {
        return 0;
    }
    slot *bigger = realloc(slots, (size_t)want * sizeof *bigger);
    if (bigger == NULL) {
        return 0;
    }
    slots = bigger;
    capacity = want;
    return 1;
}

int64_t shm_handle_add(shm_object *obj) {
    int64_t handle = 0;
    shm_global_lock();
    uint32_t index;
    if (free_head != 0) {
        index = free_head - 1;
        free_head = slots[index].next;
    } else if (count < capacity || grow()) {
        index = count++;
        slots[index].gen = 1;
    } else {
        shm_global_unlock();
        return 0;
    }
    slots[index].obj = obj;
    slots[index].next = 0;
    handle = (int64_t)(((uint64_t)slots[index].gen << 32) | (uint64_t)(index + 1));
    shm_global_unlock();
    return handle;
}

/* The slot of a live handle; call with the lock held. */
static slot *find(int64_t handle) {
    uint64_t h = (uint64_t)handle;
    uint32_t index = (uint32_t)(h & 0xFFFFFFFFu);
    uint32_t gen = (uint32_t)(h >> 32);
    if (index == 0 || index > count) {
        return NULL;
    }
    slot *s = &slots[index - 1];
    return s->obj != NULL && s->gen == gen ? s : NULL;
}

shm_object *shm_handle_get(int64_t handle) {
    shm_global_lock();
    slot *s = find(handle);
    shm_object *obj = s != NULL ? s->obj : NULL;
    shm_global_unlock();
    return obj;
}

shm_object *shm_handle_take(int64_t handle) {
    shm_global_lock();
    slot *s = find(handle);
    shm_object *obj = NULL;
    if (s != NULL) {
        obj = s->obj;
        s->obj = NULL;
        s->gen = s->gen == UINT32_MAX ? 1 : s->gen + 1;
        s->next = free_head;
        free_head = (uint32_t)(s - slots) + 1;
    }
    shm_global_unlock();
    return obj;
}

void shm_handle_table_free(void) {
    shm_global_lock();
    free(slots);
    slots = NULL;
    count = capacity = free_head = 0;
    shm_global_unlock();
}
