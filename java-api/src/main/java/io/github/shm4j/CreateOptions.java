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
 * ({@code rw-------}) and a {@linkplain NameLifetime#HELD held} name, which lives
 * while any shm4j process has the object open and never outlives them.
 *
 * <p>Across processes, the options shape only the creation: the permissions decide
 * which other users' processes may open the object, and the lifetime decides when
 * its name disappears for everyone.
 */
public final class CreateOptions {
    private static final CreateOptions DEFAULTS = new CreateOptions(
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), NameLifetime.HELD);

    private final Set<PosixFilePermission> permissions;
    private final NameLifetime lifetime;

    private CreateOptions(Set<PosixFilePermission> permissions, NameLifetime lifetime) {
        this.permissions = Set.copyOf(permissions);
        this.lifetime = lifetime;
    }

    /**
     * Owner-only, with a {@linkplain NameLifetime#HELD held} name.
     *
     * @return the shared default options
     */
    public static CreateOptions defaults() {
        return DEFAULTS;
    }

    /**
     * POSIX permissions of the new object, e.g. {@code PosixFilePermissions.fromString("rw-rw----")}
     * to share it with the owner's group. Applied exactly, whatever the process's umask.
     * Ignored on Windows, where the default security descriptor of the session applies.
     *
     * @param permissions the permission bits to give the object; the set is copied
     * @return a copy of these options with {@code permissions}
     */
    public CreateOptions withPermissions(Set<PosixFilePermission> permissions) {
        Objects.requireNonNull(permissions, "permissions");
        return new CreateOptions(permissions, lifetime);
    }

    /**
     * How long the name lives (default {@link NameLifetime#HELD}); see {@link NameLifetime}.
     * Ignored on Windows, where a name always lives while a handle to its object does.
     *
     * @param lifetime when the object's name is removed
     * @return a copy of these options with {@code lifetime}
     */
    public CreateOptions withLifetime(NameLifetime lifetime) {
        Objects.requireNonNull(lifetime, "lifetime");
        return new CreateOptions(permissions, lifetime);
    }

    /**
     * The POSIX permissions of new objects.
     *
     * @return the permission bits, an unmodifiable set
     */
    public Set<PosixFilePermission> permissions() {
        return permissions;
    }

    /**
     * How long the name of a new object lives.
     *
     * @return the name's lifetime
     */
    public NameLifetime lifetime() {
        return lifetime;
    }

    /** The permissions as the octal mode bits the native layer takes. */
    int mode() {
        int mode = 0;
        for (PosixFilePermission p : permissions) {
            mode |= 0400 >> p.ordinal(); // OWNER_READ = 0 … OTHERS_EXECUTE = 8
        }
        return mode;
    }

    /** The native layer's flags of {@code shm_create}. */
    int createFlags() {
        return lifetime == NameLifetime.PERSISTENT ? ShmNative.CREATE_PERSISTENT : 0;
    }

    @Override
    public String toString() {
        return "CreateOptions[permissions=" + java.nio.file.attribute.PosixFilePermissions.toString(permissions)
                + ", lifetime=" + lifetime + "]";
    }
}
