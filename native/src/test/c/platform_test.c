/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * platform_test.c - tests of the platform layer (shm_platform.h) through its own C
 * interface: the same file runs natively on Linux and cross-built under Wine.
 */
#ifndef _WIN32
#define _POSIX_C_SOURCE 200809L /* ftruncate, mkfifo under -std=c11 */
#endif
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "shm_test.h"

#define SIZE (256u * 1024u)

static void test_lifecycle(void) {
    char name[128];
    test_name(name, sizeof name, "life");
    shm_error err;
    shm_object *creator = NULL, *reader = NULL;
    int rc = shm_create(name, SIZE, SHM_DEFAULT_PERM, 0, &creator, &err);
    CHECK_ERROR(rc, SHM_OK, err, "create");
    if (rc != SHM_OK) {
        return;
    }
    uint64_t size = 0;
    CHECK(shm_object_size(creator, &size, &err) == SHM_OK && size == SIZE, "size of a new object");

    void *w = NULL;
    rc = shm_map(creator, 0, SIZE, SHM_READ_WRITE, &w, &err);
    CHECK_ERROR(rc, SHM_OK, err, "map read-write");
    if (rc == SHM_OK) {
        unsigned char *p = w;
        CHECK(p[0] == 0 && p[SIZE - 1] == 0, "a new object is zero-filled");
        memcpy(p, "hello", 6);
        p[SIZE - 1] = 0x5A;
    }

    rc = shm_open_existing(name, SHM_READ_ONLY, &reader, &err);
    CHECK_ERROR(rc, SHM_OK, err, "open existing read-only");
    if (rc == SHM_OK) {
        CHECK(shm_object_size(reader, &size, &err) == SHM_OK && size == SIZE, "size seen by opener");
        size_t g = shm_map_granularity();
        void *r = NULL;
        rc = shm_map(reader, g, SIZE - g, SHM_READ_ONLY, &r, &err);
        CHECK_ERROR(rc, SHM_OK, err, "map read-only at an aligned offset");
        if (rc == SHM_OK) {
            CHECK(((unsigned char *)r)[SIZE - g - 1] == 0x5A, "reader sees the writer's last byte");
            CHECK(shm_unmap(r, SIZE - g, &err) == SHM_OK, "unmap reader view");
        }
        rc = shm_map(reader, 0, 4096, SHM_READ_ONLY, &r, &err);
        if (rc == SHM_OK) {
            CHECK(strcmp((const char *)r, "hello") == 0, "reader sees the writer's bytes");
            shm_unmap(r, 4096, &err);
        }
        void *cow = NULL;
        rc = shm_map(reader, 0, 4096, SHM_COPY_ON_WRITE, &cow, &err);
        CHECK_ERROR(rc, SHM_OK, err, "copy-on-write view of a read-only object");
        if (rc == SHM_OK) {
            memcpy(cow, "HELLO", 5);
            CHECK(memcmp(w, "hello", 5) == 0, "a copy-on-write write stays private");
            CHECK(shm_unmap(cow, 4096, &err) == SHM_OK, "unmap copy-on-write view");
        }
        CHECK(shm_close(reader, &err) == SHM_OK, "close reader");
    }
    if (w != NULL) {
        CHECK(shm_unmap(w, SIZE, &err) == SHM_OK, "unmap writer view");
    }
    CHECK(shm_close(creator, &err) == SHM_OK, "close creator");
#ifndef _WIN32
    rc = shm_open_existing(name, SHM_READ_ONLY, &reader, &err);
    CHECK_ERROR(rc, SHM_ERR_NOT_FOUND, err, "a removed name is gone");
#endif
}

