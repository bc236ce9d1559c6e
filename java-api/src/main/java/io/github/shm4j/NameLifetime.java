/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

/**
 * How long the name of a new object lives on POSIX systems, chosen by its creator
 * ({@link CreateOptions#withLifetime(NameLifetime)}). On Windows a name always lives
 * as {@link #HELD}: the OS frees it with the last handle to the object.
 *
 * <p>A constant, safe to use from any thread and to compare across processes'
 * choices: the lifetime is a property of the object, seen by every process.
 */
public enum NameLifetime {
    /**
     * Like Windows, the default: the name lives while any shm4j process has the
     * object open. The last one to close it removes the name; when every holder has
     * died ({@code kill -9}, a crash), the name is stale: {@code open} reports
     * {@link NotFoundException}, {@code create} and {@code openOrCreate} replace it
     * with a new object. Processes that still map the old object keep it.
     *
     * <p>How it works, for C, C++ and Python peers: such an object carries the
     * sticky bit ({@code S_ISVTX}, meaningless on a file) in its mode, and each
     * holder keeps a shared {@code flock(2)} on it. A peer that takes
     * {@code flock(fd, LOCK_SH)} while it uses the object counts as a holder; one
     * that does not is invisible: once the shm4j processes are gone, the name may be
     * removed under it (the peer keeps its mapping).
     */
    HELD,

    /**
     * Like any POSIX object, and like objects made by C ({@code shm_open}) or
     * Python: the name lives until {@link SharedMemory#remove(String)} (or a reboot),
     * whoever closes or dies; {@code create} fails with
     * {@link AlreadyExistsException} while it exists. The strict behaviour, for names
     * that must survive their creator.
     */
    PERSISTENT
}
