/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * barrier_jni.c - the natives of io.github.shm4j.internal.ProcessBarrier over
 * barrier_platform.h: each throws NativeException when the OS call fails.
 */
#include "internal.h"

#include "barrier_platform.h"

typedef int (*barrier_op)(shm_error *err);

static void call(JNIEnv *env, barrier_op op) {
    shm_error err;
    if (op(&err) != SHM_OK) {
        shm_jni_throw(env, &err);
    }
}

static void barrier_register(JNIEnv *env, jclass cls) {
    (void)cls;
    call(env, shm_barrier_register);
}

static void barrier_all(JNIEnv *env, jclass cls) {
    (void)cls;
    call(env, shm_barrier_all);
}

static const JNINativeMethod barrier_methods[] = {
    SHM_JNI_NATIVE("register", "()V", barrier_register),
    SHM_JNI_NATIVE("barrierAll", "()V", barrier_all),
};

int shm_jni_register_barrier(JNIEnv *env) {
    return shm_jni_register_class(env, "io/github/shm4j/internal/ProcessBarrier", barrier_methods,
                                  SHM_JNI_COUNT(barrier_methods));
}