static void test_errors(void) {
    char name[128];
    shm_error err;
    shm_object *obj = NULL, *other = NULL;
    int rc;

    test_name(name, sizeof name, "missing");
    rc = shm_open_existing(name, SHM_READ_ONLY, &obj, &err);
    CHECK_ERROR(rc, SHM_ERR_NOT_FOUND, err, "open of a missing name");
    CHECK(err.code != 0 && shm_os_code_name(err.code) != NULL, "missing name carries a known OS code");

    test_name(name, sizeof name, "zero");
    rc = shm_create(name, 0, SHM_DEFAULT_PERM, 0, &obj, &err);
    CHECK_ERROR(rc, SHM_ERR_INVALID_ARGUMENT, err, "create with size 0");

    test_name(name, sizeof name, "errs");
    rc = shm_create(name, SIZE, SHM_DEFAULT_PERM, 0, &obj, &err);
    CHECK_ERROR(rc, SHM_OK, err, "create");
    if (rc != SHM_OK) {
        return;
    }
    rc = shm_create(name, SIZE, SHM_DEFAULT_PERM, 0, &other, &err);
    CHECK_ERROR(rc, SHM_ERR_ALREADY_EXISTS, err, "create of an existing name");

    void *p = NULL;
    size_t g = shm_map_granularity();
    rc = shm_map(obj, SIZE, 4096, SHM_READ_WRITE, &p, &err);
    CHECK_ERROR(rc, SHM_ERR_INVALID_ARGUMENT, err, "map at the end of the object");
    rc = shm_map(obj, 0, SIZE + 1, SHM_READ_WRITE, &p, &err);
    CHECK_ERROR(rc, SHM_ERR_INVALID_ARGUMENT, err, "map one byte past the end");
    rc = shm_map(obj, (uint64_t)1 << 40, 4096, SHM_READ_WRITE, &p, &err);
    CHECK_ERROR(rc, SHM_ERR_INVALID_ARGUMENT, err, "map far past the end");
    rc = shm_map(obj, g / 2, 16, SHM_READ_WRITE, &p, &err);
    CHECK_ERROR(rc, SHM_ERR_INVALID_ARGUMENT, err, "map at a misaligned offset");
    rc = shm_map(obj, 0, 0, SHM_READ_WRITE, &p, &err);
    CHECK_ERROR(rc, SHM_ERR_INVALID_ARGUMENT, err, "map of length 0");
    /* Values are checked by the platform layer, alike on both platforms
     * (shm_platform.h, "Who checks what"). */
    rc = shm_map(obj, 0, 4096, (shm_access)7, &p, &err);
    CHECK_ERROR(rc, SHM_ERR_INVALID_ARGUMENT, err, "map with an unknown access mode");
    rc = shm_open_existing(name, (shm_access)7, &other, &err);
    CHECK_ERROR(rc, SHM_ERR_INVALID_ARGUMENT, err, "open with an unknown access mode");
    rc = shm_map(obj, 0, 4096, SHM_READ_WRITE, &p, &err);
    CHECK_ERROR(rc, SHM_OK, err, "map a view");
    if (rc == SHM_OK) {
        rc = shm_flush(obj, p, 0, &err);
        CHECK_ERROR(rc, SHM_ERR_INVALID_ARGUMENT, err, "flush of length 0");
        rc = shm_retire(p, 4096, (shm_access)7, &err);
        CHECK_ERROR(rc, SHM_ERR_INVALID_ARGUMENT, err, "retire with an unknown access mode");
        rc = shm_unmap(p, 0, &err);
        CHECK_ERROR(rc, SHM_ERR_INVALID_ARGUMENT, err, "unmap of length 0");
        CHECK(shm_unmap(p, 4096, &err) == SHM_OK, "unmap the view");
    }

    rc = shm_open_existing(name, SHM_READ_ONLY, &other, &err);
    CHECK_ERROR(rc, SHM_OK, err, "open read-only");
    if (rc == SHM_OK) {
        rc = shm_map(other, 0, 4096, SHM_READ_WRITE, &p, &err);
        CHECK_ERROR(rc, SHM_ERR_ACCESS_DENIED, err, "read-write view of a read-only object is refused");
        shm_close(other, &err);
    }
    shm_close(obj, &err);
    shm_remove(name, &err);
}

/* Held names (shm_platform.h, "Name lifetime"): the last holder's close removes the
 * name, never a newer object's; a name whose holders all died is stale. */
static int exists(const char *name) {
    shm_error err;
    shm_object *probe = NULL;
    int rc = shm_open_existing(name, SHM_READ_ONLY, &probe, &err);
    if (rc == SHM_OK) {
        shm_close(probe, &err);
    }
    return rc == SHM_OK;
}

