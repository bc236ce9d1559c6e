/*
 * shm_jni.c - the JNI glue: one Java native per platform operation, bound to
 * io.github.shm4j.internal.ShmNative by RegisterNatives in JNI_OnLoad. It converts
 * arguments, calls the platform layer (shm_platform.h) and turns each failure into
 * a thrown io.github.shm4j.internal.NativeException. No OS header is included here.
 */
#include <jni.h>

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "shm_platform.h"

#define NATIVE_CLASS "io/github/shm4j/internal/ShmNative"
#define EXCEPTION_CLASS "io/github/shm4j/internal/NativeException"
#define EXCEPTION_CTOR_SIG "(IJLjava/lang/String;Ljava/lang/String;Ljava/lang/String;)V"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static jclass exception_class;      /* global ref */
static jmethodID exception_ctor;

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

/* Throws the NativeException for *err. If building it fails, the JVM's own
 * exception (OutOfMemoryError) is pending instead. */
static void throw_error(JNIEnv *env, const shm_error *err) {
    jstring name = new_string(env, err->code != 0 ? shm_os_code_name(err->code) : NULL);
    jstring call = name != NULL ? new_string(env, err->call) : NULL;
    jstring text = call != NULL ? new_string(env, err->text) : NULL;
    if (text != NULL) {
        jobject ex = (*env)->NewObject(env, exception_class, exception_ctor, (jint)err->kind,
                                       (jlong)err->code, name, call, text);
        if (ex != NULL) {
            (*env)->Throw(env, (jthrowable)ex);
            (*env)->DeleteLocalRef(env, ex);
        }
    }
    (*env)->DeleteLocalRef(env, name);
    (*env)->DeleteLocalRef(env, call);
    (*env)->DeleteLocalRef(env, text);
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

static shm_object *to_object(jlong handle) { return (shm_object *)(intptr_t)handle; }

static jlong from_object(shm_object *obj) { return (jlong)(intptr_t)obj; }

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
    return from_object(obj);
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
    return from_object(obj);
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
    return from_object(obj);
}

static jlong native_size(JNIEnv *env, jclass cls, jlong handle) {
    (void)cls;
    uint64_t size = 0;
    shm_error err;
    if (shm_object_size(to_object(handle), &size, &err) != SHM_OK) {
        throw_error(env, &err);
        return 0;
    }
    return size > (uint64_t)INT64_MAX ? INT64_MAX : (jlong)size;
}

static void native_close(JNIEnv *env, jclass cls, jlong handle) {
    (void)cls;
    shm_error err;
    if (shm_close(to_object(handle), &err) != SHM_OK) {
        throw_error(env, &err);
    }
}

/* remove and remove_if_same: an operation on a name (and maybe an object). */
typedef int (*name_op)(shm_object *obj, const char *name, shm_error *err);

static void call_on_name(JNIEnv *env, shm_object *obj, jbyteArray name, const char *call, name_op op) {
    char *s = copy_name(env, name, call);
    if (s == NULL) {
        return;
    }
    shm_error err;
    int rc = op(obj, s, &err);
    free(s);
    if (rc != SHM_OK) {
        throw_error(env, &err);
    }
}

static int remove_name(shm_object *obj, const char *name, shm_error *err) {
    (void)obj;
    return shm_remove(name, err);
}

static void native_remove(JNIEnv *env, jclass cls, jbyteArray name) {
    (void)cls;
    call_on_name(env, NULL, name, "shm_remove", remove_name);
}

static void native_remove_if_same(JNIEnv *env, jclass cls, jlong handle, jbyteArray name) {
    (void)cls;
    call_on_name(env, to_object(handle), name, "shm_remove_if_same", shm_remove_if_same);
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
    void *addr = NULL;
    shm_error err;
    if (shm_map(to_object(handle), (uint64_t)offset, len, mode, &addr, &err) != SHM_OK) {
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

/* unmap and release: an operation on an address range alone. */
typedef int (*range_op)(void *addr, size_t length, shm_error *err);

static void call_on_range(JNIEnv *env, jlong address, jlong length, const char *call, range_op op) {
    size_t len;
    shm_error err;
    if (to_size(env, length, &len, call) && op(to_address(address), len, &err) != SHM_OK) {
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
    if (to_size(env, length, &len, "shm_retire") && to_access(env, access, &mode, "shm_retire") &&
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
    if (to_size(env, length, &len, "shm_flush") &&
        shm_flush(to_object(handle), to_address(address), len, &err) != SHM_OK) {
        throw_error(env, &err);
    }
}

/* Copies length bytes between array[index...] and native memory with the C
 * library's memcpy, which beats the JVM's 8-byte copy loop (Unsafe.copyMemory) on
 * large blocks. The array is pinned only for the copy; no JNI call happens while
 * it is. to_array: memory -> array, else array -> memory. */
static void native_copy(JNIEnv *env, jclass cls, jbyteArray array, jint index, jlong address,
                        jint length, jboolean to_array) {
    (void)cls;
    if (array == NULL || address == 0 || index < 0 || length < 0 ||
        length > (*env)->GetArrayLength(env, array) - index) {
        throw_invalid(env, "copy", "no array or address, or a range outside the array");
        return;
    }
    jbyte *elements = (*env)->GetPrimitiveArrayCritical(env, array, NULL);
    if (elements == NULL) {
        return; /* OutOfMemoryError is pending */
    }
    if (to_array) {
        memcpy(elements + index, to_address(address), (size_t)length);
    } else {
        memcpy(to_address(address), elements + index, (size_t)length);
    }
    (*env)->ReleasePrimitiveArrayCritical(env, array, elements, to_array ? 0 : JNI_ABORT);
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
    NATIVE("removeIfSame", "(J[B)V", native_remove_if_same),
    NATIVE("map", "(JJJI)J", native_map),
    NATIVE("buffer", "(JI)Ljava/nio/ByteBuffer;", native_buffer),
    NATIVE("unmap", "(JJ)V", native_unmap),
    NATIVE("retire", "(JJI)V", native_retire),
    NATIVE("release", "(JJ)V", native_release),
    NATIVE("flush", "(JJJ)V", native_flush),
    NATIVE("copy", "([BIJIZ)V", native_copy),
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
    jclass ex = (*env)->FindClass(env, EXCEPTION_CLASS);
    if (ex == NULL) {
        return JNI_ERR;
    }
    exception_ctor = (*env)->GetMethodID(env, ex, "<init>", EXCEPTION_CTOR_SIG);
    exception_class = exception_ctor != NULL ? (jclass)(*env)->NewGlobalRef(env, ex) : NULL;
    (*env)->DeleteLocalRef(env, ex);
    if (exception_class == NULL) {
        return JNI_ERR;
    }
    if (shm_sync_register(env) != JNI_OK) { /* sync_jni.c: io.github.shm4j.sync */
        return JNI_ERR;
    }
    return JNI_VERSION_1_8;
}

JNIEXPORT void JNICALL JNI_OnUnload(JavaVM *vm, void *reserved) {
    (void)reserved;
    JNIEnv *env = NULL;
    if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_8) == JNI_OK && exception_class != NULL) {
        (*env)->DeleteGlobalRef(env, exception_class);
        exception_class = NULL;
    }
}

/* ---- shared with the sync glue (sync_jni.c) -------------------------------------- */


void shm_jni_throw(JNIEnv *env, const shm_error *err) { throw_error(env, err); }

char *shm_jni_copy_name(JNIEnv *env, jbyteArray bytes, const char *call) {
    return copy_name(env, bytes, call);
}
