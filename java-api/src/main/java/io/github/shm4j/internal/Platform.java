/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The platforms shm4j ships a native library for, and the one this JVM runs on.
 * The {@link #id()} names the jar folder {@code io/github/shm4j/native/<id>/}.
 * On Linux the C library matters as much as the architecture: a JVM on musl (Alpine)
 * gets the {@code -musl} library, found by {@link Libc#ofThisProcess()}.
 */
public enum Platform {
    LINUX_X86_64("linux-x86_64", "libshm4j", ".so"),
    LINUX_AARCH64("linux-aarch64", "libshm4j", ".so"),
    LINUX_X86_64_MUSL("linux-x86_64-musl", "libshm4j", ".so"),
    LINUX_AARCH64_MUSL("linux-aarch64-musl", "libshm4j", ".so"),
    WINDOWS_X86_64("windows-x86_64", "shm4j", ".dll");

    /** The C library a Linux process runs on; elsewhere {@link #OTHER}. */
    public enum Libc {
        GLIBC,
        MUSL,
        /** Not Linux, or no C library recognized (a static program, /proc unreadable). */
        OTHER;

        private static final Path MAPS = Path.of("/proc/self/maps");

        /**
         * The C library of this process, from the files it has mapped (/proc/self/maps):
         * musl's loader is its libc, so a JVM on musl maps {@code ld-musl-<arch>.so.1}
         * (Alpine) or a {@code libc.so} in a musl folder (Debian's musl), and a JVM on
         * glibc maps {@code libc.so.6}. Asks what the JVM really uses, not which files
         * the machine holds: a glibc system can have musl installed, and an Alpine
         * system can run a glibc JVM through gcompat (then musl is still the libc).
         */
        public static Libc ofThisProcess() {
            if (!Files.isReadable(MAPS)) {
                return OTHER;
            }
            try (Stream<String> lines = Files.lines(MAPS)) {
                return fromMaps(lines.collect(Collectors.toList()));
            } catch (IOException | RuntimeException e) {
                return OTHER;
            }
        }

        /** The C library that these lines of a /proc/PID/maps file show; musl wins if both appear. */
        static Libc fromMaps(List<String> lines) {
            Libc found = OTHER;
            for (String line : lines) {
                String[] fields = line.trim().split("\\s+", 6);
                if (fields.length < 6 || !fields[0].matches("[0-9a-f]+-[0-9a-f]+") || !fields[5].startsWith("/")) {
                    continue; // anonymous memory, [heap], [stack], not a maps line
                }
                String file = fields[5].endsWith(" (deleted)") // replaced on disk since it was mapped
                        ? fields[5].substring(0, fields[5].length() - " (deleted)".length())
                        : fields[5];
                String name = file.substring(file.lastIndexOf('/') + 1);
                String folder = file.substring(0, file.lastIndexOf('/'));
                if (name.startsWith("ld-musl-") || name.startsWith("libc.musl-")
                        || (name.equals("libc.so") && folder.contains("musl"))) {
                    return MUSL;
                }
                if (name.equals("libc.so.6") || name.matches("libc-2\\.[0-9]+\\.so")) {
                    found = GLIBC;
                }
            }
            return found;
        }
    }

    private final String id;
    private final String baseName;
    private final String extension;

    Platform(String id, String baseName, String extension) {
        this.id = id;
        this.baseName = baseName;
        this.extension = extension;
    }

    /** "linux-x86_64", "linux-aarch64-musl", "windows-x86_64", ... */
    public String id() {
        return id;
    }

    /** The library's resource path inside the jar. */
    public String resourcePath() {
        return "/io/github/shm4j/native/" + id + "/" + baseName + extension;
    }

    /** The library's file name with {@code tag} (e.g. a content hash) before the extension. */
    public String fileName(String tag) {
        return baseName + "-" + tag + extension;
    }

    /** Every supported platform's id, for messages. */
    public static List<String> supportedIds() {
        return Arrays.stream(values()).map(Platform::id).collect(Collectors.toList());
    }

    /** The platform of {@code os.name}/{@code os.arch} with glibc on Linux, if shm4j supports it. */
    public static Optional<Platform> of(String osName, String osArch) {
        return of(osName, osArch, Libc.GLIBC);
    }

    /**
     * The platform of {@code os.name}/{@code os.arch} and the C library (see
     * {@link Libc#ofThisProcess()}), if shm4j supports it. Only Linux tells glibc and
     * musl apart; {@link Libc#OTHER} on Linux means glibc, the usual one.
     */
    public static Optional<Platform> of(String osName, String osArch, Libc libc) {
        String os = normalizeOs(osName);
        String id = os + "-" + normalizeArch(osArch) + (os.equals("linux") && libc == Libc.MUSL ? "-musl" : "");
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }

    /** The platform this JVM runs on ({@code os.name}, {@code os.arch}, its C library), if supported. */
    public static Optional<Platform> current() {
        return of(System.getProperty("os.name", "?"), System.getProperty("os.arch", "?"), Libc.ofThisProcess());
    }

    /** Whether this JVM runs on Windows; asked on every create and open, so read once. */
    public static boolean isWindows() {
        return Windows.THIS_JVM;
    }

    /** Holds the answer for this JVM (initialized on first use, when os.name is final). */
    private static final class Windows {
        static final boolean THIS_JVM = isWindows(System.getProperty("os.name", ""));
    }

    /** Whether {@code osName} (the {@code os.name} property) names Windows. */
    public static boolean isWindows(String osName) {
        return normalizeOs(osName).equals("windows");
    }

    /** "linux", "windows", "macos", or the lower-cased name without spaces. */
    static String normalizeOs(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("linux")) {
            return "linux";
        }
        if (os.startsWith("windows")) {
            return "windows";
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return "macos";
        }
        return os.replaceAll("[^a-z0-9]+", "");
    }

    /** "x86_64", "x86_32", "aarch64", "arm32", or the lower-cased name. */
    static String normalizeArch(String osArch) {
        String arch = osArch.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "");
        switch (arch) {
            case "amd64":
            case "x8664":
            case "x86_64":
            case "x64":
            case "em64t":
                return "x86_64";
            case "x86":
            case "i386":
            case "i486":
            case "i586":
            case "i686":
            case "ia32":
                return "x86_32";
            case "aarch64":
            case "arm64":
                return "aarch64";
            case "arm":
            case "arm32":
                return "arm32";
            default:
                return arch;
        }
    }
}