static void test_held_names(void) {
    char name[128];
    test_name(name, sizeof name, "held");
    shm_error err;
    shm_object *creator = NULL, *reader = NULL, *newer = NULL;
    int rc = shm_create(name, 4096, SHM_DEFAULT_PERM, 0, &creator, &err);
    CHECK_ERROR(rc, SHM_OK, err, "create a held object");
    if (rc != SHM_OK) {
        return;
    }
    rc = shm_open_existing(name, SHM_READ_ONLY, &reader, &err);
    CHECK_ERROR(rc, SHM_OK, err, "a reader joins the holders");
    rc = shm_create(name, 4096, SHM_DEFAULT_PERM, 0, &newer, &err);
    CHECK_ERROR(rc, SHM_ERR_ALREADY_EXISTS, err, "a held name is taken while its holders live");
    CHECK(shm_close(creator, &err) == SHM_OK, "the creator closes first");
    CHECK(exists(name), "the name lives while a reader holds it (Windows semantics)");
    if (reader != NULL) {
        CHECK(shm_close(reader, &err) == SHM_OK, "the last holder closes");
    }
#ifdef _WIN32
    CHECK(!exists(name), "the name is gone with the last handle");
#else
    CHECK(!exists(name), "the last holder's close removes the name");

    /* A late close does not remove a newer object that took the name. */
    shm_object *old_obj = NULL;
    rc = shm_create(name, 4096, SHM_DEFAULT_PERM, 0, &old_obj, &err);
    CHECK_ERROR(rc, SHM_OK, err, "create again");
    CHECK(shm_remove(name, &err) == SHM_OK, "somebody removes the name");
    rc = shm_create(name, 4096, SHM_DEFAULT_PERM, 0, &newer, &err);
    CHECK_ERROR(rc, SHM_OK, err, "a new object takes the name");
    if (old_obj != NULL) {
        shm_close(old_obj, &err);
    }
    CHECK(exists(name), "the old object's close leaves the new object's name");
    if (newer != NULL) {
        shm_close(newer, &err);
    }
    CHECK(!exists(name), "and the new object's own close removes it");

    /* Persistent names behave like any POSIX object. */
    shm_object *persistent = NULL;
    rc = shm_create(name, 4096, SHM_DEFAULT_PERM, SHM_CREATE_PERSISTENT, &persistent, &err);
    CHECK_ERROR(rc, SHM_OK, err, "create a persistent object");
    if (persistent != NULL) {
        shm_close(persistent, &err);
    }
    CHECK(exists(name), "a persistent name outlives its creator's close");
    CHECK(shm_remove(name, &err) == SHM_OK && !exists(name), "until it is removed");
#endif
}

#ifndef _WIN32
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>

/* A child creates a held object and dies without closing it. */
static void create_and_die(const char *name, int flags) {
    pid_t pid = fork();
    if (pid == 0) {
        shm_error err;
        shm_object *obj = NULL;
        _exit(shm_create(name, 4096, SHM_DEFAULT_PERM, flags, &obj, &err) == SHM_OK ? 0 : 1);
    }
    int status = 0;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
              WEXITSTATUS(status) == 0,
          "a child creates an object and exits without closing it");
}

static void test_stale_names(void) {
    char name[128], path[160];
    test_name(name, sizeof name, "stale");
    snprintf(path, sizeof path, "/dev/shm%s", name);
    shm_error err;
    shm_object *obj = NULL;

    create_and_die(name, 0);
    CHECK(access(path, F_OK) == 0, "a dead creator leaves its name behind");
    int rc = shm_open_existing(name, SHM_READ_ONLY, &obj, &err);
    CHECK_ERROR(rc, SHM_ERR_NOT_FOUND, err, "open of a stale name: not found, as on Windows");
    CHECK(access(path, F_OK) != 0, "and the stale name is gone");

    create_and_die(name, 0);
    rc = shm_create(name, 8192, SHM_DEFAULT_PERM, 0, &obj, &err);
    CHECK_ERROR(rc, SHM_OK, err, "create replaces a stale name");
    if (rc == SHM_OK) {
        uint64_t size = 0;
        CHECK(shm_object_size(obj, &size, &err) == SHM_OK && size == 8192, "with a new object");
        shm_close(obj, &err);
    }

    create_and_die(name, SHM_CREATE_PERSISTENT);
    rc = shm_create(name, 4096, SHM_DEFAULT_PERM, 0, &obj, &err);
    CHECK_ERROR(rc, SHM_ERR_ALREADY_EXISTS, err, "a persistent name is never stale");
    rc = shm_open_existing(name, SHM_READ_ONLY, &obj, &err);
    CHECK_ERROR(rc, SHM_OK, err, "and opens after its creator died");
    if (rc == SHM_OK) {
        shm_close(obj, &err);
    }
    shm_remove(name, &err);

    /* A foreign sparse object (C shm_open + ftruncate): READ_WRITE reserves its holes. */
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
    CHECK(fd >= 0 && ftruncate(fd, 1 << 20) == 0, "a foreign sparse object");
    struct stat st;
    rc = shm_open_existing(name, SHM_READ_WRITE, &obj, &err);
    CHECK_ERROR(rc, SHM_OK, err, "open a foreign object read-write");
    CHECK(fd >= 0 && fstat(fd, &st) == 0 && st.st_blocks * 512 >= (1 << 20),
          "opening it read-write reserved its holes");
    if (rc == SHM_OK) {
        shm_close(obj, &err);
    }
    CHECK(access(path, F_OK) == 0, "a foreign object's name is never removed implicitly");
    if (fd >= 0) {
        close(fd);
    }
    unlink(path);

    CHECK(mkfifo(path, 0600) == 0, "a FIFO under the name");
    rc = shm_open_existing(name, SHM_READ_ONLY, &obj, &err);
    CHECK_ERROR(rc, SHM_ERR_WRONG_TYPE, err, "a FIFO is not a shared memory object");
    unlink(path);
}

