/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * jni_handles.h - the table that turns open shm_objects into the 64-bit handles
 * Java holds, so that the JNI glue never dereferences a number it did not hand out:
 * a handle is a slot index plus the slot's generation, and a closed, forged or
 * zero handle is refused instead of crashing the process.
 */
#ifndef SHM_JNI_HANDLES_H
#define SHM_JNI_HANDLES_H

#include <stdint.h>

#include "shm_platform.h"

/* Registers obj and returns its handle (never 0), or 0 when out of memory. */
int64_t shm_handle_add(shm_object *obj);

/* The object of a live handle, or NULL for 0, a closed or an unknown handle. */
shm_object *shm_handle_get(int64_t handle);

/* Unregisters a live handle and returns its object (NULL as shm_handle_get). */
shm_object *shm_handle_take(int64_t handle);

/* Frees the table (library unload). Handles still registered are forgotten. */
void shm_handle_table_free(void);

#endif /* SHM_JNI_HANDLES_H */
