/*
 * platform_test.c - tests of the platform layer (shm_platform.h) through its own C
 * interface: the same file runs natively on Linux and cross-built under Wine.
 */
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
    CHECK(shm_remove(name, &err) == SHM_OK, "remove name");
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

/* A creator that closes late must not remove a newer object that took its name. */
static void test_remove_if_same(void) {
    char name[128];
    test_name(name, sizeof name, "same");
    shm_error err;
    shm_object *old_obj = NULL;
    if (shm_create(name, 4096, SHM_DEFAULT_PERM, 0, &old_obj, &err) != SHM_OK) {
        CHECK(0, "create for remove_if_same");
        return;
    }
#ifdef _WIN32
    CHECK(shm_remove_if_same(old_obj, name, &err) == SHM_OK, "remove_if_same is a no-op on Windows");
#else
    shm_object *new_obj = NULL, *probe = NULL;
    CHECK(shm_remove(name, &err) == SHM_OK, "somebody removes the name");
    int rc = shm_create(name, 4096, SHM_DEFAULT_PERM, 0, &new_obj, &err);
    CHECK_ERROR(rc, SHM_OK, err, "a new object takes the name");
    rc = shm_remove_if_same(old_obj, name, &err);
    CHECK_ERROR(rc, SHM_ERR_NOT_FOUND, err, "the old creator does not remove the new object's name");
    rc = shm_open_existing(name, SHM_READ_ONLY, &probe, &err);
    CHECK_ERROR(rc, SHM_OK, err, "the new object is still there by name");
    if (rc == SHM_OK) {
        shm_close(probe, &err);
    }
    if (new_obj != NULL) {
        rc = shm_remove_if_same(new_obj, name, &err);
        CHECK_ERROR(rc, SHM_OK, err, "the new object's creator removes its own name");
        rc = shm_open_existing(name, SHM_READ_ONLY, &probe, &err);
        CHECK_ERROR(rc, SHM_ERR_NOT_FOUND, err, "and then it is gone");
        shm_close(new_obj, &err);
    }
    rc = shm_remove_if_same(old_obj, name, &err);
    CHECK_ERROR(rc, SHM_ERR_NOT_FOUND, err, "a name nobody has is not found");
#endif
    shm_close(old_obj, &err);
}

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

int main(int argc, char **argv) {
    test_lifecycle();
    test_errors();
    test_remove_if_same();
    test_retire();
    test_file(argc > 1 ? argv[1] : ".");
    return test_finish("platform_test");
}