/* Two creators race for a stale name, many times: at most one wins each round, and
 * while a winner holds the name, the name leads to the winner's object. */
static int race_for(const char *name) {
    shm_error err;
    shm_object *obj = NULL;
    int rc = shm_create(name, 4096, SHM_DEFAULT_PERM, 0, &obj, &err);
    if (rc == SHM_ERR_ALREADY_EXISTS) {
        return 2;
    }
    if (rc != SHM_OK) {
        return 1;
    }
    void *p = NULL;
    int ok = shm_map(obj, 0, 4096, SHM_READ_WRITE, &p, &err) == SHM_OK;
    if (ok) {
        *(volatile pid_t *)p = getpid();
    }
    for (int i = 0; ok && i < 20; i++) { /* the name must stay ours while we hold it */
        shm_object *probe = NULL;
        void *q = NULL;
        ok = shm_open_existing(name, SHM_READ_ONLY, &probe, &err) == SHM_OK &&
             shm_map(probe, 0, 4096, SHM_READ_ONLY, &q, &err) == SHM_OK &&
             *(volatile pid_t *)q == getpid();
        if (q != NULL) {
            shm_unmap(q, 4096, &err);
        }
        if (probe != NULL) {
            shm_close(probe, &err);
        }
    }
    if (p != NULL) {
        shm_unmap(p, 4096, &err);
    }
    shm_close(obj, &err);
    return ok ? 0 : 3;
}

static void test_stale_name_races(void) {
    char name[128];
    test_name(name, sizeof name, "stale-race");
    int lost = 0, wins = 0, rounds = 200;
    for (int round = 0; round < rounds; round++) {
        create_and_die(name, 0); /* a stale name to fight over */
        pid_t racers[2];
        for (int r = 0; r < 2; r++) {
            racers[r] = fork();
            if (racers[r] == 0) {
                _exit(race_for(name));
            }
        }
        for (int r = 0; r < 2; r++) {
            int status = 0;
            if (racers[r] < 0 || waitpid(racers[r], &status, 0) != racers[r] || !WIFEXITED(status)) {
                lost++;
            } else if (WEXITSTATUS(status) == 0) {
                wins++;
            } else if (WEXITSTATUS(status) != 2) {
                lost++;
            }
        }
    }
    CHECK(lost == 0, "racing creators never took a live object's name, nor failed otherwise");
    CHECK(wins >= rounds, "every round had a winner");
    shm_error err;
    shm_remove(name, &err);
}

#endif

static void test_retire(void) {
    char name[128];
    test_name(name, sizeof name, "retire");
    shm_error err;
    shm_object *obj = NULL;
    if (shm_create(name, SIZE, SHM_DEFAULT_PERM, 0, &obj, &err) != SHM_OK) {
        CHECK(0, "create for retire");
        return;
    }
    void *a = NULL, *b = NULL;
    int ok = shm_map(obj, 0, SIZE, SHM_READ_WRITE, &a, &err) == SHM_OK &&
             shm_map(obj, 0, SIZE, SHM_READ_ONLY, &b, &err) == SHM_OK;
    CHECK(ok, "two views of one object");
    if (ok) {
        memset(a, 0x11, 64);
        int rc = shm_retire(a, SIZE, SHM_READ_WRITE, &err);
        CHECK_ERROR(rc, SHM_OK, err, "retire a view");
        if (rc == SHM_OK) {
            unsigned char *stale = a;
            CHECK(stale[0] == 0 && stale[SIZE - 1] == 0, "a retired view reads zeros");
            stale[0] = 0x22; /* must neither fault nor reach the object */
            CHECK(((unsigned char *)b)[0] == 0x11, "a write through a retired view stays private");
            CHECK(shm_release(a, SIZE, &err) == SHM_OK, "release the placeholder");
        }
        shm_unmap(b, SIZE, &err);
    }
    shm_close(obj, &err);
    shm_remove(name, &err);
}

