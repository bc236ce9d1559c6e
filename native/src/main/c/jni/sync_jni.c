/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * sync_jni.c - the natives of named mutexes, events and semaphores
 * (sync_platform.h), bound to the package-private class
 * io.github.shm4j.sync.SyncNative by shm_jni_register_sync (called from
 * JNI_OnLoad). Failures are thrown as io.github.shm4j.internal.NativeException,
 * like every other native of shm4j.
 */
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>

#include "sync_platform.h"

/* The object of a live handle, or throws (a zero, closed or forged handle). */
static shm_sync *to_sync(JNIEnv *env, jlong handle, const char *call) {
    shm_sync *obj = shm_handle_get(&shm_sync_handles, handle);
    if (obj == NULL) {
        shm_jni_throw_invalid(env, call, "not a handle of an open sync object");
    }
    return obj;
}

/* Registers a sync object just made or opened; closes it and throws when the table is full. */
static jlong from_sync(JNIEnv *env, shm_sync *obj) {
    jlong handle = (jlong)shm_handle_add(&shm_sync_handles, obj);
    if (handle == 0) {
        shm_error err;
        shm_sync_close(obj, &err);
        shm_error_set(&err, SHM_ERR_OUT_OF_MEMORY, "malloc", "cannot grow the sync handle table");
        shm_jni_throw(env, &err);
    }
    return handle;
}

static jlong sync_create(JNIEnv *env, jclass cls, jbyteArray name, jint kind, jint a, jint b,
                         jint perm) {
    (void)cls;
    char *s = shm_jni_copy_name(env, name, "shm_sync_create");
    if (s == NULL) {
        return 0;
    }
    shm_sync *obj = NULL;
    shm_error err;
    int rc = a < 0 || b < 0
                 ? shm_error_set(&err, SHM_ERR_INVALID_ARGUMENT, "shm_sync_create", "negative count")
                 : shm_sync_create(s, kind, (uint32_t)a, (uint32_t)b, (unsigned)perm & 07777u, &obj, &err);
    free(s);
    if (rc != SHM_OK) {
        shm_jni_throw(env, &err);
        return 0;
    }
    return from_sync(env, obj);
}

static jlong sync_open(JNIEnv *env, jclass cls, jbyteArray name, jint kind) {
    (void)cls;
    char *s = shm_jni_copy_name(env, name, "shm_sync_open");
    if (s == NULL) {
        return 0;
    }
    shm_sync *obj = NULL;
    shm_error err;
    int rc = shm_sync_open(s, kind, &obj, &err);
    free(s);
    if (rc != SHM_OK) {
        shm_jni_throw(env, &err);
        return 0;
    }
    return from_sync(env, obj);
}

/* Throws *err if rc is a failure. */
static void check(JNIEnv *env, int rc, const shm_error *err) {
    if (rc != SHM_OK) {
        shm_jni_throw(env, err);
    }
}

/* The calling thread's interrupt word: a direct buffer of 4 aligned bytes, or NULL
 * (null buffer). On a bad buffer, throws and returns NULL with *bad set. */
static uint32_t *interrupt_word(JNIEnv *env, jobject word, int *bad) {
    *bad = 0;
    if (word == NULL) {
        return NULL;
    }
    void *p = (*env)->GetDirectBufferAddress(env, word);
    if (p == NULL || (*env)->GetDirectBufferCapacity(env, word) < 4 || ((uintptr_t)p & 3u) != 0) {
        shm_jni_throw_invalid(env, "interrupt word", "not a direct buffer of 4 aligned bytes");
        *bad = 1;
        return NULL;
    }
    return (uint32_t *)p;
}

typedef int (*wait_op)(shm_sync *s, int64_t timeout_ns, const uint32_t *interrupt, int *outcome,
                       shm_error *err);

static jint wait_with(JNIEnv *env, jlong handle, jlong timeout_ns, jobject word, wait_op op,
                      const char *call) {
    shm_sync *s = to_sync(env, handle, call);
    int bad = 0;
    const uint32_t *interrupt = s == NULL ? NULL : interrupt_word(env, word, &bad);
    if (s == NULL || bad) {
        return SHM_WAIT_TIMEOUT;
    }
    shm_error err;
    int outcome = SHM_WAIT_TIMEOUT;
    int rc = op(s, (int64_t)timeout_ns, interrupt, &outcome, &err);
    check(env, rc, &err);
    return outcome;
}

