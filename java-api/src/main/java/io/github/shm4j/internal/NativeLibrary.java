/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.internal;

import io.github.shm4j.NativeLibraryException;
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
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * Finds, extracts and loads the native library, once per class loader.
 *
 * <p>Order: the system property {@value #PATH_PROPERTY} (a file; nothing else is tried
 * when it is set), then the library shipped in the jar for this platform, extracted
 * into {@value #DIR_PROPERTY} (default: {@code shm4j-<user>} in {@code java.io.tmpdir})
 * under a name that carries its content hash, so that versions never mix and
 * processes starting at once share one file; last, {@code System.loadLibrary("shm4j")}
 * for applications that removed the jar's copy. After loading, native and Java must
 * agree on {@link ShmNative#ABI_VERSION}. Every failure is kept (as suppressed
 * exceptions) in one {@link NativeLibraryException} that names the remedy.
 */
public final class NativeLibrary {
    /** A library file to load instead of the jar's. */
    public static final String PATH_PROPERTY = "shm4j.library.path";
    /** The folder the jar's library is extracted to. */
    public static final String DIR_PROPERTY = "shm4j.library.dir";

    private static final class Holder {
        static final Result RESULT = load();
    }

    private static final class Result {
        final String source;
        final NativeLibraryException failure;

        Result(String source, NativeLibraryException failure) {
            this.source = source;
            this.failure = failure;
        }
    }

    private NativeLibrary() {}

    /** Loads the library if that has not happened yet; throws the same error each time it failed. */
    public static void ensureLoaded() {
        NativeLibraryException failure = Holder.RESULT.failure;
        if (failure != null) {
            throw failure;
        }
    }

    /** Whether the library is loaded (loading it if needed). */
    public static boolean isAvailable() {
        return Holder.RESULT.failure == null;
    }

    /** Why the library is not available, if it is not. */
    public static Optional<NativeLibraryException> unavailabilityCause() {
        return Optional.ofNullable(Holder.RESULT.failure);
    }

    /** Where the loaded library came from: a file, or {@code java.library.path}. */
    public static String source() {
        ensureLoaded();
        return Holder.RESULT.source;
    }

    private static Result load() {
        String explicit = System.getProperty(PATH_PROPERTY);
        if (explicit != null && !explicit.isEmpty()) {
            Path file = Paths.get(explicit).toAbsolutePath();
            try {
                System.load(file.toString());
                return checked(file.toString());
            } catch (NativeLibraryException e) {
                return new Result(null, e);
            } catch (UnsatisfiedLinkError | SecurityException e) {
                return failed("cannot load the shm4j native library " + file + " named by -D"
                        + PATH_PROPERTY + ": " + e.getMessage(), e);
            }
        }
        String osName = System.getProperty("os.name", "?");
        String osArch = System.getProperty("os.arch", "?");
        Optional<Platform> platform = Platform.of(osName, osArch, Platform.Libc.ofThisProcess());
        NativeLibraryException failure = new NativeLibraryException(platform.isPresent()
                ? "cannot load the shm4j native library for " + platform.get().id()
                        + "; set -D" + PATH_PROPERTY + "=FILE to load one you built, or -D"
                        + DIR_PROPERTY + "=DIR to extract it to an executable folder"
                : "shm4j has no native library for " + osName + "/" + osArch + " (it ships "
                        + String.join(", ", Platform.supportedIds()) + "); build one from"
                        + " native/ and set -D" + PATH_PROPERTY + "=FILE", null);
        if (platform.isPresent()) {
            try {
                Path file = extract(platform.get());
                System.load(file.toString());
                return checked(file.toString());
            } catch (NativeLibraryException e) {
                return new Result(null, e); // loaded, but the wrong version
            } catch (RuntimeException | IOException | UnsatisfiedLinkError e) {
                failure.addSuppressed(e);
            }
        }
        try {
            System.loadLibrary("shm4j");
            return checked("java.library.path");
        } catch (NativeLibraryException e) {
            return new Result(null, e);
        } catch (UnsatisfiedLinkError | SecurityException e) {
            failure.addSuppressed(e);
        }
        return new Result(null, failure);
    }

    private static Result failed(String message, Throwable cause) {
        return new Result(null, new NativeLibraryException(message, cause));
    }

    /** Checks that the library just loaded speaks this Java code's ABI. */
    private static Result checked(String source) {
        int abi = ShmNative.abiVersion();
        if (abi != ShmNative.ABI_VERSION) {
            throw new NativeLibraryException("the shm4j native library " + source + " has ABI version "
                    + abi + " but this shm4j jar needs " + ShmNative.ABI_VERSION
                    + "; use the library that came with the jar", null);
        }
        return new Result(source, null);
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
        Path temp = Files.createTempFile(dir, platform.fileName(hash), ".tmp");
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
     * The extraction folder, created owner-only where the file system has POSIX
     * permissions. The default folder lies in the shared temporary directory, so it
     * must also belong to this user and be writable by nobody else: otherwise another
     * user could swap the library between its check and its loading.
     */
    private static Path extractionDirectory() throws IOException {
        String configured = System.getProperty(DIR_PROPERTY);
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path dir = configured != null && !configured.isEmpty()
                ? Paths.get(configured)
                : Paths.get(System.getProperty("java.io.tmpdir"),
                        "shm4j-" + System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_"));
        if (!Files.isDirectory(dir)) {
            try {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            } catch (FileAlreadyExistsException e) {
                // created by a concurrent process: fine if it is a folder
                if (!Files.isDirectory(dir)) {
                    throw e;
                }
            }
        }
        if (posix && (configured == null || configured.isEmpty())) {
            checkPrivate(dir);
        }
        return dir;
    }

    /** Refuses a folder that is a link, is not this user's, or that others may write to. */
    static void checkPrivate(Path dir) throws IOException {
        PosixFileAttributes attributes =
                Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        UserPrincipal me = dir.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        Set<PosixFilePermission> permissions = attributes.permissions();
        if (!attributes.isDirectory() || !attributes.owner().equals(me)
                || permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException("will not extract the native library into " + dir + ": it must be a folder of "
                    + me.getName() + " that nobody else can write to (it is " + (attributes.isDirectory()
                            ? "owned by " + attributes.owner().getName() + ", "
                                    + PosixFilePermissions.toString(permissions)
                            : "not a folder") + "); remove it or set -D" + DIR_PROPERTY);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException("SHA-256 is missing from this JVM", e));
        }
    }
}
