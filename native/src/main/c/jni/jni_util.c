/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * jni_util.c - what every native of the glue needs (internal.h): throwing a
 * platform error as io.github.shm4j.internal.NativeException, copying a name out
 * of a Java byte[], and binding a class's natives.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define EXCEPTION_CLASS "io/github/shm4j/internal/NativeException"
#define EXCEPTION_CTOR_SIG "(IJLjava/lang/String;Ljava/lang/String;Ljava/lang/String;)V"

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

void shm_jni_throw(JNIEnv *env, const shm_error *err) {
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

void shm_jni_throw_invalid(JNIEnv *env, const char *call, const char *text) {
    shm_error err;
    shm_error_set(&err, SHM_ERR_INVALID_ARGUMENT, call, text);
    shm_jni_throw(env, &err);
}

char *shm_jni_copy_name(JNIEnv *env, jbyteArray bytes, const char *call) {
    if (bytes == NULL) {
        shm_jni_throw_invalid(env, call, "no name given");
        return NULL;
    }
    jsize n = (*env)->GetArrayLength(env, bytes);
    char *s = malloc((size_t)n + 1);
    if (s == NULL) {
        shm_error err;
        shm_error_set(&err, SHM_ERR_OUT_OF_MEMORY, "malloc", "cannot copy the name");
        shm_jni_throw(env, &err);
        return NULL;
    }
    (*env)->GetByteArrayRegion(env, bytes, 0, n, (jbyte *)s);
    s[n] = '\0';
    if (memchr(s, '\0', (size_t)n) != NULL) {
        free(s);
        shm_jni_throw_invalid(env, call, "a name must not contain NUL");
        return NULL;
    }
    return s;
}

int shm_jni_register_class(JNIEnv *env, const char *class_name,
                           const JNINativeMethod *methods, jint count) {
    jclass natives = (*env)->FindClass(env, class_name);
    if (natives == NULL) {
        return JNI_ERR;
    }
    jint rc = (*env)->RegisterNatives(env, natives, methods, count);
    (*env)->DeleteLocalRef(env, natives);
    return rc == JNI_OK ? JNI_OK : JNI_ERR;
}