static jint sync_lock(JNIEnv *env, jclass cls, jlong handle, jlong timeout_ns, jobject word) {
    (void)cls;
    return wait_with(env, handle, timeout_ns, word, shm_mutex_lock, "shm_mutex_lock");
}

static jint sync_await(JNIEnv *env, jclass cls, jlong handle, jlong timeout_ns, jobject word) {
    (void)cls;
    return wait_with(env, handle, timeout_ns, word, shm_event_wait, "shm_event_wait");
}

static jint sync_acquire(JNIEnv *env, jclass cls, jlong handle, jlong timeout_ns, jobject word) {
    (void)cls;
    return wait_with(env, handle, timeout_ns, word, shm_semaphore_acquire, "shm_semaphore_acquire");
}

static jboolean sync_cancellable(JNIEnv *env, jclass cls) {
    (void)env;
    (void)cls;
    return shm_sync_cancellable() ? JNI_TRUE : JNI_FALSE;
}

static void sync_interrupt(JNIEnv *env, jclass cls, jobject word) {
    (void)cls;
    int bad;
    uint32_t *interrupt = interrupt_word(env, word, &bad);
    if (interrupt != NULL) {
        shm_error err;
        check(env, shm_sync_interrupt(interrupt, &err), &err);
    }
}

typedef int (*plain_op)(shm_sync *s, shm_error *err);

static void call_plain(JNIEnv *env, jlong handle, plain_op op, const char *call) {
    shm_sync *s = to_sync(env, handle, call);
    if (s == NULL) {
        return;
    }
    shm_error err;
    check(env, op(s, &err), &err);
}

