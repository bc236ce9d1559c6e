/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * jni_onload.c - the library's only exported symbols (libshm4j.map, and
 * check-linux-so.sh / check-windows-dll.sh check it): JNI_OnLoad binds the natives
 * of every Java class in the table below by RegisterNatives, so no native has to
 * be exported under a Java_... name.
 *
 * Nothing is cached across calls (no global references): every class loader that
 * loads its own copy of the library gets its own natives, and holding none of its
 * classes lets that loader be collected.
 */
#include "internal.h"

typedef int (*register_fn)(JNIEnv *env);

/* One register function per Java class with natives, in loading order. */
static const register_fn registrars[] = {
    shm_jni_register_shm,  /* io.github.shm4j.ShmNative */
    shm_jni_register_sync, /* io.github.shm4j.sync.SyncNative */
    shm_jni_register_barrier, /* io.github.shm4j.internal.ProcessBarrier */
};

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved) {
    (void)reserved;
    JNIEnv *env = NULL;
    if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_8) != JNI_OK) {
        return JNI_ERR;
    }
    for (size_t i = 0; i < sizeof registrars / sizeof registrars[0]; i++) {
        if (registrars[i](env) != JNI_OK) {
            return JNI_ERR;
        }
    }
    return JNI_VERSION_1_8;
}

JNIEXPORT void JNICALL JNI_OnUnload(JavaVM *vm, void *reserved) {
    (void)vm;
    (void)reserved;
    shm_handle_table_free(&shm_object_handles);
    shm_handle_table_free(&shm_sync_handles);
    shm_handle_table_free(&shm_mapping_handles);
}
