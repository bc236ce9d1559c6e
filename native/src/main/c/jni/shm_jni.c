/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * shm_jni.c - the natives of shared memory: one Java native per platform operation
 * of shm_platform.h, bound to the package-private class io.github.shm4j.ShmNative
 * by shm_jni_register_shm (called from JNI_OnLoad). It converts arguments, turns
 * handles into objects through the handle table, calls the platform layer and
 * turns each failure into a thrown io.github.shm4j.internal.NativeException.
 */
#include "internal.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>

/* ---- argument conversion ------------------------------------------------------ */

/* A non-negative jlong that must fit size_t, or throws. */
static int to_size(JNIEnv *env, jlong value, size_t *out, const char *call) {
    if (value < 0 || (uint64_t)value > (uint64_t)SIZE_MAX) {
        shm_jni_throw_invalid(env, call, "a size or length is negative or too large");
        return 0;
    }
    *out = (size_t)value;
    return 1;
}

static int to_access(JNIEnv *env, jint access, shm_access *out, const char *call) {
    if (!shm_access_valid((int)access)) {
        shm_jni_throw_invalid(env, call, "unknown access mode");
        return 0;
    }
    *out = (shm_access)access;
    return 1;
}

/* The object of a live handle, or throws (a zero, closed or forged handle). */
static shm_object *to_object(JNIEnv *env, jlong handle, const char *call) {
    shm_object *obj = shm_handle_get(&shm_object_handles, handle);
    if (obj == NULL) {
        shm_jni_throw_invalid(env, call, "not a handle of an open object");
    }
    return obj;
}

/* Registers an object just opened and returns its handle; closes it and throws
 * when the table cannot grow. */
static jlong from_object(JNIEnv *env, shm_object *obj) {
    jlong handle = (jlong)shm_handle_add(&shm_object_handles, obj);
    if (handle == 0) {
        shm_error err;
        shm_close(obj, &err);
        shm_error_set(&err, SHM_ERR_OUT_OF_MEMORY, "malloc", "cannot grow the handle table");
        shm_jni_throw(env, &err);
    }
    return handle;
}

static void *to_address(jlong address) { return (void *)(intptr_t)address; }

/* ---- natives ------------------------------------------------------------------ */

static jint native_abi_version(JNIEnv *env, jclass cls) {
    (void)env;
    (void)cls;
    return SHM_ABI_VERSION;
}

static jstring native_error_kind_name(JNIEnv *env, jclass cls, jint kind) {
    (void)cls;
    const char *name = shm_error_kind_name(kind);
    return name != NULL ? (*env)->NewStringUTF(env, name) : NULL;
}

static jlong native_map_granularity(JNIEnv *env, jclass cls) {
    (void)env;
    (void)cls;
    return (jlong)shm_map_granularity();
}

static jlong native_create(JNIEnv *env, jclass cls, jbyteArray name, jlong size, jint perm,
                           jint flags) {
    (void)cls;
    if (size <= 0) {
        shm_jni_throw_invalid(env, "shm_create", "the size must be greater than zero");
        return 0;
    }
    char *s = shm_jni_copy_name(env, name, "shm_create");
    if (s == NULL) {
        return 0;
    }
    shm_object *obj = NULL;
    shm_error err;
    int rc = shm_create(s, (uint64_t)size, (unsigned)perm & 07777u, flags, &obj, &err);
    free(s);
    if (rc != SHM_OK) {
        shm_jni_throw(env, &err);
        return 0;
    }
    return from_object(env, obj);
}

static jlong native_open(JNIEnv *env, jclass cls, jbyteArray name, jint access) {
    (void)cls;
    shm_access mode;
    if (!to_access(env, access, &mode, "shm_open")) {
        return 0;
    }
    char *s = shm_jni_copy_name(env, name, "shm_open");
    if (s == NULL) {
        return 0;
    }
    shm_object *obj = NULL;
    shm_error err;
    int rc = shm_open_existing(s, mode, &obj, &err);
    free(s);
    if (rc != SHM_OK) {
        shm_jni_throw(env, &err);
        return 0;
    }
    return from_object(env, obj);
}

static jlong native_open_file(JNIEnv *env, jclass cls, jbyteArray path, jlong size,
                              jint access, jint perm, jint flags) {
    (void)cls;
    shm_access mode;
    if (size < 0) {
        shm_jni_throw_invalid(env, "shm_open_file", "the size must not be negative");
        return 0;
    }
    if (!to_access(env, access, &mode, "shm_open_file")) {
        return 0;
    }
    char *s = shm_jni_copy_name(env, path, "shm_open_file");
    if (s == NULL) {
        return 0;
    }
    shm_object *obj = NULL;
    shm_error err;
    int rc = shm_open_file(s, (uint64_t)size, mode, (unsigned)perm & 07777u, flags, &obj, &err);
    free(s);
    if (rc != SHM_OK) {
        shm_jni_throw(env, &err);
        return 0;
    }
    return from_object(env, obj);
}

static jlong native_size(JNIEnv *env, jclass cls, jlong handle) {
    (void)cls;
    uint64_t size = 0;
    shm_error err;
    shm_object *obj = to_object(env, handle, "shm_object_size");
    if (obj == NULL) {
        return 0;
    }
    if (shm_object_size(obj, &size, &err) != SHM_OK) {
        shm_jni_throw(env, &err);
        return 0;
    }
    return size > (uint64_t)INT64_MAX ? INT64_MAX : (jlong)size;
}

