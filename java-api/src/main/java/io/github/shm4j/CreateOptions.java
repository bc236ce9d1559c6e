/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How {@link SharedMemory#create(String, long, CreateOptions)} makes a new object.
 * Immutable: each {@code with…} method returns a new instance, so instances are
 * safe to share across threads.
 *
 * <p>The defaults are the secure and Windows-like ones: owner-only permissions
 * ({@code rw-------}), the name removed when the creator closes the object, and an
 * existing name never replaced.
 *
 * <p>Across processes, the options shape only the creation: the permissions decide
 * which other users' processes may open the object, and the lifetime options decide
 * when its name disappears for everyone.
 */
public final class CreateOptions {
    private static final CreateOptions DEFAULTS =
            new CreateOptions(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), true, false);

    private final Set<PosixFilePermission> permissions;
    private final boolean removeOnClose;
    private final boolean replaceStale;

    private CreateOptions(Set<PosixFilePermission> permissions, boolean removeOnClose, boolean replaceStale) {
        this.permissions = Set.copyOf(permissions);
        this.removeOnClose = removeOnClose;
        this.replaceStale = replaceStale;
    }

    /** Owner-only, removed on close, never replacing. */
    public static CreateOptions defaults() {
        return DEFAULTS;
    }

    /**
     * POSIX permissions of the new object, e.g. {@code PosixFilePermissions.fromString("rw-rw----")}
     * to share it with the owner's group. Applied exactly, whatever the process's umask.
     * Ignored on Windows, where the default security descriptor of the session applies.
     */
    public CreateOptions withPermissions(Set<PosixFilePermission> permissions) {
        Objects.requireNonNull(permissions, "permissions");
        return new CreateOptions(permissions, removeOnClose, replaceStale);
    }

    /**
     * Whether the creator's {@link SharedMemory#close()} removes the name (default
     * {@code true}), as Windows does when the last handle closes; a name that meanwhile
     * belongs to a newer object (after a {@link SharedMemory#remove(String)} and a new
     * create) is left to it. With {@code false}
     * the POSIX object outlives its creator until {@link SharedMemory#remove(String)}
     * or a reboot. Processes that still have it open or mapped keep it either way.
     * Windows always frees the name with its last handle.
     */
    public CreateOptions withRemoveOnClose(boolean removeOnClose) {
        return new CreateOptions(permissions, removeOnClose, replaceStale);
    }

    /**
     * Whether {@code create} may replace a name whose shm4j creator died without
     * closing it (default {@code false}). A live shm4j creator holds a lock on its
     * object; when nobody holds it, the stale name is removed and a fresh object
     * created, while processes that still map the old object keep reading it. An
     * object made by another program (C, Python) holds no such lock and counts as
     * stale: turn this on only for names your application owns. No effect on
     * Windows, where a name never outlives its last handle.
     */
    public CreateOptions withReplaceStale(boolean replaceStale) {
        return new CreateOptions(permissions, removeOnClose, replaceStale);
    }

    /** The POSIX permissions of new objects. */
    public Set<PosixFilePermission> permissions() {
        return permissions;
    }

    /** Whether closing the creator removes the name. */
    public boolean removeOnClose() {
        return removeOnClose;
    }

    /** Whether a stale name may be replaced. */
    public boolean replaceStale() {
        return replaceStale;
    }

    /** The permissions as the octal mode bits the native layer takes. */
    int mode() {
        int mode = 0;
        for (PosixFilePermission p : permissions) {
            mode |= 0400 >> p.ordinal(); // OWNER_READ = 0 … OTHERS_EXECUTE = 8
        }
        return mode;
    }

    @Override
    public String toString() {
        return "CreateOptions[permissions=" + java.nio.file.attribute.PosixFilePermissions.toString(permissions)
                + ", removeOnClose=" + removeOnClose + ", replaceStale=" + replaceStale + "]";
    }
}
