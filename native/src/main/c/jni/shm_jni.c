/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * shm_jni.c - the JNI glue: one Java native per platform operation, bound to the
 * package-private class io.github.shm4j.ShmNative by RegisterNatives in JNI_OnLoad.
 * It converts arguments, turns handles into objects through the handle table
 * (shm_handles.h), calls the platform layer (shm_platform.h) and turns each failure
 * into a thrown io.github.shm4j.internal.NativeException. No OS header is included
 * here.
 *
 * Nothing is cached across calls (no global references): every class loader that
 * loads its own copy of the library gets its own natives, and holding none of its
 * classes lets that loader be collected.
 */
#include <jni.h>

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jni_handles.h"
#include "shm_platform.h"

#define NATIVE_CLASS "io/github/shm4j/ShmNative"
#define EXCEPTION_CLASS "io/github/shm4j/internal/NativeException"
#define EXCEPTION_CTOR_SIG "(IJLjava/lang/String;Ljava/lang/String;Ljava/lang/String;)V"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- errors ---------------------------------------------------------------- */

/* NewStringUTF takes modified UTF-8: copy text keeping only well-formed one- to
 * three-byte sequences without NUL, and '?' for anything else (four-byte
 * sequences, invalid bytes), so that OS text in any form is safe to pass. */
static void to_modified_utf8(const char *text, char *out, size_t cap) {
    const unsigned char *s = (const unsigned char *)text;
    size_t o = 0;
    while (*s != '\0' && o + 4 <= cap) {
        size_t n = *s < 0x80 ? 1 : (*s & 0xE0) == 0xC0 ? 2 : (*s & 0xF0) == 0xE0 ? 3 : 0;
        size_t i = 1;
        while (n > 1 && i < n && (s[i] & 0xC0) == 0x80) {
            i++;
        }
        if (n == 0 || i < n) {
            out[o++] = '?';
            s += i;
            continue;
        }
        memcpy(out + o, s, n);
        o += n;
        s += n;
    }
    out[o] = '\0';
}

static jstring new_string(JNIEnv *env, const char *text) {
    char buf[SHM_ERROR_TEXT_MAX * 2];
    to_modified_utf8(text != NULL ? text : "", buf, sizeof buf);
    return (*env)->NewStringUTF(env, buf);
}

/* Throws the NativeException for *err. The class is looked up here, on the
 * error path only, through the caller's class loader. If building the exception
 * fails, the JVM's own exception (OutOfMemoryError, NoClassDefFoundError) is
 * pending instead. */
static void throw_error(JNIEnv *env, const shm_error *err) {
    jclass cls = (*env)->FindClass(env, EXCEPTION_CLASS);
    jmethodID ctor = cls != NULL ? (*env)->GetMethodID(env, cls, "<init>", EXCEPTION_CTOR_SIG) : NULL;
    jstring name = ctor != NULL ? new_string(env, err->code != 0 ? shm_os_code_name(err->code) : NULL) : NULL;
    jstring call = name != NULL ? new_string(env, err->call) : NULL;
    jstring text = call != NULL ? new_string(env, err->text) : NULL;
    if (text != NULL) {
        jobject ex = (*env)->NewObject(env, cls, ctor, (jint)err->kind, (jlong)err->code, name, call, text);
        if (ex != NULL) {
            (*env)->Throw(env, (jthrowable)ex);
            (*env)->DeleteLocalRef(env, ex);
        }
    }
    (*env)->DeleteLocalRef(env, name);
    (*env)->DeleteLocalRef(env, call);
    (*env)->DeleteLocalRef(env, text);
    (*env)->DeleteLocalRef(env, cls);
}

static void throw_invalid(JNIEnv *env, const char *call, const char *text) {
    shm_error err;
    shm_error_set(&err, SHM_ERR_INVALID_ARGUMENT, call, text);
    throw_error(env, &err);
}

/* ---- argument conversion ------------------------------------------------------ */

/* Copies a Java byte[] (UTF-8, no NUL) into a new NUL-terminated string, or throws
 * and returns NULL. Free the result with free(). */
