/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * jni_host.c - loads shm4j.dll without a JVM and drives its natives through a
 * fake JNIEnv, so that the Windows build of jni/ + win32/ can be tested
 * under Wine (no Windows JDK needed). Windows only.
 *
 *   jni_host PATH\TO\shm4j.dll
 *
 * The host implements just the JNI functions that jni/ calls (every other
 * slot of the function table is NULL, so an unexpected call crashes the host and
 * fails the run): GetEnv, FindClass, RegisterNatives, GetMethodID, NewGlobalRef,
 * DeleteGlobalRef, DeleteLocalRef, NewStringUTF, NewObject, Throw, ThrowNew,
 * ExceptionCheck, ExceptionClear, GetArrayLength, GetByteArrayRegion and
 * NewDirectByteBuffer. It captures the functions passed to RegisterNatives by name
 * and signature and calls every one of them like the JVM would.
 *
 * Prints one line per check and ends with "N passed, M failed"; exits 1 if any
 * check failed.
 */
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jni.h>

#define NATIVE_CLASS "io/github/shm4j/ShmNative"
#define SYNC_CLASS "io/github/shm4j/sync/SyncNative"
#define BARRIER_CLASS "io/github/shm4j/internal/ProcessBarrier"
#define EXCEPTION_CLASS "io/github/shm4j/internal/NativeException"
#define EXCEPTION_CTOR_SIG "(IJLjava/lang/String;Ljava/lang/String;Ljava/lang/String;)V"
#define OBJECT_NAME "Local\\shm4j-jni-host"
#define MISSING_NAME "Local\\shm4j-jni-host-missing"
#define VIEW_SIZE 65536
#define FILE_NAME "shm4j-jni-host-file.bin"

/* ---- fake Java objects ------------------------------------------------------ */

enum obj_type { T_CLASS, T_STRING, T_BYTES, T_BUFFER, T_EXCEPTION };

/* jni.h only declares struct _jobject: the host defines what its objects hold. */
struct _jobject {
    enum obj_type type;
    char *text;            /* T_CLASS: the class name; T_STRING: the UTF-8 text */
    jbyte *bytes;          /* T_BYTES */
    jsize length;          /* T_BYTES */
    void *address;         /* T_BUFFER */
    jlong capacity;        /* T_BUFFER */
    jint kind;             /* T_EXCEPTION: the constructor's arguments */
    jlong code;
    jobject code_name;
    jobject call;
    jobject message;
    struct _jobject *next; /* every object made, freed at the end */
};

struct _jmethodID {
    const char *name;
    const char *sig;
};

static struct _jobject *all_objects;

static jobject new_obj(enum obj_type type) {
    jobject o = (jobject)calloc(1, sizeof *o);
    if (o == NULL) {
        fprintf(stderr, "jni_host: out of memory\n");
        exit(2);
    }
    o->type = type;
    o->next = all_objects;
    all_objects = o;
    return o;
}

static char *dup_text(const char *s) {
    size_t n = strlen(s) + 1;
    char *d = (char *)malloc(n);
    if (d == NULL) {
        fprintf(stderr, "jni_host: out of memory\n");
        exit(2);
    }
    memcpy(d, s, n);
    return d;
}

static void free_objects(void) {
    while (all_objects != NULL) {
        jobject next = all_objects->next;
        free(all_objects->text);
        free(all_objects->bytes);
        free(all_objects);
        all_objects = next;
    }
}

static jobject new_bytes(const char *s) {
    jobject o = new_obj(T_BYTES);
    o->length = (jsize)strlen(s);
    o->bytes = (jbyte *)malloc((size_t)o->length + 1);
    if (o->bytes == NULL) {
        exit(2);
    }
    memcpy(o->bytes, s, (size_t)o->length);
    return o;
}

/* ---- the fake JVM state ------------------------------------------------------- */

static char native_class_name[] = NATIVE_CLASS;
static char exception_class_name[] = EXCEPTION_CLASS;
static struct _jobject native_class = { .type = T_CLASS, .text = native_class_name };
static char sync_class_name[] = SYNC_CLASS;
static struct _jobject sync_class = { .type = T_CLASS, .text = sync_class_name };
static char barrier_class_name[] = BARRIER_CLASS;
static struct _jobject barrier_class = { .type = T_CLASS, .text = barrier_class_name };
static struct _jobject exception_class = { .type = T_CLASS, .text = exception_class_name };
static struct _jmethodID exception_ctor = { "<init>", EXCEPTION_CTOR_SIG };

static jobject pending;          /* the thrown exception, or NULL */
static int unexpected;           /* calls the host did not expect */
static int global_refs;          /* live global references */
static int ctor_requested;       /* GetMethodID asked for the right constructor */
static jclass registered_class;
static JNINativeMethod registered[64];
static jclass registered_cls[64]; /* the class of each registered[i] */
static jint registered_count;

static void note_unexpected(const char *what, const char *detail) {
    unexpected++;
    printf("     unexpected JNI call: %s %s\n", what, detail != NULL ? detail : "");
}

static const struct JNIInvokeInterface_ *vm_functions_ptr;
static JNIEnv env_value;