static void native_close(JNIEnv *env, jclass cls, jlong handle) {
    (void)cls;
    shm_error err;
    shm_object *obj = shm_handle_take(&shm_object_handles, handle);
    if (obj == NULL) {
        shm_jni_throw_invalid(env, "shm_close", "not a handle of an open object");
    } else if (shm_close(obj, &err) != SHM_OK) {
        shm_jni_throw(env, &err);
    }
}

static void native_remove(JNIEnv *env, jclass cls, jbyteArray name) {
    (void)cls;
    char *s = shm_jni_copy_name(env, name, "shm_remove");
    if (s == NULL) {
        return;
    }
    shm_error err;
    int rc = shm_remove(s, &err);
    free(s);
    if (rc != SHM_OK) {
        shm_jni_throw(env, &err);
    }
}

static jlong native_map(JNIEnv *env, jclass cls, jlong handle, jlong offset, jlong length,
                        jint access) {
    (void)cls;
    size_t len;
    shm_access mode;
    if (offset < 0) {
        shm_jni_throw_invalid(env, "shm_map", "the offset must not be negative");
        return 0;
    }
    if (!to_size(env, length, &len, "shm_map") || !to_access(env, access, &mode, "shm_map")) {
        return 0;
    }
    shm_object *obj = to_object(env, handle, "shm_map");
    if (obj == NULL) {
        return 0;
    }
    void *addr = NULL;
    shm_error err;
    if (shm_map(obj, (uint64_t)offset, len, mode, &addr, &err) != SHM_OK) {
        shm_jni_throw(env, &err);
        return 0;
    }
    return (jlong)(intptr_t)addr;
}

static jobject native_buffer(JNIEnv *env, jclass cls, jlong address, jint capacity) {
    (void)cls;
    if (address == 0 || capacity < 0) {
        shm_jni_throw_invalid(env, "NewDirectByteBuffer", "no address or a negative capacity");
        return NULL;
    }
    return (*env)->NewDirectByteBuffer(env, to_address(address), (jlong)capacity);
}

/* A view's range: a non-null address and a length that fits size_t, or throws. */
static int to_range(JNIEnv *env, jlong address, jlong length, size_t *len, const char *call) {
    if (address == 0) {
        shm_jni_throw_invalid(env, call, "no address");
        return 0;
    }
    return to_size(env, length, len, call);
}

/* unmap and release: an operation on an address range alone. */
typedef int (*range_op)(void *addr, size_t length, shm_error *err);

static void call_on_range(JNIEnv *env, jlong address, jlong length, const char *call, range_op op) {
    size_t len;
    shm_error err;
    if (to_range(env, address, length, &len, call) && op(to_address(address), len, &err) != SHM_OK) {
        shm_jni_throw(env, &err);
    }
}

static void native_unmap(JNIEnv *env, jclass cls, jlong address, jlong length) {
    (void)cls;
    call_on_range(env, address, length, "shm_unmap", shm_unmap);
}

static void native_retire(JNIEnv *env, jclass cls, jlong address, jlong length, jint access) {
    (void)cls;
    size_t len;
    shm_access mode;
    shm_error err;
    if (to_range(env, address, length, &len, "shm_retire") && to_access(env, access, &mode, "shm_retire") &&
        shm_retire(to_address(address), len, mode, &err) != SHM_OK) {
        shm_jni_throw(env, &err);
    }
}

static void native_release(JNIEnv *env, jclass cls, jlong address, jlong length) {
    (void)cls;
    call_on_range(env, address, length, "shm_release", shm_release);
}

static void native_flush(JNIEnv *env, jclass cls, jlong handle, jlong address, jlong length) {
    (void)cls;
    size_t len;
    shm_error err;
    shm_object *obj = to_object(env, handle, "shm_flush");
    if (obj != NULL && to_range(env, address, length, &len, "shm_flush") &&
        shm_flush(obj, to_address(address), len, &err) != SHM_OK) {
        shm_jni_throw(env, &err);
    }
}

/* ---- registration --------------------------------------------------------------- */

static const JNINativeMethod shm_methods[] = {
    SHM_JNI_NATIVE("abiVersion", "()I", native_abi_version),
    SHM_JNI_NATIVE("errorKindName", "(I)Ljava/lang/String;", native_error_kind_name),
    SHM_JNI_NATIVE("mapGranularity", "()J", native_map_granularity),
    SHM_JNI_NATIVE("create", "([BJII)J", native_create),
    SHM_JNI_NATIVE("open", "([BI)J", native_open),
    SHM_JNI_NATIVE("openFile", "([BJIII)J", native_open_file),
    SHM_JNI_NATIVE("size", "(J)J", native_size),
    SHM_JNI_NATIVE("close", "(J)V", native_close),
    SHM_JNI_NATIVE("remove", "([B)V", native_remove),
    SHM_JNI_NATIVE("map", "(JJJI)J", native_map),
    SHM_JNI_NATIVE("buffer", "(JI)Ljava/nio/ByteBuffer;", native_buffer),
    SHM_JNI_NATIVE("unmap", "(JJ)V", native_unmap),
    SHM_JNI_NATIVE("retire", "(JJI)V", native_retire),
    SHM_JNI_NATIVE("release", "(JJ)V", native_release),
    SHM_JNI_NATIVE("flush", "(JJJ)V", native_flush),
};

int shm_jni_register_shm(JNIEnv *env) {
    return shm_jni_register_class(env, "io/github/shm4j/ShmNative", shm_methods,
                                  SHM_JNI_COUNT(shm_methods));
}