/* The natives that take a handle and return nothing: unlock, set, reset. */
#define PLAIN_NATIVE(native_name, op)                                         \
    static void native_name(JNIEnv *env, jclass cls, jlong handle) {          \
        (void)cls;                                                            \
        call_plain(env, handle, op, #op);                                     \
    }

PLAIN_NATIVE(sync_unlock, shm_mutex_unlock)
PLAIN_NATIVE(sync_set, shm_event_set)
PLAIN_NATIVE(sync_reset, shm_event_reset)
PLAIN_NATIVE(sync_cancel_waits, shm_sync_cancel_waits)

static void sync_close(JNIEnv *env, jclass cls, jlong handle) {
    (void)cls;
    shm_sync *s = shm_handle_take(&shm_sync_handles, handle);
    if (s == NULL) {
        shm_jni_throw_invalid(env, "shm_sync_close", "not a handle of an open sync object");
        return;
    }
    shm_error err;
    check(env, shm_sync_close(s, &err), &err);
}

static jlong sync_release(JNIEnv *env, jclass cls, jlong handle, jint n) {
    (void)cls;
    shm_sync *s = to_sync(env, handle, "shm_semaphore_release");
    if (s == NULL) {
        return -1;
    }
    shm_error err;
    int64_t previous = -1;
    int rc = n < 1 ? shm_error_set(&err, SHM_ERR_INVALID_ARGUMENT, "shm_semaphore_release",
                                   "release at least 1")
                   : shm_semaphore_release(s, (uint32_t)n, &previous, &err);
    check(env, rc, &err);
    return (jlong)previous;
}

/* ---- the mutex fast path (NamedMutexFastPath.java) ---------------------------------
 * A mutex's mapping that Java's fast path owns (shm_mutex_fast_detach) is a handle of
 * its own, in shm_mapping_handles, so that these natives too refuse what they did not
 * hand out. */

/* The calling thread's robust list window (sync_platform.h), or null. */
static jobject sync_fast_thread(JNIEnv *env, jclass cls) {
    (void)cls;
    int64_t head = shm_mutex_fast_thread();
    if (head <= 0) {
        return NULL; /* no fast path on this thread */
    }
    return (*env)->NewDirectByteBuffer(env, (void *)(uintptr_t)(head - (int64_t)sizeof(void *)),
                                       (jlong)SHM_MUTEX_FAST_WINDOW);
}

static jint sync_thread_id(JNIEnv *env, jclass cls) {
    (void)env;
    (void)cls;
    return (jint)shm_sync_thread_id();
}

static jlong sync_fast_detach(JNIEnv *env, jclass cls, jlong handle) {
    (void)cls;
    shm_sync *s = to_sync(env, handle, "shm_mutex_fast_detach");
    void *map = s == NULL ? NULL : shm_mutex_fast_detach(s);
    if (map == NULL) {
        return 0;
    }
    jlong mapping = (jlong)shm_handle_add(&shm_mapping_handles, map);
    if (mapping == 0) {
        shm_error err;
        shm_sync_unmap(map, &err); /* shm_sync_close leaves it mapped now */
        shm_error_set(&err, SHM_ERR_OUT_OF_MEMORY, "malloc", "cannot grow the mapping handle table");
        shm_jni_throw(env, &err);
    }
    return mapping;
}

/* The mapping of a live mapping handle, or throws. */
static void *to_mapping(JNIEnv *env, jlong mapping, const char *call) {
    void *map = shm_handle_get(&shm_mapping_handles, mapping);
    if (map == NULL) {
        shm_jni_throw_invalid(env, call, "not a handle of a mutex mapping");
    }
    return map;
}

static jobject sync_mapping_buffer(JNIEnv *env, jclass cls, jlong mapping) {
    (void)cls;
    void *map = to_mapping(env, mapping, "NewDirectByteBuffer");
    return map == NULL ? NULL : (*env)->NewDirectByteBuffer(env, map, (jlong)SHM_MUTEX_FAST_MAPPING);
}

static jlong sync_mapping_address(JNIEnv *env, jclass cls, jlong mapping) {
    (void)cls;
    return (jlong)(uintptr_t)to_mapping(env, mapping, "mapping address");
}

static void sync_unmap(JNIEnv *env, jclass cls, jlong mapping) {
    (void)cls;
    void *map = shm_handle_take(&shm_mapping_handles, mapping);
    if (map == NULL) {
        shm_jni_throw_invalid(env, "shm_sync_unmap", "not a handle of a mutex mapping");
        return;
    }
    shm_error err;
    check(env, shm_sync_unmap(map, &err), &err);
}

typedef int (*mapping_op)(void *map, shm_error *err);

/* The natives that take a mapping handle and return nothing. */
#define MAPPING_NATIVE(native_name, op)                                       \
    static void native_name(JNIEnv *env, jclass cls, jlong mapping) {         \
        (void)cls;                                                            \
        void *map = to_mapping(env, mapping, #op);                            \
        if (map != NULL) {                                                    \
            shm_error err;                                                    \
            check(env, op(map, &err), &err);                                  \
        }                                                                     \
    }

MAPPING_NATIVE(sync_unlock_at, shm_mutex_unlock_at)
MAPPING_NATIVE(sync_wake_at, shm_mutex_wake_at)

static const JNINativeMethod sync_methods[] = {
    SHM_JNI_NATIVE("create", "([BIIII)J", sync_create),
    SHM_JNI_NATIVE("open", "([BI)J", sync_open),
    SHM_JNI_NATIVE("close", "(J)V", sync_close),
    SHM_JNI_NATIVE("lock", "(JJLjava/nio/ByteBuffer;)I", sync_lock),
    SHM_JNI_NATIVE("unlock", "(J)V", sync_unlock),
    SHM_JNI_NATIVE("set", "(J)V", sync_set),
    SHM_JNI_NATIVE("reset", "(J)V", sync_reset),
    SHM_JNI_NATIVE("await", "(JJLjava/nio/ByteBuffer;)I", sync_await),
    SHM_JNI_NATIVE("acquire", "(JJLjava/nio/ByteBuffer;)I", sync_acquire),
    SHM_JNI_NATIVE("cancellable", "()Z", sync_cancellable),
    SHM_JNI_NATIVE("cancelWaits", "(J)V", sync_cancel_waits),
    SHM_JNI_NATIVE("interrupt", "(Ljava/nio/ByteBuffer;)V", sync_interrupt),
    SHM_JNI_NATIVE("release", "(JI)J", sync_release),
    SHM_JNI_NATIVE("fastThread", "()Ljava/nio/ByteBuffer;", sync_fast_thread),
    SHM_JNI_NATIVE("threadId", "()I", sync_thread_id),
    SHM_JNI_NATIVE("fastDetach", "(J)J", sync_fast_detach),
    SHM_JNI_NATIVE("mappingBuffer", "(J)Ljava/nio/ByteBuffer;", sync_mapping_buffer),
    SHM_JNI_NATIVE("mappingAddress", "(J)J", sync_mapping_address),
    SHM_JNI_NATIVE("unmap", "(J)V", sync_unmap),
    SHM_JNI_NATIVE("unlockAt", "(J)V", sync_unlock_at),
    SHM_JNI_NATIVE("wakeAt", "(J)V", sync_wake_at),
};

int shm_jni_register_sync(JNIEnv *env) {
    return shm_jni_register_class(env, "io/github/shm4j/sync/SyncNative", sync_methods,
                                  SHM_JNI_COUNT(sync_methods));
}