static jint JNICALL vm_get_env(JavaVM *vm, void **penv, jint version) {
    (void)vm;
    if (version < JNI_VERSION_1_1 || version > JNI_VERSION_10) {
        *penv = NULL;
        return JNI_EVERSION;
    }
    *penv = &env_value;
    return JNI_OK;
}

static jclass JNICALL env_find_class(JNIEnv *env, const char *name) {
    (void)env;
    if (strcmp(name, NATIVE_CLASS) == 0) {
        return &native_class;
    }
    if (strcmp(name, EXCEPTION_CLASS) == 0) {
        return &exception_class;
    }
    if (strcmp(name, SYNC_CLASS) == 0) {
        return &sync_class;
    }
    if (strcmp(name, BARRIER_CLASS) == 0) {
        return &barrier_class;
    }
    note_unexpected("FindClass", name);
    return NULL;
}

static jint JNICALL env_register_natives(JNIEnv *env, jclass cls,
                                         const JNINativeMethod *methods, jint n) {
    jint i;
    (void)env;
    if (cls == &native_class) {
        registered_class = cls;
    }
    for (i = 0; i < n && registered_count < (jint)(sizeof registered / sizeof registered[0]);
         i++) {
        registered_cls[registered_count] = cls;
        registered[registered_count++] = methods[i];
    }
    return JNI_OK;
}

static jmethodID JNICALL env_get_method_id(JNIEnv *env, jclass cls, const char *name,
                                           const char *sig) {
    (void)env;
    if (cls == &exception_class && strcmp(name, "<init>") == 0
        && strcmp(sig, EXCEPTION_CTOR_SIG) == 0) {
        ctor_requested = 1;
        return &exception_ctor;
    }
    note_unexpected("GetMethodID", sig);
    return NULL;
}

static jobject JNICALL env_new_global_ref(JNIEnv *env, jobject o) {
    (void)env;
    if (o != NULL) {
        global_refs++;
    }
    return o;
}

static void JNICALL env_delete_global_ref(JNIEnv *env, jobject o) {
    (void)env;
    if (o != NULL) {
        global_refs--;
    }
}

static void JNICALL env_delete_local_ref(JNIEnv *env, jobject o) {
    (void)env;
    (void)o; /* objects live until the end of the run */
}

static jstring JNICALL env_new_string_utf(JNIEnv *env, const char *utf) {
    jobject o;
    (void)env;
    o = new_obj(T_STRING);
    o->text = dup_text(utf);
    return o;
}

static jobject JNICALL env_new_object(JNIEnv *env, jclass cls, jmethodID id, ...) {
    va_list ap;
    jobject o;
    (void)env;
    if (cls != &exception_class || id != &exception_ctor) {
        note_unexpected("NewObject", id != NULL ? id->sig : "?");
        return NULL;
    }
    o = new_obj(T_EXCEPTION);
    va_start(ap, id);
    o->kind = va_arg(ap, jint);
    o->code = va_arg(ap, jlong);
    o->code_name = va_arg(ap, jobject);
    o->call = va_arg(ap, jobject);
    o->message = va_arg(ap, jobject);
    va_end(ap);
    return o;
}

static jint JNICALL env_throw(JNIEnv *env, jthrowable t) {
    (void)env;
    if (pending != NULL) {
        note_unexpected("Throw", "with an exception already pending");
    }
    pending = t;
    return 0;
}

static jint JNICALL env_throw_new(JNIEnv *env, jclass cls, const char *msg) {
    jobject o;
    (void)env;
    note_unexpected("ThrowNew", cls != NULL && cls->text != NULL ? cls->text : "?");
    o = new_obj(T_EXCEPTION);
    o->message = env_new_string_utf(env, msg != NULL ? msg : "");
    pending = o;
    return 0;
}

static jboolean JNICALL env_exception_check(JNIEnv *env) {
    (void)env;
    return pending != NULL ? JNI_TRUE : JNI_FALSE;
}

static void JNICALL env_exception_clear(JNIEnv *env) {
    (void)env;
    pending = NULL;
}

static jsize JNICALL env_get_array_length(JNIEnv *env, jarray a) {
    (void)env;
    return a != NULL && a->type == T_BYTES ? a->length : 0;
}

static void JNICALL env_get_byte_array_region(JNIEnv *env, jbyteArray a, jsize start,
                                              jsize len, jbyte *buf) {
    (void)env;
    if (a == NULL || a->type != T_BYTES || start < 0 || len < 0 || start > a->length
        || len > a->length - start) {
        note_unexpected("GetByteArrayRegion", "out of bounds");
        return;
    }
    memcpy(buf, a->bytes + start, (size_t)len);
}

static jobject JNICALL env_new_direct_byte_buffer(JNIEnv *env, void *address,
                                                  jlong capacity) {
    jobject o;
    (void)env;
    o = new_obj(T_BUFFER);
    o->address = address;
    o->capacity = capacity;
    return o;
}

