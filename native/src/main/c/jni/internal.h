/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * jni/internal.h - what the files of the JNI glue share: throwing a platform
 * error as io.github.shm4j.internal.NativeException, copying names out of Java,
 * registering a class's natives, and the handle table. No OS header is included
 * anywhere in jni/: the platform contracts (shm_platform.h, sync_platform.h) are
 * all it sees.
 *
 * Adding the natives of a new Java class: a file NAME_jni.c with a table of
 * SHM_JNI_NATIVE entries and a function shm_jni_register_NAME that passes it to
 * shm_jni_register_class; declare that function below and add it to the table in
 * jni_onload.c. Nothing else changes.
 */
#ifndef SHM_JNI_INTERNAL_H
#define SHM_JNI_INTERNAL_H

#include <jni.h>

#include <stdint.h>

#include "shm_error.h"
#include "shm_platform.h"

/* ---- registration (jni_util.c, jni_onload.c) ------------------------------------ */

/* One entry of a JNINativeMethod table. Its fields are char* in older jni.h: cast
 * the literals. */
#define SHM_JNI_NATIVE(name, sig, fn) { (char *)(name), (char *)(sig), (void *)(fn) }

#define SHM_JNI_COUNT(table) ((jint)(sizeof(table) / sizeof((table)[0])))

/* Binds the natives of class_name ("io/github/shm4j/ShmNative"): JNI_OK, or
 * JNI_ERR with the JVM's exception pending. */
int shm_jni_register_class(JNIEnv *env, const char *class_name,
                           const JNINativeMethod *methods, jint count);

/* The register function of each class with natives, called by JNI_OnLoad. */
int shm_jni_register_shm(JNIEnv *env);  /* io.github.shm4j.ShmNative (shm_jni.c) */
int shm_jni_register_sync(JNIEnv *env); /* io.github.shm4j.sync.SyncNative (sync_jni.c) */
int shm_jni_register_barrier(JNIEnv *env); /* io.github.shm4j.internal.ProcessBarrier (barrier_jni.c) */


/* ---- errors and arguments (jni_util.c) ------------------------------------------- */

/* Throws the NativeException for *err. The class is looked up here, on the error
 * path only, through the caller's class loader. If building the exception fails,
 * the JVM's own exception (OutOfMemoryError, NoClassDefFoundError) is pending
 * instead. */
void shm_jni_throw(JNIEnv *env, const shm_error *err);

/* Throws an INVALID_ARGUMENT NativeException that no OS call reported. */
void shm_jni_throw_invalid(JNIEnv *env, const char *call, const char *text);

/* Copies a Java byte[] (UTF-8, no NUL) into a new NUL-terminated string, or throws
 * and returns NULL (a null array, a NUL inside, out of memory). Free the result
 * with free(). */
char *shm_jni_copy_name(JNIEnv *env, jbyteArray bytes, const char *call);

/* ---- the handle tables (jni_handles.c) ---------------------------------------------
 * Turn open objects into the 64-bit handles Java holds, so that the JNI glue never
 * dereferences a number it did not hand out: a handle is a slot index, the table's
 * tag and the slot's generation, and a closed, forged, zero or other table's handle
 * is refused instead of crashing the process. */

#define SHM_HANDLE_CHUNKS 4096u /* of 1024 slots: up to 4 Mi objects open at once per table */

typedef struct shm_handle_slot shm_handle_slot;

typedef struct shm_handle_table {
    shm_handle_slot *chunks[SHM_HANDLE_CHUNKS];
    uint32_t count;     /* slots ever handed out */
    uint32_t free_head; /* first free slot + 1, 0 for none */
    uint32_t tag;       /* set in every handle of this table, and only of it */
} shm_handle_table;

extern shm_handle_table shm_object_handles; /* shm_object (shm_jni.c) */
extern shm_handle_table shm_sync_handles;   /* shm_sync (sync_jni.c) */
extern shm_handle_table shm_mapping_handles; /* a mutex mapping owned by Java's fast path (sync_jni.c) */

/* Registers obj and returns its handle (never 0), or 0 when out of memory or full. */
int64_t shm_handle_add(shm_handle_table *t, void *obj);

/* The object of a live handle of t, or NULL for 0, a closed or an unknown handle. */
void *shm_handle_get(shm_handle_table *t, int64_t handle);

/* Unregisters a live handle and returns its object (NULL as shm_handle_get). */
void *shm_handle_take(shm_handle_table *t, int64_t handle);

/* Frees the table (library unload). Handles still registered are forgotten. */
void shm_handle_table_free(shm_handle_table *t);

#endif /* SHM_JNI_INTERNAL_H */