static char *copy_name(JNIEnv *env, jbyteArray bytes, const char *call) {
    if (bytes == NULL) {
        throw_invalid(env, call, "no name given");
        return NULL;
    }
    jsize n = (*env)->GetArrayLength(env, bytes);
    char *s = malloc((size_t)n + 1);
    if (s == NULL) {
        shm_error err;
        shm_error_set(&err, SHM_ERR_OUT_OF_MEMORY, "malloc", "cannot copy the name");
        throw_error(env, &err);
        return NULL;
    }
    (*env)->GetByteArrayRegion(env, bytes, 0, n, (jbyte *)s);
    s[n] = '\0';
    if (memchr(s, '\0', (size_t)n) != NULL) {
        free(s);
        throw_invalid(env, call, "a name must not contain NUL");
        return NULL;
    }
    return s;
}

/* A non-negative jlong that must fit size_t, or throws. */
static int to_size(JNIEnv *env, jlong value, size_t *out, const char *call) {
    if (value < 0 || (uint64_t)value > (uint64_t)SIZE_MAX) {
        throw_invalid(env, call, "a size or length is negative or too large");
        return 0;
    }
    *out = (size_t)value;
    return 1;
}

static int to_access(JNIEnv *env, jint access, shm_access *out, const char *call) {
    if (access != SHM_READ_ONLY && access != SHM_READ_WRITE && access != SHM_COPY_ON_WRITE) {
        throw_invalid(env, call, "unknown access mode");
        return 0;
    }
    *out = (shm_access)access;
    return 1;
}

/* The object of a live handle, or throws (a zero, closed or forged handle). */
static shm_object *to_object(JNIEnv *env, jlong handle, const char *call) {
    shm_object *obj = shm_handle_get(handle);
    if (obj == NULL) {
        throw_invalid(env, call, "not a handle of an open object");
    }
    return obj;
}

/* Registers an object just opened and returns its handle; closes it and throws
 * when the table cannot grow. */