static void init_fake_jvm(struct JNINativeInterface_ *fns, struct JNIInvokeInterface_ *vmf) {
    memset(fns, 0, sizeof *fns);
    memset(vmf, 0, sizeof *vmf);
    vmf->GetEnv = vm_get_env;
    fns->FindClass = env_find_class;
    fns->RegisterNatives = env_register_natives;
    fns->GetMethodID = env_get_method_id;
    fns->NewGlobalRef = env_new_global_ref;
    fns->DeleteGlobalRef = env_delete_global_ref;
    fns->DeleteLocalRef = env_delete_local_ref;
    fns->NewStringUTF = env_new_string_utf;
    fns->NewObject = env_new_object;
    fns->Throw = env_throw;
    fns->ThrowNew = env_throw_new;
    fns->ExceptionCheck = env_exception_check;
    fns->ExceptionClear = env_exception_clear;
    fns->GetArrayLength = env_get_array_length;
    fns->GetByteArrayRegion = env_get_byte_array_region;
    fns->NewDirectByteBuffer = env_new_direct_byte_buffer;
    env_value = fns;
    vm_functions_ptr = vmf;
}

/* ---- checks ------------------------------------------------------------------- */

static int passed;
static int failed;

static void check(int ok, const char *what) {
    if (ok) {
        passed++;
        printf("PASS %s\n", what);
    } else {
        failed++;
        printf("FAIL %s\n", what);
    }
    fflush(stdout);
}

static const char *str(jobject s) {
    return s != NULL && s->type == T_STRING ? s->text : NULL;
}

static int str_is(jobject s, const char *expected) {
    return str(s) != NULL && strcmp(str(s), expected) == 0;
}

/* Takes the pending exception (NULL if none) and prints it when there is one. */
static jobject take_exception(void) {
    jobject e = pending;
    pending = NULL;
    if (e != NULL && e->type == T_EXCEPTION) {
        printf("     thrown: kind %ld, code %lld (%s), %s: %s\n", (long)e->kind,
               (long long)e->code, str(e->code_name) != NULL ? str(e->code_name) : "?",
               str(e->call) != NULL ? str(e->call) : "?",
               str(e->message) != NULL ? str(e->message) : "?");
    }
    return e;
}

static void *find_native_of(jclass cls, const char *name, const char *sig) {
    jint i;
    for (i = 0; i < registered_count; i++) {
        if (registered_cls[i] == cls && strcmp(registered[i].name, name) == 0
            && strcmp(registered[i].signature, sig) == 0) {
            return registered[i].fnPtr;
        }
    }
    return NULL;
}

static void *find_native(const char *name, const char *sig) {
    return find_native_of(&native_class, name, sig);
}

static jint count_natives(jclass cls) {
    jint i, n = 0;
    for (i = 0; i < registered_count; i++) {
        n += registered_cls[i] == cls;
    }
    return n;
}

/* The natives, typed as the JVM calls them (static methods: JNIEnv*, jclass, ...). */
typedef jint(JNICALL *fn_abi_version)(JNIEnv *, jclass);
typedef jstring(JNICALL *fn_error_kind_name)(JNIEnv *, jclass, jint);
typedef jlong(JNICALL *fn_map_granularity)(JNIEnv *, jclass);
typedef jlong(JNICALL *fn_create)(JNIEnv *, jclass, jbyteArray, jlong, jint, jint);
typedef jlong(JNICALL *fn_open)(JNIEnv *, jclass, jbyteArray, jint);
typedef jlong(JNICALL *fn_open_file)(JNIEnv *, jclass, jbyteArray, jlong, jint, jint, jint);
typedef jlong(JNICALL *fn_size)(JNIEnv *, jclass, jlong);
typedef void(JNICALL *fn_close)(JNIEnv *, jclass, jlong);
typedef void(JNICALL *fn_remove)(JNIEnv *, jclass, jbyteArray);
typedef jlong(JNICALL *fn_map)(JNIEnv *, jclass, jlong, jlong, jlong, jint);
typedef jobject(JNICALL *fn_buffer)(JNIEnv *, jclass, jlong, jint);
typedef void(JNICALL *fn_unmap)(JNIEnv *, jclass, jlong, jlong);
typedef void(JNICALL *fn_retire)(JNIEnv *, jclass, jlong, jlong, jint);
typedef void(JNICALL *fn_release)(JNIEnv *, jclass, jlong, jlong);
typedef void(JNICALL *fn_flush)(JNIEnv *, jclass, jlong, jlong, jlong);

typedef jint(JNICALL *fn_on_load)(JavaVM *, void *);
typedef void(JNICALL *fn_on_unload)(JavaVM *, void *);

static const struct {
    const char *name;
    const char *sig;
} expected_natives[] = {
    { "abiVersion", "()I" },
    { "errorKindName", "(I)Ljava/lang/String;" },
    { "mapGranularity", "()J" },
    { "create", "([BJII)J" },
    { "open", "([BI)J" },
    { "openFile", "([BJIII)J" },
    { "size", "(J)J" },
    { "close", "(J)V" },
    { "remove", "([B)V" },
    { "map", "(JJJI)J" },
    { "buffer", "(JI)Ljava/nio/ByteBuffer;" },
    { "unmap", "(JJ)V" },
    { "retire", "(JJI)V" },
    { "release", "(JJ)V" },
    { "flush", "(JJJ)V" },
};

#define NATIVE(type, name, sig) ((type)find_native(name, sig))

/* ---- io.github.shm4j.internal.ProcessBarrier: none on Windows ------------------- */

typedef void(JNICALL *fn_barrier)(JNIEnv *, jclass);

#define SHM_KIND_UNSUPPORTED 9 /* shm_error.h's table: the ninth kind */

