/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Finds, extracts and loads the native library for the calling class loader.
 *
 * <p>Order: the system property {@value #PATH_PROPERTY} (a file; nothing else is tried
 * when it is set), then the library shipped in the jar for this platform, extracted
 * into {@value #DIR_PROPERTY} (default: {@code shm4j-<uid>} in {@code java.io.tmpdir})
 * under a name that carries its content hash, so that versions never mix and
 * processes starting at once share one file; last, {@code System.loadLibrary("shm4j")}
 * for applications that removed the jar's copy. After loading, native and Java must
 * agree on the ABI version.
 *
 * <p>A JVM loads one library file into one class loader only. When another class
 * loader of this JVM (a second web application, a plugin, a redeployment) already
 * holds the extracted file, this loader gets its own copy of it, so that each has
 * its own natives; the copy is deleted once loaded where the OS allows it.
 *
 * <p>Nothing here throws the API's public exceptions: a failure comes back as an
 * {@link Outcome} whose cause names the remedy and keeps every attempt that failed
 * as a suppressed exception.
 */
public final class NativeLibrary {
    /** A library file to load instead of the jar's. */
    public static final String PATH_PROPERTY = "shm4j.library.path";
    /** The folder the jar's library is extracted to. */
    public static final String DIR_PROPERTY = "shm4j.library.dir";

    private static final String OTHER_LOADER = "already loaded in another classloader";
    /** How many names {@link #newFile} tries before it gives up. */
    private static final int NEW_FILE_ATTEMPTS = 100;
    /** Makes the names {@link #newFile} tries unique within this process. */
    private static final AtomicLong FILE_COUNTER = new AtomicLong();

    private NativeLibrary() {}

    /** What loading came to: the source of the library, or why there is none. */
    public static final class Outcome {
        private final @Nullable String source;
        private final @Nullable Exception failure;

        private Outcome(@Nullable String source, @Nullable Exception failure) {
            this.source = source;
            this.failure = failure;
        }

        /** Where the library came from: a file, or {@code java.library.path}; "" when it failed. */
        public String source() {
            return source == null ? "" : source;
        }

        /** Why the library is not available: a message with the remedy, attempts suppressed. */
        public Optional<Exception> failure() {
            return Optional.ofNullable(failure);
        }
    }

    /**
     * Loads the library into the calling class loader and checks that
     * {@code loadedAbi} (a native of the library) answers {@code expectedAbi}. Call once
     * per class loader and keep the outcome.
     */
    public static Outcome load(IntSupplier loadedAbi, int expectedAbi) {
        String explicit = System.getProperty(PATH_PROPERTY);
        if (explicit != null && !explicit.isEmpty()) {
            Path file = Paths.get(explicit).toAbsolutePath();
            try {
                System.load(file.toString());
            } catch (UnsatisfiedLinkError | SecurityException e) {
                return failed(new IOException("cannot load the shm4j native library " + file + " named by -D"
                        + PATH_PROPERTY + ": " + e.getMessage(), e));
            }
            return checked(file.toString(), loadedAbi, expectedAbi);
        }
        Optional<Platform> platform = Platform.current();
        String osName = System.getProperty("os.name", "?");
        String osArch = System.getProperty("os.arch", "?");
        IOException failure = new IOException(platform.isPresent()
                ? "cannot load the shm4j native library for " + platform.get().id()
                        + "; set -D" + PATH_PROPERTY + "=FILE to load one you built, or -D"
                        + DIR_PROPERTY + "=DIR to extract it to an executable folder"
                : "shm4j has no native library for " + osName + "/" + osArch + " (it ships "
                        + String.join(", ", Platform.supportedIds()) + "); build one from"
                        + " native/ and set -D" + PATH_PROPERTY + "=FILE");
        if (platform.isPresent()) {
            try {
                Path file = extract(platform.get());
                return checked(loadOwnCopy(file, platform.get()), loadedAbi, expectedAbi);
            } catch (RuntimeException | IOException | UnsatisfiedLinkError e) {
                failure.addSuppressed(e);
            }
        }
        try {
            System.loadLibrary("shm4j");
            return checked("java.library.path", loadedAbi, expectedAbi);
        } catch (UnsatisfiedLinkError | SecurityException e) {
            failure.addSuppressed(e);
        }
        return failed(failure);
    }

    private static Outcome failed(Exception failure) {
        return new Outcome(null, failure);
    }

    /** Checks that the library just loaded speaks this Java code's ABI. */
    private static Outcome checked(String source, IntSupplier loadedAbi, int expectedAbi) {
        int abi;
        try {
            abi = loadedAbi.getAsInt();
        } catch (UnsatisfiedLinkError e) {
            return failed(new IOException("the shm4j native library " + source + " does not register the"
                    + " natives of this shm4j jar; use the library that came with the jar", e));
        }
        if (abi != expectedAbi) {
            return failed(new IOException("the shm4j native library " + source + " has ABI version " + abi
                    + " but this shm4j jar needs " + expectedAbi + "; use the library that came with the jar"));
        }
        return new Outcome(source, null);
    }

    /**
     * Loads {@code file}, or a private copy of it when another class loader of this
     * JVM holds {@code file} already. Returns what was loaded.
     */
    private static String loadOwnCopy(Path file, Platform platform) throws IOException {
        try {
            System.load(file.toString());
            return file.toString();
        } catch (UnsatisfiedLinkError e) {
            if (e.getMessage() == null || !e.getMessage().contains(OTHER_LOADER)) {
                throw e;
            }
        }
        Path copy = newFile(file.getParent(), platform.fileName("loader"));
        try {
            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            System.load(copy.toString());
            return copy.toString();
        } finally {
            if (!Platform.isWindows()) {
                Files.deleteIfExists(copy); // mapped already: the file is no longer needed
            }
        }
    }

    /**
     * Creates a new, empty file in {@code dir} (POSIX: {@code rw-------}) under a name
     * of this process's own: {@code prefix}, the pid, the clock and a counter. It is
     * created exclusively, so a name someone else holds, or a link planted under it, is
     * passed over for the next one.
     *
     * <p>Not {@link Files#createTempFile}: its random names seed {@code SecureRandom},
     * which on Windows first lists the network adapters and throws an {@code Error}
     * where that service fails (seen under Wine). Loading shm4j must not depend on the
     * network stack.
     */
    static Path newFile(Path dir, String prefix) throws IOException {
        FileAttribute<?>[] attributes = isPosix()
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        String stem = prefix + "." + ProcessHandle.current().pid() + "." + Long.toHexString(System.nanoTime()) + ".";
        FileAlreadyExistsException taken = null;
        for (int attempt = 0; attempt < NEW_FILE_ATTEMPTS; attempt++) {
            try {
                return Files.createFile(dir.resolve(stem + FILE_COUNTER.incrementAndGet() + ".tmp"), attributes);
            } catch (FileAlreadyExistsException e) {
                taken = e;
            }
        }
        throw new IOException("cannot create a new file in " + dir + ": " + NEW_FILE_ATTEMPTS
                + " names were taken", taken);
    }

    /** Copies the jar's library to its content-addressed file, unless that is already there. */
    static Path extract(Platform platform) throws IOException {
        URL resource = NativeLibrary.class.getResource(platform.resourcePath());
        if (resource == null) {
            throw new IOException("this shm4j jar holds no " + platform.resourcePath());
        }
        byte[] bytes;
        try (InputStream in = resource.openStream()) {
            bytes = in.readAllBytes();
        }
        String hash = HexFormat.of().formatHex(sha256(bytes), 0, 16);
        Path dir = extractionDirectory();
        Path target = dir.resolve(platform.fileName(hash));
        if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), bytes)) {
            return target; // extracted earlier, by this or another process
        }
        // Write a private temporary file, then move it into place in one step: a
        // process that starts at the same moment sees either nothing or all of it.
        Path temp = newFile(dir, platform.fileName(hash));
        try {
            Files.write(temp, bytes);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (FileAlreadyExistsException | AccessDeniedException e) {
                // Windows: another process holds the file loaded; it has the same content.
                if (!Arrays.equals(Files.readAllBytes(target), bytes)) {
                    throw e;
                }
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }

    /**
     * The extraction folder. The default folder lies in the shared temporary
     * directory, so it is created private (POSIX {@code rwx------}; on Windows an ACL
     * that grants only its owner) and must belong to this user and be writable by
     * nobody else: otherwise another user could swap the library between its check
     * and its loading. Its name carries the numeric uid on POSIX, which every process
     * has, even one whose uid has no passwd entry ({@code docker run -u 12345}).
     */
    private static Path extractionDirectory() throws IOException {
        String configured = System.getProperty(DIR_PROPERTY);
        if (configured != null && !configured.isEmpty()) {
            Path dir = Paths.get(configured);
            Files.createDirectories(dir);
            return dir;
        }
        boolean posix = isPosix();
        String me = posix ? String.valueOf(currentUid()) : sanitized(System.getProperty("user.name", "user"));
        Path dir = Paths.get(System.getProperty("java.io.tmpdir"), "shm4j-" + me);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            try {
                if (posix) {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectory(dir);
                    restrictToOwner(dir);
                }
            } catch (FileAlreadyExistsException e) {
                // created by a concurrent process: checked below like any existing folder
            }
        }
        checkPrivate(dir);
        return dir;
    }

    private static String sanitized(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static boolean isPosix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /**
     * This process's effective uid: the owner of {@code /proc/<pid>} on Linux, else
     * of a file it creates. Never looked up by name.
     */
    static int currentUid() throws IOException {
        Path self = Paths.get("/proc/self");
        if (Files.isDirectory(self)) {
            // Followed: the link /proc/self itself belongs to root, /proc/<pid> to us.
            return (Integer) Files.getAttribute(self, "unix:uid");
        }
        Path probe = newFile(Paths.get(System.getProperty("java.io.tmpdir")), "shm4j-uid");
        try {
            return (Integer) Files.getAttribute(probe, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /** The user a new file belongs to: this process's owner, asked of the file system. */
    private static UserPrincipal currentOwner(Path dir) throws IOException {
        Path probe = newFile(dir.getParent() == null ? dir : dir.getParent(), "shm4j-owner");
        try {
            return Files.getOwner(probe);
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /** Windows: replaces the folder's inherited ACL with one entry that grants its owner everything. */
    private static void restrictToOwner(Path dir) throws IOException {
        AclFileAttributeView acl = Files.getFileAttributeView(dir, AclFileAttributeView.class);
        if (acl == null) {
            return;
        }
        AclEntry ownerOnly = AclEntry.newBuilder()
                .setType(AclEntryType.ALLOW)
                .setPrincipal(acl.getOwner())
                .setPermissions(EnumSet.allOf(AclEntryPermission.class))
                .build();
        acl.setAcl(List.of(ownerOnly));
    }

    /** Refuses a folder that is a link, is not this user's, or that others may write to. */
    static void checkPrivate(Path dir) throws IOException {
        if (isPosix()) {
            checkPrivatePosix(dir, currentUid());
        } else {
            checkPrivateAcl(dir, currentOwner(dir));
        }
    }

    static void checkPrivatePosix(Path dir, int uid) throws IOException {
        PosixFileAttributes attributes =
                Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> permissions = attributes.permissions();
        if (!attributes.isDirectory() || owner != uid
                || permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw refused(dir, "uid " + uid, attributes.isDirectory()
                    ? "owned by uid " + owner + " (" + attributes.owner().getName() + "), "
                            + PosixFilePermissions.toString(permissions)
                    : "not a folder");
        }
    }

    /** Windows: the folder must be this user's, and no ACL entry may let anyone else write. */
    static void checkPrivateAcl(Path dir, UserPrincipal me) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw refused(dir, me.getName(), "not a folder");
        }
        UserPrincipal owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS);
        if (!owner.equals(me)) {
            throw refused(dir, me.getName(), "owned by " + owner.getName());
        }
        AclFileAttributeView acl = Files.getFileAttributeView(dir, AclFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (acl == null) {
            return;
        }
        Set<AclEntryPermission> writing = EnumSet.of(AclEntryPermission.WRITE_DATA, AclEntryPermission.APPEND_DATA,
                AclEntryPermission.DELETE_CHILD, AclEntryPermission.WRITE_ACL, AclEntryPermission.WRITE_OWNER);
        List<String> others = new ArrayList<>();
        for (AclEntry entry : acl.getAcl()) {
            if (entry.type() == AclEntryType.ALLOW && !entry.principal().equals(me)
                    && !isSystemAccount(entry.principal()) && !disjoint(entry.permissions(), writing)) {
                others.add(entry.principal().getName());
            }
        }
        if (!others.isEmpty()) {
            throw refused(dir, me.getName(), "writable by " + String.join(", ", others));
        }
    }

    /** SYSTEM and the Administrators group can write anywhere anyway. */
    private static boolean isSystemAccount(UserPrincipal p) {
        String name = p.getName();
        return name.endsWith("\\SYSTEM") || name.equals("SYSTEM") || name.endsWith("\\Administrators")
                || name.equals("Administrators");
    }

    private static boolean disjoint(Set<AclEntryPermission> a, Set<AclEntryPermission> b) {
        for (AclEntryPermission p : a) {
            if (b.contains(p)) {
                return false;
            }
        }
        return true;
    }

    private static IOException refused(Path dir, String me, String what) {
        return new IOException("will not extract the native library into " + dir + ": it must be a folder of "
                + me + " that nobody else can write to (it is " + what + "); remove it or set -D" + DIR_PROPERTY);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException("SHA-256 is missing from this JVM", e));
        }
    }
}