static jlong from_object(JNIEnv *env, shm_object *obj) {
    jlong handle = (jlong)shm_handle_add(obj);
    if (handle == 0) {
        shm_error err;
        shm_close(obj, &err);
        shm_error_set(&err, SHM_ERR_OUT_OF_MEMORY, "malloc", "cannot grow the handle table");
        throw_error(env, &err);
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
        throw_invalid(env, "shm_create", "the size must be greater than zero");
        return 0;
    }
    char *s = copy_name(env, name, "shm_create");
    if (s == NULL) {
        return 0;
    }
    shm_object *obj = NULL;
    shm_error err;
    int rc = shm_create(s, (uint64_t)size, (unsigned)perm & 07777u, flags, &obj, &err);
    free(s);
    if (rc != SHM_OK) {
        throw_error(env, &err);
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
    char *s = copy_name(env, name, "shm_open");
    if (s == NULL) {
        return 0;
    }
    shm_object *obj = NULL;
    shm_error err;
    int rc = shm_open_existing(s, mode, &obj, &err);
    free(s);
    if (rc != SHM_OK) {
        throw_error(env, &err);
        return 0;
    }
    return from_object(env, obj);
}

static jlong native_open_file(JNIEnv *env, jclass cls, jbyteArray path, jlong size,
                              jint access, jint perm, jint flags) {
    (void)cls;
    shm_access mode;
    if (size < 0) {
        throw_invalid(env, "shm_open_file", "the size must not be negative");
        return 0;
    }
    if (!to_access(env, access, &mode, "shm_open_file")) {
        return 0;
    }
    char *s = copy_name(env, path, "shm_open_file");
    if (s == NULL) {
        return 0;
    }
    shm_object *obj = NULL;
    shm_error err;
    int rc = shm_open_file(s, (uint64_t)size, mode, (unsigned)perm & 07777u, flags, &obj, &err);
    free(s);
    if (rc != SHM_OK) {
        throw_error(env, &err);
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
        throw_error(env, &err);
        return 0;
    }
    return size > (uint64_t)INT64_MAX ? INT64_MAX : (jlong)size;
}

static void native_close(JNIEnv *env, jclass cls, jlong handle) {
    (void)cls;
    shm_error err;
    shm_object *obj = shm_handle_take(handle);
    if (obj == NULL) {
        throw_invalid(env, "shm_close", "not a handle of an open object");
    } else if (shm_close(obj, &err) != SHM_OK) {
        throw_error(env, &err);
    }
}

static void native_remove(JNIEnv *env, jclass cls, jbyteArray name) {
    (void)cls;
    char *s = copy_name(env, name, "shm_remove");
    if (s == NULL) {
        return;
    }
    shm_error err;
    int rc = shm_remove(s, &err);
    free(s);
    if (rc != SHM_OK) {
        throw_error(env, &err);
    }
}

static jlong native_map(JNIEnv *env, jclass cls, jlong handle, jlong offset, jlong length,
                        jint access) {
    (void)cls;
    size_t len;
    shm_access mode;
    if (offset < 0) {
        throw_invalid(env, "shm_map", "the offset must not be negative");
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
        throw_error(env, &err);
        return 0;
    }
    return (jlong)(intptr_t)addr;
}

static jobject native_buffer(JNIEnv *env, jclass cls, jlong address, jint capacity) {
    (void)cls;
    if (address == 0 || capacity < 0) {
        throw_invalid(env, "NewDirectByteBuffer", "no address or a negative capacity");
        return NULL;
    }
    return (*env)->NewDirectByteBuffer(env, to_address(address), (jlong)capacity);
}

/* A view's range: a non-null address and a length that fits size_t, or throws. */
static int to_range(JNIEnv *env, jlong address, jlong length, size_t *len, const char *call) {
    if (address == 0) {
        throw_invalid(env, call, "no address");
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
        throw_error(env, &err);
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
        throw_error(env, &err);
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
        throw_error(env, &err);
    }
}

/* ---- registration --------------------------------------------------------------- */

/* JNINativeMethod's fields are char* in older jni.h: cast the literals. */
#define NATIVE(name, sig, fn) { (char *)(name), (char *)(sig), (void *)(fn) }

static const JNINativeMethod native_methods[] = {
    NATIVE("abiVersion", "()I", native_abi_version),
    NATIVE("errorKindName", "(I)Ljava/lang/String;", native_error_kind_name),
    NATIVE("mapGranularity", "()J", native_map_granularity),
    NATIVE("create", "([BJII)J", native_create),
    NATIVE("open", "([BI)J", native_open),
    NATIVE("openFile", "([BJIII)J", native_open_file),
    NATIVE("size", "(J)J", native_size),
    NATIVE("close", "(J)V", native_close),
    NATIVE("remove", "([B)V", native_remove),
    NATIVE("map", "(JJJI)J", native_map),
    NATIVE("buffer", "(JI)Ljava/nio/ByteBuffer;", native_buffer),
    NATIVE("unmap", "(JJ)V", native_unmap),
    NATIVE("retire", "(JJI)V", native_retire),
    NATIVE("release", "(JJ)V", native_release),
    NATIVE("flush", "(JJJ)V", native_flush),
};

int shm_sync_register(JNIEnv *env); /* sync_jni.c */

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved) {
    (void)reserved;
    JNIEnv *env = NULL;
    if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_8) != JNI_OK) {
        return JNI_ERR;
    }
    jclass natives = (*env)->FindClass(env, NATIVE_CLASS);
    if (natives == NULL) {
        return JNI_ERR;
    }
    jint rc = (*env)->RegisterNatives(env, natives, native_methods, (jint)ARRAY_SIZE(native_methods));
    (*env)->DeleteLocalRef(env, natives);
    if (rc != JNI_OK) {
        return JNI_ERR;
    }
    if (shm_sync_register(env) != JNI_OK) { /* sync_jni.c: io.github.shm4j.sync */
        return JNI_ERR;
    }
    return JNI_VERSION_1_8;
}

JNIEXPORT void JNICALL JNI_OnUnload(JavaVM *vm, void *reserved) {
    (void)vm;
    (void)reserved;
    shm_handle_table_free();
}

/* ---- shared with the sync glue (sync_jni.c) -------------------------------------- */


void shm_jni_throw(JNIEnv *env, const shm_error *err) { throw_error(env, err); }

char *shm_jni_copy_name(JNIEnv *env, jbyteArray bytes, const char *call) {
    return copy_name(env, bytes, call);
}