static void run_barrier(JNIEnv *env) {
    jclass cls = &barrier_class;
    fn_barrier j_register = (fn_barrier)find_native_of(cls, "register", "()V");
    fn_barrier j_all = (fn_barrier)find_native_of(cls, "barrierAll", "()V");
    check(count_natives(cls) == 2 && j_register != NULL && j_all != NULL,
          "RegisterNatives binds the 2 natives of " BARRIER_CLASS);
    if (j_register == NULL || j_all == NULL) {
        return;
    }
    j_register(env, cls);
    jobject e = take_exception();
    check(e != NULL && e->kind == SHM_KIND_UNSUPPORTED && e->code == 0,
          "register throws UNSUPPORTED: Windows has no barrier across processes");
    j_all(env, cls);
    e = take_exception();
    check(e != NULL && e->kind == SHM_KIND_UNSUPPORTED && e->code == 0, "barrierAll throws UNSUPPORTED too");
}

/* ---- io.github.shm4j.sync.SyncNative: the Win32 named kernel objects ------------- */

typedef jlong(JNICALL *fn_sync_create)(JNIEnv *, jclass, jbyteArray, jint, jint, jint, jint);
typedef jlong(JNICALL *fn_sync_open)(JNIEnv *, jclass, jbyteArray, jint);
typedef void(JNICALL *fn_sync_void)(JNIEnv *, jclass, jlong);
typedef jint(JNICALL *fn_sync_wait_word)(JNIEnv *, jclass, jlong, jlong, jobject);
typedef jboolean(JNICALL *fn_sync_flag)(JNIEnv *, jclass);
typedef void(JNICALL *fn_sync_word)(JNIEnv *, jclass, jobject);
typedef jlong(JNICALL *fn_sync_release)(JNIEnv *, jclass, jlong, jint);
typedef jobject(JNICALL *fn_sync_buffer)(JNIEnv *, jclass);
typedef jint(JNICALL *fn_sync_int)(JNIEnv *, jclass);
typedef jlong(JNICALL *fn_sync_long_of)(JNIEnv *, jclass, jlong);

#define SYNC(type, name, sig) ((type)find_native_of(&sync_class, name, sig))
#define SYNC_NAME "Local\\shm4j-jni-host-sync"

static fn_sync_wait_word sync_lock_fn;
static jlong sync_mutex_handle;

/* A thread that locks the mutex and ends without unlocking it. */
static DWORD WINAPI lock_and_end(LPVOID arg) {
    (void)arg;
    return (DWORD)sync_lock_fn(&env_value, &sync_class, sync_mutex_handle, -1, NULL);
}