static void test_file(const char *dir) {
    char path[512];
    snprintf(path, sizeof path, "%s/shm4j-test-%lu.bin", dir, TEST_PID());
    remove(path);
    shm_error err;
    shm_object *obj = NULL;
    int rc = shm_open_file(path, 8192, SHM_READ_WRITE, SHM_DEFAULT_PERM, 0, &obj, &err);
    CHECK_ERROR(rc, SHM_ERR_NOT_FOUND, err, "a missing file is not created without FILE_CREATE");
    rc = shm_open_file(path, 8192, SHM_READ_WRITE, SHM_DEFAULT_PERM, 0x100, &obj, &err);
    CHECK_ERROR(rc, SHM_ERR_INVALID_ARGUMENT, err, "unknown flags are refused");
    rc = shm_open_file(path, 8192, (shm_access)7, SHM_DEFAULT_PERM, SHM_FILE_CREATE, &obj, &err);
    CHECK_ERROR(rc, SHM_ERR_INVALID_ARGUMENT, err, "an unknown access mode is refused");
    rc = shm_open_file(path, 8192, SHM_READ_WRITE, SHM_DEFAULT_PERM, SHM_FILE_CREATE, &obj, &err);
    CHECK_ERROR(rc, SHM_OK, err, "create a file-backed object");
    if (rc != SHM_OK) {
        return;
    }
    uint64_t size = 0;
    CHECK(shm_object_size(obj, &size, &err) == SHM_OK && size >= 8192, "the file was extended");
    void *p = NULL;
    if (shm_map(obj, 0, 8192, SHM_READ_WRITE, &p, &err) == SHM_OK) {
        memcpy(p, "persisted", 10);
        CHECK(shm_flush(obj, p, 8192, &err) == SHM_OK, "flush a file view");
        shm_unmap(p, 8192, &err);
    }
    shm_close(obj, &err);

    FILE *f = fopen(path, "rb");
    char buf[10] = {0};
    CHECK(f != NULL && fread(buf, 1, 10, f) == 10 && strcmp(buf, "persisted") == 0,
          "the file holds what the view wrote");
    if (f != NULL) {
        fclose(f);
    }
    rc = shm_open_file(path, 0, SHM_READ_ONLY, SHM_DEFAULT_PERM, 0, &obj, &err);
    CHECK_ERROR(rc, SHM_OK, err, "reopen the file read-only keeping its size");
    if (rc == SHM_OK) {
        if (shm_map(obj, 0, 10, SHM_READ_ONLY, &p, &err) == SHM_OK) {
            CHECK(strcmp(p, "persisted") == 0, "the content survives reopening");
            shm_unmap(p, 10, &err);
        }
        shm_close(obj, &err);
    }
    rc = shm_open_file(path, 1u << 20, SHM_READ_ONLY, SHM_DEFAULT_PERM, 0, &obj, &err);
    CHECK_ERROR(rc, SHM_ERR_INVALID_ARGUMENT, err, "a read-only file cannot grow to a larger size");
    f = fopen(path, "wb"); /* now empty */
    if (f != NULL) {
        fclose(f);
    }
    rc = shm_open_file(path, 0, SHM_READ_WRITE, SHM_DEFAULT_PERM, 0, &obj, &err);
    CHECK_ERROR(rc, SHM_ERR_INVALID_ARGUMENT, err, "an empty file without a size cannot be mapped");
    remove(path);
}

/* Both platforms: a call that fails leaves no file it created behind. */
static void test_refused_file_is_not_left(const char *dir) {
    char path[512];
    snprintf(path, sizeof path, "%s/shm4j-test-%lu-refused.bin", dir, TEST_PID());
    remove(path);
    shm_error err;
    shm_object *obj = NULL;
    int rc = shm_open_file(path, 0, SHM_READ_WRITE, SHM_DEFAULT_PERM, SHM_FILE_CREATE, &obj, &err);
    CHECK_ERROR(rc, SHM_ERR_INVALID_ARGUMENT, err, "a new file of size 0 is refused");
    FILE *left = fopen(path, "rb");
    CHECK(left == NULL, "and the refused call leaves no empty file behind");
    if (left != NULL) {
        fclose(left);
        remove(path);
    }
}

int main(int argc, char **argv) {
    test_lifecycle();
    test_errors();
    test_held_names();
    test_retire();
    test_file(argc > 1 ? argv[1] : ".");
    test_refused_file_is_not_left(argc > 1 ? argv[1] : ".");
#ifndef _WIN32
    test_stale_names();
    test_stale_name_races();
#endif
    return test_finish("platform_test");
}