static void run_sync(JNIEnv *env) {
    jclass cls = &sync_class;
    jobject e;
    fn_sync_create j_create = SYNC(fn_sync_create, "create", "([BIIII)J");
    fn_sync_open j_open = SYNC(fn_sync_open, "open", "([BI)J");
    fn_sync_void j_close = SYNC(fn_sync_void, "close", "(J)V");
    fn_sync_wait_word j_lock = SYNC(fn_sync_wait_word, "lock", "(JJLjava/nio/ByteBuffer;)I");
    fn_sync_void j_unlock = SYNC(fn_sync_void, "unlock", "(J)V");
    fn_sync_void j_set = SYNC(fn_sync_void, "set", "(J)V");
    fn_sync_void j_reset = SYNC(fn_sync_void, "reset", "(J)V");
    fn_sync_wait_word j_await = SYNC(fn_sync_wait_word, "await", "(JJLjava/nio/ByteBuffer;)I");
    fn_sync_wait_word j_acquire = SYNC(fn_sync_wait_word, "acquire", "(JJLjava/nio/ByteBuffer;)I");
    fn_sync_release j_release = SYNC(fn_sync_release, "release", "(JI)J");
    fn_sync_flag j_cancellable = SYNC(fn_sync_flag, "cancellable", "()Z");
    fn_sync_void j_cancel_waits = SYNC(fn_sync_void, "cancelWaits", "(J)V");
    fn_sync_word j_interrupt = SYNC(fn_sync_word, "interrupt", "(Ljava/nio/ByteBuffer;)V");
    fn_sync_buffer j_fast_thread = SYNC(fn_sync_buffer, "fastThread", "()Ljava/nio/ByteBuffer;");
    fn_sync_int j_thread_id = SYNC(fn_sync_int, "threadId", "()I");
    fn_sync_long_of j_fast_detach = SYNC(fn_sync_long_of, "fastDetach", "(J)J");
    fn_sync_long_of j_mapping_address = SYNC(fn_sync_long_of, "mappingAddress", "(J)J");
    fn_sync_void j_unmap = SYNC(fn_sync_void, "unmap", "(J)V");
    fn_sync_void j_unlock_at = SYNC(fn_sync_void, "unlockAt", "(J)V");
    fn_sync_void j_wake_at = SYNC(fn_sync_void, "wakeAt", "(J)V");
    check(count_natives(cls) == 21 && j_fast_thread && j_thread_id && j_fast_detach && j_mapping_address
              && j_unmap && j_unlock_at && j_wake_at
              && SYNC(fn_sync_long_of, "mappingBuffer", "(J)Ljava/nio/ByteBuffer;") && j_create && j_open && j_close && j_lock && j_unlock && j_set
              && j_reset && j_await && j_acquire && j_release && j_cancellable && j_cancel_waits
              && j_interrupt,
          "RegisterNatives binds the 21 natives of " SYNC_CLASS);
    if (j_create == NULL || j_close == NULL || j_lock == NULL || j_unlock == NULL || j_open == NULL
        || j_set == NULL || j_reset == NULL || j_await == NULL || j_acquire == NULL
        || j_release == NULL || j_cancellable == NULL || j_cancel_waits == NULL || j_interrupt == NULL) {
        return;
    }
    check(j_cancellable(env, cls) == JNI_FALSE,
          "Win32 waits are not cancellable: the Java layer waits in slices");
    j_interrupt(env, cls, NULL);
    check(take_exception() == NULL, "interrupt(null) does nothing");

    /* mutex: lock, name taken, other kinds refused, owner death */
    jlong m = j_create(env, cls, new_bytes(SYNC_NAME), 1, 0, 0, 0600);
    check(m != 0 && take_exception() == NULL, "create a named mutex");
    if (m == 0) {
        return;
    }
    check(j_lock(env, cls, m, 0, NULL) == 0 && take_exception() == NULL, "lock a free mutex: ACQUIRED");
    j_unlock(env, cls, m);
    check(take_exception() == NULL, "unlock it");
    if (j_fast_thread != NULL && j_thread_id != NULL && j_fast_detach != NULL && j_mapping_address != NULL
        && j_unmap != NULL && j_unlock_at != NULL && j_wake_at != NULL) {
        /* The mutex fast path is Linux's: here every probe says no, and mapping natives refuse. */
        check(j_fast_thread(env, cls) == NULL && take_exception() == NULL, "no fast path on a Windows thread");
        check(j_thread_id(env, cls) == (jint)GetCurrentThreadId(), "threadId is the Win32 thread id");
        check(j_fast_detach(env, cls, m) == 0 && take_exception() == NULL, "a Win32 mutex has no fast path");
        j_unlock_at(env, cls, m);
        e = take_exception();
        check(e != NULL && e->kind == 4, "unlockAt refuses a sync handle (INVALID_ARGUMENT)");
        j_wake_at(env, cls, 0x40000001LL);
        check(take_exception() != NULL, "wakeAt refuses a mapping handle never handed out");
        j_unmap(env, cls, 0x40000001LL);
        check(take_exception() != NULL, "unmap refuses it too");
        j_mapping_address(env, cls, 0);
        check(take_exception() != NULL, "mappingAddress refuses 0");
    }
    j_unlock(env, cls, m);
    e = take_exception();
    check(e != NULL && e->code == 288 && str_is(e->code_name, "ERROR_NOT_OWNER") && str_is(e->call, "ReleaseMutex"),
          "unlock without owning it throws (288, ERROR_NOT_OWNER)");
    jlong dup = j_create(env, cls, new_bytes(SYNC_NAME), 1, 0, 0, 0600);
    e = take_exception();
    check(dup == 0 && e != NULL && e->kind == 2 && e->code == 183, "a second create: ALREADY_EXISTS (183)");
    jlong ev = j_create(env, cls, new_bytes(SYNC_NAME), 2, 0, 0, 0600);
    e = take_exception();
    check(ev == 0 && e != NULL && e->kind == 10 && e->code == 6,
          "an event on a mutex's name: WRONG_TYPE (6, ERROR_INVALID_HANDLE)");
    jlong sem = j_open(env, cls, new_bytes(SYNC_NAME), 3);
    e = take_exception();
    check(sem == 0 && e != NULL && e->kind == 10, "opening a mutex as a semaphore: WRONG_TYPE");

    sync_lock_fn = j_lock;
    sync_mutex_handle = m;
    HANDLE t = CreateThread(NULL, 0, lock_and_end, NULL, 0, NULL);
    check(t != NULL, "CreateThread");
    if (t != NULL) {
        WaitForSingleObject(t, INFINITE);
        CloseHandle(t);
        check(j_lock(env, cls, m, 1000000000LL, NULL) == 2 && take_exception() == NULL,
              "a mutex whose owning thread ended: OWNER_DIED (WAIT_ABANDONED), held");
        j_unlock(env, cls, m);
        check(take_exception() == NULL && j_lock(env, cls, m, 0, NULL) == 0, "then an ordinary lock");
        j_unlock(env, cls, m);
    }
    jlong m2 = j_open(env, cls, new_bytes(SYNC_NAME), 1);
    check(m2 != 0 && take_exception() == NULL, "open the mutex by name");
    if (m2 != 0) {
        j_close(env, cls, m2);
    }
    j_close(env, cls, m);
    check(take_exception() == NULL, "close the mutex");

    /* auto-reset event */
    ev = j_create(env, cls, new_bytes(SYNC_NAME), 2, 0, 0, 0600);
    check(ev != 0 && take_exception() == NULL, "create an auto-reset event, reset");
    if (ev != 0) {
        DWORD t0 = GetTickCount();
        check(j_await(env, cls, ev, 50000000LL, NULL) == 1, "await 50 ms: TIMEOUT");
        check(GetTickCount() - t0 >= 40, "... after about 50 ms");
        j_set(env, cls, ev);
        check(j_await(env, cls, ev, 0, NULL) == 0, "set, then await: ACQUIRED");
        check(j_await(env, cls, ev, 0, NULL) == 1, "auto reset: the next await times out");
        j_set(env, cls, ev);
        j_reset(env, cls, ev);
        check(j_await(env, cls, ev, 0, NULL) == 1 && take_exception() == NULL, "set, reset: not set");
        j_cancel_waits(env, cls, ev);
        check(take_exception() == NULL && j_await(env, cls, ev, 0, NULL) == 1,
              "cancelWaits is accepted; Win32 waits go on as before");
        j_close(env, cls, ev);
    }

    /* semaphore 0 of 1 */
    sem = j_create(env, cls, new_bytes(SYNC_NAME), 3, 0, 1, 0600);
    check(sem != 0 && take_exception() == NULL, "create a semaphore (0 of 1)");
    if (sem != 0) {
        check(j_acquire(env, cls, sem, 0, NULL) == 1, "acquire at 0: TIMEOUT");
        check(j_release(env, cls, sem, 1) == 0, "release 1: previous count 0");
        check(j_release(env, cls, sem, 1) == -1 && take_exception() == NULL,
              "release past the maximum: -1 (ERROR_TOO_MANY_POSTS)");
        check(j_acquire(env, cls, sem, 0, NULL) == 0, "acquire: ACQUIRED");
        j_close(env, cls, sem);
    }
    jlong bad = j_create(env, cls, new_bytes(SYNC_NAME), 3, 2, 1, 0600);
    e = take_exception();
    check(bad == 0 && e != NULL && e->kind == 4, "a semaphore with initial > max: INVALID_ARGUMENT");
}

static void run(JavaVM *vm, HMODULE dll) {
    JNIEnv *env = &env_value;
    jclass cls = &native_class;
    fn_on_load on_load;
    fn_on_unload on_unload;
    jint version;
    size_t i;
    int all_found = 1;
    jobject e;
    char line[160];

    /* FARPROC -> function pointer: through a generic function type (no warning). */
    on_load = (fn_on_load)(void (*)(void))GetProcAddress(dll, "JNI_OnLoad");
    on_unload = (fn_on_unload)(void (*)(void))GetProcAddress(dll, "JNI_OnUnload");
    check(on_load != NULL, "JNI_OnLoad is exported");
    check(on_unload != NULL, "JNI_OnUnload is exported");
    if (on_load == NULL) {
        return;
    }
    version = on_load(vm, NULL);
    check(version == JNI_VERSION_1_8, "JNI_OnLoad returns JNI_VERSION_1_8");
    check(registered_class == &native_class, "RegisterNatives binds " NATIVE_CLASS);
    check(count_natives(&native_class) == (jint)(sizeof expected_natives / sizeof expected_natives[0]),
          "RegisterNatives registers one function per native of ShmNative");
    for (i = 0; i < sizeof expected_natives / sizeof expected_natives[0]; i++) {
        if (find_native(expected_natives[i].name, expected_natives[i].sig) == NULL) {
            printf("     missing native %s%s\n", expected_natives[i].name, expected_natives[i].sig);
            all_found = 0;
        }
    }
    check(all_found, "every native is registered with its Java signature");
    check(!ctor_requested, "nothing is looked up before an error is thrown");
    check(global_refs == 0, "JNI_OnLoad keeps no global reference");
    if (!all_found || version != JNI_VERSION_1_8) {
        return;
    }

    fn_abi_version j_abi_version = NATIVE(fn_abi_version, "abiVersion", "()I");
    fn_error_kind_name j_error_kind_name =
        NATIVE(fn_error_kind_name, "errorKindName", "(I)Ljava/lang/String;");
    fn_map_granularity j_map_granularity = NATIVE(fn_map_granularity, "mapGranularity", "()J");
    fn_create j_create = NATIVE(fn_create, "create", "([BJII)J");
    fn_open j_open = NATIVE(fn_open, "open", "([BI)J");
    fn_size j_size = NATIVE(fn_size, "size", "(J)J");
    fn_close j_close = NATIVE(fn_close, "close", "(J)V");
    fn_remove j_remove_name = NATIVE(fn_remove, "remove", "([B)V");
    fn_map j_map = NATIVE(fn_map, "map", "(JJJI)J");
    fn_buffer j_buffer = NATIVE(fn_buffer, "buffer", "(JI)Ljava/nio/ByteBuffer;");
    fn_unmap j_unmap = NATIVE(fn_unmap, "unmap", "(JJ)V");
    fn_retire j_retire = NATIVE(fn_retire, "retire", "(JJI)V");
    fn_release j_release = NATIVE(fn_release, "release", "(JJ)V");
    fn_flush j_flush = NATIVE(fn_flush, "flush", "(JJJ)V");
    fn_open_file j_open_file = NATIVE(fn_open_file, "openFile", "([BJIII)J");

    check(j_abi_version(env, cls) == 2, "abiVersion() == 2");
    check(str_is(j_error_kind_name(env, cls, 1), "NOT_FOUND"), "errorKindName(1) == NOT_FOUND");
    check(j_error_kind_name(env, cls, 1000) == NULL, "errorKindName(1000) == null");
    check(j_map_granularity(env, cls) == 65536, "mapGranularity() == 65536");

    /* create, size, map, write, read back */
    jlong handle = j_create(env, cls, new_bytes(OBJECT_NAME), VIEW_SIZE, 0600, 0);
    e = take_exception();
    check(handle != 0 && e == NULL, "create(\"" OBJECT_NAME "\", 65536)");
    if (handle == 0) {
        return;
    }
    check(j_size(env, cls, handle) == VIEW_SIZE && take_exception() == NULL, "size() == 65536");

    jlong again = j_create(env, cls, new_bytes(OBJECT_NAME), VIEW_SIZE, 0600, 0);
    e = take_exception();
    check(again == 0 && e != NULL && e->type == T_EXCEPTION && e->kind == 2 && e->code == 183
              && str_is(e->code_name, "ERROR_ALREADY_EXISTS")
              && str_is(e->call, "CreateFileMappingW"),
          "a second create throws ALREADY_EXISTS (183, ERROR_ALREADY_EXISTS, CreateFileMappingW)");

    jlong address = j_map(env, cls, handle, 0, VIEW_SIZE, 1);
    e = take_exception();
    check(address != 0 && e == NULL, "map(0, 65536, READ_WRITE)");
    if (address != 0) {
        unsigned char *p = (unsigned char *)(intptr_t)address;
        int zero = p[0] == 0 && p[VIEW_SIZE - 1] == 0;
        memcpy(p, "shm4j", 6);
        p[VIEW_SIZE - 1] = 0xA5;
        check(zero && strcmp((const char *)p, "shm4j") == 0 && p[VIEW_SIZE - 1] == 0xA5,
              "write and read back through the address");

        jobject buf = j_buffer(env, cls, address, VIEW_SIZE);
        check(buf != NULL && buf->type == T_BUFFER && buf->address == (void *)p
                  && buf->capacity == VIEW_SIZE && take_exception() == NULL,
              "buffer() wraps the view's address and capacity");

        /* a second handle on the same name sees the bytes */
        jlong reader = j_open(env, cls, new_bytes(OBJECT_NAME), 0);
        e = take_exception();
        check(reader != 0 && e == NULL, "open(name, READ_ONLY)");
        if (reader != 0) {
            jlong raddr = j_map(env, cls, reader, 0, 4096, 0);
            e = take_exception();
            check(raddr != 0 && e == NULL
                      && strcmp((const char *)(intptr_t)raddr, "shm4j") == 0,
                  "a read-only view of the opened object sees the bytes");
            if (raddr != 0) {
                j_unmap(env, cls, raddr, 4096);
                check(take_exception() == NULL, "unmap the read-only view");
            }
            jlong denied = j_map(env, cls, reader, 0, 4096, 1);
            e = take_exception();
            check(denied == 0 && e != NULL && e->kind == 3 && e->code == 5
                      && str_is(e->code_name, "ERROR_ACCESS_DENIED"),
                  "a read-write view of a read-only handle throws ACCESS_DENIED");
            j_close(env, cls, reader);
            check(take_exception() == NULL, "close the second handle");
        }

        j_flush(env, cls, handle, address, VIEW_SIZE);
        check(take_exception() == NULL, "flush a paging-file view");

        j_unmap(env, cls, address, VIEW_SIZE);
        check(take_exception() == NULL, "unmap(address, 65536)");
    }

    jlong misaligned = j_map(env, cls, handle, 4096, 4096, 1);
    e = take_exception();
    check(misaligned == 0 && e != NULL && e->kind == 4 && e->code == 0
              && str_is(e->code_name, ""),
          "a misaligned offset throws INVALID_ARGUMENT with code 0 and no code name");

    /* retire / release */
    address = j_map(env, cls, handle, 0, VIEW_SIZE, 1);
    check(address != 0 && take_exception() == NULL, "map again for retire");
    if (address != 0) {
        unsigned char *p = (unsigned char *)(intptr_t)address;
        j_retire(env, cls, address, VIEW_SIZE, 1);
        e = take_exception();
        check(e == NULL && p[0] == 0, "retire() leaves zero-filled memory in place");
        if (e == NULL) {
            p[0] = 1; /* must not fault */
            j_release(env, cls, address, VIEW_SIZE);
            check(take_exception() == NULL, "release() frees the placeholder");
        }
    }

    jlong still = j_open(env, cls, new_bytes(OBJECT_NAME), 0);
    check(still != 0 && take_exception() == NULL, "the name still opens while a handle holds it");
    if (still != 0) {
        j_close(env, cls, still);
        check(take_exception() == NULL, "close the third handle");
    }
    j_remove_name(env, cls, new_bytes(OBJECT_NAME));
    check(take_exception() == NULL, "remove() is a no-op on Windows");
    j_close(env, cls, handle);
    check(take_exception() == NULL, "close(handle)");

    /* handles the glue never handed out, or no longer holds */
    j_close(env, cls, handle);
    e = take_exception();
    check(e != NULL && e->kind == 4, "close of a closed handle throws INVALID_ARGUMENT");
    j_close(env, cls, 0);
    e = take_exception();
    check(e != NULL && e->kind == 4, "close(0) throws INVALID_ARGUMENT");
    check(j_size(env, cls, (jlong)0x1234567800000001LL) == 0 && (e = take_exception()) != NULL
              && e->kind == 4,
          "size() of a forged handle throws INVALID_ARGUMENT");

    /* a missing name */
    jlong missing = j_open(env, cls, new_bytes(MISSING_NAME), 0);
    e = take_exception();
    snprintf(line, sizeof line, "open of a missing name throws NativeException(NOT_FOUND, 2, "
             "ERROR_FILE_NOT_FOUND, OpenFileMappingW, text)");
    check(missing == 0 && e != NULL && e->type == T_EXCEPTION && e->kind == 1 && e->code == 2
              && str_is(e->code_name, "ERROR_FILE_NOT_FOUND")
              && str_is(e->call, "OpenFileMappingW") && str(e->message) != NULL
              && str(e->message)[0] != '\0',
          line);

    check(ctor_requested, "the NativeException constructor is looked up when an error is thrown");

    /* an argument the glue itself refuses */
    jlong bad = j_create(env, cls, new_bytes(OBJECT_NAME), 0, 0600, 0);
    e = take_exception();
    check(bad == 0 && e != NULL && e->kind == 4, "create with size 0 throws INVALID_ARGUMENT");

    /* a regular file mapped as an object: created, written, forced, opened again */
    DeleteFileA(FILE_NAME);
    jlong file = j_open_file(env, cls, new_bytes(FILE_NAME), 8192, 1, 0600, 1);
    e = take_exception();
    check(file != 0 && e == NULL, "openFile(new file, 8192, READ_WRITE, FILE_CREATE)");
    if (file != 0) {
        check(j_size(env, cls, file) == 8192 && take_exception() == NULL, "the new file's size() == 8192");
        jlong faddr = j_map(env, cls, file, 0, 8192, 1);
        check(faddr != 0 && take_exception() == NULL, "map the file");
        if (faddr != 0) {
            memcpy((void *)(intptr_t)(faddr + 4096), "on disk", 8);
            j_flush(env, cls, file, faddr, 8192);
            check(take_exception() == NULL, "flush the file's view");
            j_unmap(env, cls, faddr, 8192);
            check(take_exception() == NULL, "unmap the file's view");
        }
        j_close(env, cls, file);
        check(take_exception() == NULL, "close the file");
    }
    {
        char content[16] = {0};
        DWORD got = 0;
        HANDLE h = CreateFileA(FILE_NAME, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                               OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
        int ok = h != INVALID_HANDLE_VALUE && SetFilePointer(h, 4096, NULL, FILE_BEGIN) == 4096
                 && ReadFile(h, content, 8, &got, NULL) && got == 8 && strcmp(content, "on disk") == 0
                 && GetFileSize(h, NULL) == 8192;
        if (h != INVALID_HANDLE_VALUE) {
            CloseHandle(h);
        }
        check(ok, "the file holds 8192 bytes and what the view wrote");
    }
    jlong ro = j_open_file(env, cls, new_bytes(FILE_NAME), 0, 0, 0600, 0);
    check(ro != 0 && take_exception() == NULL, "openFile(existing file, size 0, READ_ONLY)");
    if (ro != 0) {
        check(j_size(env, cls, ro) == 8192 && take_exception() == NULL, "size 0 keeps the file's size");
        j_close(env, cls, ro);
        check(take_exception() == NULL, "close the read-only file");
    }
    DeleteFileA(FILE_NAME);
    jlong nofile = j_open_file(env, cls, new_bytes(FILE_NAME), 8192, 0, 0600, 0);
    e = take_exception();
    check(nofile == 0 && e != NULL && e->kind == 1 && e->code == 2 && str_is(e->code_name, "ERROR_FILE_NOT_FOUND"),
          "openFile of a missing file, read-only, throws NOT_FOUND (2, ERROR_FILE_NOT_FOUND)");
    check(GetFileAttributesA(FILE_NAME) == INVALID_FILE_ATTRIBUTES, "and creates no file");

    run_sync(env);
    run_barrier(env);

    on_unload(vm, NULL);
    check(global_refs == 0, "the library keeps no global reference (its class loader can unload)");
    check(unexpected == 0, "no unexpected JNI calls");
}

int main(int argc, char **argv) {
    static struct JNINativeInterface_ fns;
    static struct JNIInvokeInterface_ vmf;
    WCHAR path[MAX_PATH * 4];
    HMODULE dll;
    JavaVM vm;

    if (argc != 2) {
        fprintf(stderr, "usage: jni_host PATH\\TO\\shm4j.dll\n");
        return 2;
    }
    if (MultiByteToWideChar(CP_ACP, 0, argv[1], -1, path, (int)(sizeof path / sizeof path[0]))
        == 0) {
        fprintf(stderr, "jni_host: bad path %s\n", argv[1]);
        return 2;
    }
    init_fake_jvm(&fns, &vmf);
    vm = vm_functions_ptr;

    dll = LoadLibraryW(path);
    check(dll != NULL, "LoadLibraryW(shm4j.dll)");
    if (dll == NULL) {
        printf("     error %lu loading %s\n", (unsigned long)GetLastError(), argv[1]);
    } else {
        run(&vm, dll);
        FreeLibrary(dll);
    }
    free_objects();
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
